package io.latentpatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.gateway.problem.ApiProblem;
import io.latentpatch.gateway.problem.Problem.FieldError;
import org.junit.jupiter.api.Test;

class PagingTest {

    @Test
    void absentValuesGiveTheFirstPageOfTheDefaultSize() {
        assertThat(Paging.of(null, null)).isEqualTo(new Paging(0, Paging.DEFAULT_LIMIT));
        assertThat(Paging.of("40", "100")).isEqualTo(new Paging(40, 100));
    }

    @Test
    void theNextLinkStopsAtTheLastPage() {
        assertThat(new Paging(0, 20).next("/v1/jobs", 45)).isEqualTo("/v1/jobs?offset=20&limit=20");
        assertThat(new Paging(40, 20).next("/v1/jobs", 45)).isNull();
        assertThat(new Paging(20, 20).next("/v1/jobs", 40)).isNull();
    }

    @Test
    void badValuesAreOne422NamingEachParameter() {
        assertThatThrownBy(() -> Paging.of("-1", "0")).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.status()).isEqualTo(422);
            assertThat(p.errors()).extracting(FieldError::pointer).containsExactly("offset", "limit");
        });
        assertThatThrownBy(() -> Paging.of("x", "101")).isInstanceOf(ApiProblem.class).hasMessageContaining("1..100");
    }
}
