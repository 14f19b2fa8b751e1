package io.latentpatch.contracts;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceSetManifestTest {

    private static final Instant T = Instant.parse("2026-11-23T16:00:00Z");
    private static final List<byte[]> IMAGES = List.of(new byte[] {1, 2}, new byte[] {3}, new byte[] {4});

    @Test
    void contentHashDependsOnBytesAndOrderNotOnConcatenationBoundaries() {
        String h = SourceSetManifest.contentHashOf(IMAGES);
        assertThat(h).matches("sha256:[0-9a-f]{64}");
        assertThat(SourceSetManifest.contentHashOf(List.of(new byte[] {1, 2}, new byte[] {3}, new byte[] {4}))).isEqualTo(h);
        assertThat(SourceSetManifest.contentHashOf(List.of(new byte[] {1}, new byte[] {2, 3}, new byte[] {4}))).isNotEqualTo(h);
        assertThat(SourceSetManifest.contentHashOf(List.of(new byte[] {3}, new byte[] {1, 2}, new byte[] {4}))).isNotEqualTo(h);
    }

    @Test
    void selectAppliesTheAttributeFilterToEachImagesLabels() {
        SourceSetManifest m = SourceSetManifest.of("set", 4, 4, List.of("a", "b", "c"),
                List.of(List.of("woman", "blond"), List.of(), List.of("man", "glasses")), IMAGES, T);

        assertThat(m.imageCount()).isEqualTo(3);
        assertThat(m.select(AttributeFilter.parse("woman"))).containsExactly(0);
        assertThat(m.select(AttributeFilter.parse("!glasses"))).containsExactly(0, 1);
        assertThat(m.labelsOf(1)).isEmpty();
    }

    @Test
    void unlabelledSetMatchesOnlyNegations() {
        SourceSetManifest m = SourceSetManifest.of("set", 4, 4, List.of("a", "b", "c"), null, IMAGES, T);

        assertThat(m.select(AttributeFilter.parse("woman"))).isEmpty();
        assertThat(m.select(AttributeFilter.parse("!woman"))).containsExactly(0, 1, 2);
    }

    @Test
    void sizesAndLabelsMustAgreeWithTheImageCount() {
        assertThatThrownBy(() -> SourceSetManifest.of("set", 4, 4, List.of("a"), null, IMAGES, T))
                .hasMessageContaining("fileNames has 1 entries for imageCount 3");
        assertThatThrownBy(() -> SourceSetManifest.of("set", 4, 4, List.of("a", "b", "c"), List.of(List.of()), IMAGES, T))
                .hasMessageContaining("labels has 1 entries for imageCount 3");
        assertThatThrownBy(() -> SourceSetManifest.of("set", 4, 4, List.of("a", "b", "c"),
                List.of(List.of("Woman"), List.of(), List.of()), IMAGES, T))
                .hasMessageContaining("labels[0]: 'Woman' is not a label");
        assertThatThrownBy(() -> new SourceSetManifest(1, "set", 1, 4, 4, List.of("a"), null, "md5:00", T))
                .hasMessageContaining("contentHash must look like sha256:");
    }
}
