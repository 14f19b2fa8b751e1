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
    private static final List<ImageSize> SIZES = List.of(new ImageSize(4, 4), new ImageSize(640, 480), new ImageSize(3, 7));

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
        SourceSetManifest m = SourceSetManifest.of("set", SIZES, List.of("a", "b", "c"),
                List.of(Map.of("blond", "true"), Map.of(), Map.of("glasses", "true")), IMAGES, T);

        assertThat(m.imageCount()).isEqualTo(3);
        assertThat(m.labelsOf(0)).containsEntry("blond", "true");
        assertThat(m.labelsOf(1)).isEmpty();
        assertThat(SourceSetManifest.of("set", SIZES, List.of("a", "b", "c"), null, IMAGES, T).labelsOf(2)).isEmpty();
    }

    @Test
    void sizesAndLabelsMustAgreeWithTheImageCount() {
        assertThatThrownBy(() -> SourceSetManifest.of("set", SIZES, List.of("a"), null, IMAGES, T))
                .hasMessageContaining("fileNames has 1 entries for imageCount 3");
        assertThatThrownBy(() -> SourceSetManifest.of("set", SIZES, List.of("a", "b", "c"), List.of(Map.of()), IMAGES, T))
                .hasMessageContaining("labels has 1 entries for imageCount 3");
        assertThatThrownBy(() -> SourceSetManifest.of("set", SIZES, List.of("a", "b", "c"),
                List.of(Map.of("blond hair", "true"), Map.of(), Map.of()), IMAGES, T))
                .hasMessageContaining("labels[0]: 'blond hair' is not an attribute name");
        assertThatThrownBy(() -> new SourceSetManifest(SchemaVersion.CURRENT, "set", 1, List.of(new ImageSize(4, 4)), List.of("a"), null, "md5:00", T, null))
                .hasMessageContaining("contentHash must look like sha256:");
        assertThatThrownBy(() -> SourceSetManifest.of("set", SIZES.subList(0, 2), List.of("a", "b", "c"), null, IMAGES, T))
                .hasMessageContaining("sizes has 2 entries for imageCount 3");
        assertThatThrownBy(() -> SourceSetManifest.of("set", null, List.of("a", "b", "c"), null, IMAGES, T))
                .hasMessageContaining("sizes is required");
    }

    @Test
    void imagesOfOneSetMayHaveDifferentSizes() {
        SourceSetManifest m = SourceSetManifest.of("set", SIZES, List.of("a", "b", "c"), null, IMAGES, T);

        assertThat(m.sizes()).containsExactly(new ImageSize(4, 4), new ImageSize(640, 480), new ImageSize(3, 7));
        assertThat(m.sizeOf(1).width()).isEqualTo(640);
        assertThat(m.sizeOf(2).height()).isEqualTo(7);
        assertThat(m.sizeOf(1)).hasToString("640x480");
        assertThatThrownBy(() -> m.sizeOf(3)).hasMessageContaining("image index must be in [0, 2], got 3");
    }

    @Test
    void everyImageSizeIsAtLeastOnePixel() {
        assertThatThrownBy(() -> new ImageSize(0, 4)).hasMessageContaining("width must be >= 1, got 0");
        assertThatThrownBy(() -> new ImageSize(4, -1)).hasMessageContaining("height must be >= 1, got -1");
        String json = "{\"schemaVersion\":2,\"setId\":\"set\",\"imageCount\":2,"
                + "\"sizes\":[{\"width\":4,\"height\":4},{\"width\":0,\"height\":4}],\"fileNames\":[\"a\",\"b\"],"
                + "\"contentHash\":\"" + SourceSetManifest.contentHashOf(IMAGES) + "\",\"createdAt\":\"2026-11-23T16:00:00Z\"}";
        assertThatThrownBy(() -> JsonCodec.shared().read(json, SourceSetManifest.class))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("sizes").hasMessageContaining("width must be >= 1, got 0");
    }
}
