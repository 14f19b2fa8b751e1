package io.latentpatch.core.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The labels table: the one rule that matches a source to an entry, and the checks every labels source shares. */
class SourceLabelsTest {

    private static SourceLabels table(String... keys) {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) m.put(keys[i], Map.of("smile", Integer.toString(i)));
        return SourceLabels.of(m);
    }

    @Test
    void sourcesAreMatchedByNameBaseNameStemThenIndex() {
        SourceLabels l = table("face_1.png", "face_2", "7", "x.png", "y");
        assertThat(l.keyFor("face_1.png", 0)).contains("face_1.png");
        assertThat(l.keyFor("sources/set/images/face_1.png", 0)).contains("face_1.png");
        assertThat(l.keyFor("C:\\data\\face_1.png", 0)).contains("face_1.png");
        assertThat(l.keyFor("face_2.jpg", 0)).contains("face_2");
        assertThat(l.keyFor("y.jpeg", 1)).contains("y");
        assertThat(l.keyFor("sources/set/images/7.png", 99)).contains("7");
        assertThat(l.keyFor("other.png", 7)).contains("7");
        assertThat(l.keyFor("other.png", 6)).isEmpty();
        assertThat(l.keyFor("other.png", -1)).isEmpty();
        assertThat(l.keyFor(".png", 7)).contains("7"); // a leading dot is not an extension
        assertThat(l.find("sources/set/images/face_1.png", 0).orElseThrow()).containsEntry("smile", "0");
        assertThat(l.find("face_2.jpg", 0).orElseThrow()).containsEntry("smile", "1");
        assertThat(l.find("other.png", 6)).isEmpty();
    }

    @Test
    void theFullNameWinsOverTheStemAndTheStemOverTheIndex() {
        SourceLabels l = table("a.png", "a", "0");
        assertThat(l.keyFor("a.png", 0)).contains("a.png");
        assertThat(l.keyFor("a.jpg", 0)).contains("a");
        assertThat(l.keyFor("b.jpg", 0)).contains("0");
    }

    @Test
    void attributeNamesIgnoreCaseAndKeepTheFirstSpelling() {
        SourceLabels.Builder b = SourceLabels.builder();
        b.entry("a.png", "here").put("Blond", " true ").put("hat", " ");
        b.entry("b.png", "there").put("BLOND", "no").put("glasses", null);
        SourceLabels l = b.build();
        assertThat(l.keys()).containsExactly("a.png", "b.png");
        assertThat(l.attributes()).containsExactly("Blond", "glasses", "hat");
        assertThat(l.hasAttribute("blond")).isTrue();
        assertThat(l.find("a.png", 0).orElseThrow()).containsExactly(Map.entry("Blond", "true"));
        assertThat(l.find("b.png", 1).orElseThrow()).containsExactly(Map.entry("Blond", "no"));
    }

    @Test
    void builderRefusesRepeatedKeysAndAttributes() {
        SourceLabels.Builder b = SourceLabels.builder();
        b.entry("a.png", "line 2").put("x", "1");
        assertThatThrownBy(() -> b.entry("a.png", "line 3")).hasMessage("line 3: labels for 'a.png' are given twice");
        assertThatThrownBy(() -> b.entry(" ", "line 4")).hasMessage("line 4: empty file name");
        SourceLabels.Builder.Entry e = b.entry("b.png", "line 5").put("x", "1");
        assertThatThrownBy(() -> e.put("X", "2")).hasMessageContaining("labels of 'b.png' give attribute 'X' twice");
        assertThatThrownBy(() -> e.put(" ", "2")).hasMessageContaining("labels of 'b.png' have an attribute with an empty name");
    }

    @Test
    void buildsFromAMap() {
        SourceLabels l = SourceLabels.of(Map.of("a.png", Map.of("blond", "true")));
        assertThat(l.size()).isEqualTo(1);
        assertThat(l.find("a.png", 0).orElseThrow()).containsEntry("blond", "true");
    }
}
