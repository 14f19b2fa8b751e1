package io.latentpatch.gateway.sourceset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.contracts.SourceSetManifest.AlignRequest;
import io.latentpatch.gateway.problem.ApiProblem;
import org.junit.jupiter.api.Test;

class AlignPartsTest {
    @Test
    void alignDefaultsToOffAndFailuresToFail() {
        assertThat(AlignParts.request(null, null)).isNull();
        assertThat(AlignParts.request("false", null)).isNull();
        assertThat(AlignParts.request("true", null)).isEqualTo(new AlignRequest("fail"));
        assertThat(AlignParts.request(" TRUE ", "Skip")).isEqualTo(new AlignRequest("skip"));
    }

    @Test
    void badValuesNameTheirPart() {
        assertThatThrownBy(() -> AlignParts.request("yes", null)).isInstanceOf(ApiProblem.class)
                .satisfies(e -> assertThat(((ApiProblem) e).errors().get(0).pointer()).isEqualTo("align"));
        assertThatThrownBy(() -> AlignParts.request("true", "ignore"))
                .satisfies(e -> assertThat(((ApiProblem) e).errors().get(0).pointer()).isEqualTo("alignFailures"));
        assertThatThrownBy(() -> AlignParts.request(null, "skip")).hasMessageContaining("needs align=true");
    }
}
