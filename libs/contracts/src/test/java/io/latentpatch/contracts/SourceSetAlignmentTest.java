package io.latentpatch.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceSetAlignmentTest {
    private static final Instant T = Instant.parse("2026-12-02T09:30:00Z");
    private static final List<Double> IDENTITY = List.of(1.0, 0.0, 0.0, 0.0, 1.0, 0.0);

    private static SourceSetManifest uploaded() {
        return SourceSetManifest.of("set", List.of(new ImageSize(4, 4), new ImageSize(5, 5), new ImageSize(6, 6)),
                List.of("a.png", "b.png", "c.png"), List.of(Map.of("x", "1"), Map.of("x", "2"), Map.of("x", "3")),
                List.of(new byte[] {1}, new byte[] {2}, new byte[] {3}), T).withAlign(new SourceSetManifest.AlignRequest("skip"));
    }

    private static SourceSetAlignment.AlignedImage aligned(int index, String name) {
        return new SourceSetAlignment.AlignedImage(index, name, IDENTITY, 1, 0, List.of(1.0, 2.0), List.of(3.0, 2.0),
                List.of(0.0, 0.0, 4.0, 4.0));
    }

    @Test
    void restrictingKeepsTheAlignedImagesSizesNamesAndLabelsInOrder() {
        SourceSetAlignment a = SourceSetAlignment.of("set", 256, List.of(aligned(0, "a.png"), aligned(2, "c.png")),
                List.of(new SourceSetAlignment.SkippedImage(1, "b.png", "NO_FACE", "b.png: cannot align the face: no face found")));

        SourceSetManifest seen = a.restrict(uploaded());

        assertThat(seen.imageCount()).isEqualTo(2);
        assertThat(seen.fileNames()).containsExactly("a.png", "c.png");
        assertThat(seen.sizes()).containsExactly(new ImageSize(4, 4), new ImageSize(6, 6));
        assertThat(seen.labels()).containsExactly(Map.of("x", "1"), Map.of("x", "3"));
        assertThat(seen.contentHash()).isEqualTo(uploaded().contentHash());
        assertThat(seen.align().skipFailures()).isTrue();
        assertThat(a.sourceIndices()).containsExactly(0, 2);
    }

    @Test
    void anAlignmentThatDoesNotAccountForEveryUploadedImageOrIsOutOfOrderIsRefused() {
        SourceSetAlignment missing = SourceSetAlignment.of("set", 256, List.of(aligned(0, "a.png")), List.of());
        assertThatThrownBy(() -> missing.restrict(uploaded())).hasMessageContaining("lists 1 aligned and 0 skipped images, the set has 3");
        assertThatThrownBy(() -> SourceSetAlignment.of("set", 256, List.of(aligned(2, "c.png"), aligned(0, "a.png")), List.of()))
                .hasMessageContaining("upload order");
        assertThatThrownBy(() -> SourceSetAlignment.of("other", 256, List.of(aligned(0, "a"), aligned(1, "b"), aligned(2, "c")),
                List.of()).restrict(uploaded())).hasMessageContaining("does not belong to set set");
        assertThatThrownBy(() -> new SourceSetAlignment.AlignedImage(0, "a", List.of(1.0), 1, 0, List.of(1.0, 2.0),
                List.of(3.0, 2.0), List.of(0.0, 0.0, 4.0, 4.0))).hasMessageContaining("sourceToAligned must hold 6 numbers");
        assertThatThrownBy(() -> new SourceSetManifest.AlignRequest("maybe")).hasMessageContaining("'fail' or 'skip'");
    }

    @Test
    void theAlignedObjectsSitUnderTheSetsPrefix() {
        assertThat(ObjectKeys.sourceAlignedImage("acme", "set", 3)).isEqualTo("tenants/acme/sources/set/aligned/3.png");
        assertThat(ObjectKeys.sourceAlignment("acme", "set")).isEqualTo("tenants/acme/sources/set/aligned/alignment.json");
        assertThat(ObjectKeys.sourceAlignedPrefix("acme", "set")).startsWith(ObjectKeys.sourcePrefix("acme", "set"));
    }
}
