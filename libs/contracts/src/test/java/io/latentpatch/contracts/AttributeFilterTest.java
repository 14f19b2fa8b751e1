package io.latentpatch.contracts;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttributeFilterTest {

    @Test
    void clausesAreAndedAlternativesOredAndBangNegates() {
        AttributeFilter f = AttributeFilter.parse(" Woman , blond | brown & !glasses ");

        assertThat(f.matches(Set.of("woman", "blond"))).isTrue();
        assertThat(f.matches(Set.of("woman", "brown", "smiling"))).isTrue();
        assertThat(f.matches(Set.of("woman", "blond", "glasses"))).isFalse();
        assertThat(f.matches(Set.of("woman", "black"))).isFalse();
        assertThat(f.matches(Set.of("man", "blond"))).isFalse();
        assertThat(f.matches(Set.of("WOMAN", "Blond"))).isTrue();
        assertThat(f).hasToString("woman,blond|brown,!glasses");
    }

    @Test
    void selectReturnsMatchingIndicesInOrder() {
        AttributeFilter f = AttributeFilter.parse("!glasses");
        List<Set<String>> labels = List.of(Set.of("glasses"), Set.of(), Set.of("woman"), Set.of("glasses", "man"));

        assertThat(f.select(labels)).containsExactly(1, 2);
    }

    @Test
    void malformedFiltersNameTheOffendingPart() {
        assertThatThrownBy(() -> AttributeFilter.parse("")).hasMessageContaining("empty attribute filter");
        assertThatThrownBy(() -> AttributeFilter.parse("woman|")).hasMessageContaining("'' in 'woman|'");
        assertThatThrownBy(() -> AttributeFilter.parse("red hair")).hasMessageContaining("'red hair'");
        assertThatThrownBy(() -> AttributeFilter.parse("!!x")).hasMessageContaining("'!!x'");
    }
}
