package io.latentpatch.contracts;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

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
    void labelsAreAttributeMapsPerImage() {
        SourceSetManifest m = SourceSetManifest.of("set", 4, 4, List.of("a", "b", "c"),
                List.of(Map.of("blond", "true"), Map.of(), Map.of("glasses", "true")), IMAGES, T);

        assertThat(m.imageCount()).isEqualTo(3);
        assertThat(m.labelsOf(0)).containsEntry("blond", "true");
        assertThat(m.labelsOf(1)).isEmpty();
        assertThat(SourceSetManifest.of("set", 4, 4, List.of("a", "b", "c"), null, IMAGES, T).labelsOf(2)).isEmpty();
    }

    @Test
    void sizesAndLabelsMustAgreeWithTheImageCount() {
        assertThatThrownBy(() -> SourceSetManifest.of("set", 4, 4, List.of("a"), null, IMAGES, T))
                .hasMessageContaining("fileNames has 1 entries for imageCount 3");
        assertThatThrownBy(() -> SourceSetManifest.of("set", 4, 4, List.of("a", "b", "c"), List.of(Map.of()), IMAGES, T))
                .hasMessageContaining("labels has 1 entries for imageCount 3");
        assertThatThrownBy(() -> SourceSetManifest.of("set", 4, 4, List.of("a", "b", "c"),
                List.of(Map.of("blond hair", "true"), Map.of(), Map.of()), IMAGES, T))
                .hasMessageContaining("labels[0]: 'blond hair' is not an attribute name");
        assertThatThrownBy(() -> new SourceSetManifest(1, "set", 1, 4, 4, List.of("a"), null, "md5:00", T))
                .hasMessageContaining("contentHash must look like sha256:");
    }
}
