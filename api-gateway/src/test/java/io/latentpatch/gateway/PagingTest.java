package io.latentpatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.gateway.problem.ApiProblem;
import io.latentpatch.gateway.problem.Problem.FieldError;
import io.latentpatch.storage.ObjectInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /** Items whose store time has whole seconds (as S3 reports it) but whose own creation time does not. */
    @Test
    void itemsStoredWithinOneSecondAreOrderedByTheirOwnCreationTimeAcrossPageBoundaries() {
        Instant second = Instant.parse("2026-12-01T10:00:00Z");
        Map<String, Instant> created = Map.of("a", second.plusMillis(100), "b", second.plusMillis(900), "c", second.plusMillis(500),
                "old", second.minusSeconds(5), "new", second.plusSeconds(3));
        List<ObjectInfo> objects = new ArrayList<>();
        created.forEach((key, at) -> objects.add(new ObjectInfo(key, 1, Instant.ofEpochSecond(at.getEpochSecond()), "e", "x")));
        List<String> all = Paging.recentFirst(objects, 0, 10, o -> Optional.of(o.key()), created::get);
        assertThat(all).containsExactly("new", "b", "c", "a", "old");
        assertThat(Paging.recentFirst(objects, 1, 2, o -> Optional.of(o.key()), created::get)).containsExactly("b", "c");
        assertThat(Paging.recentFirst(objects, 3, 2, o -> Optional.of(o.key()), created::get)).containsExactly("a", "old");
        assertThat(Paging.recentFirst(objects, 9, 2, o -> Optional.of(o.key()), created::get)).isEmpty();
    }
}
