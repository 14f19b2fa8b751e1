package io.latentpatch.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.alignment.AlignmentSettings;
import io.latentpatch.alignment.FaceAligner;
import io.latentpatch.contracts.ImageSize;
import io.latentpatch.contracts.SourceSetAlignment;
import io.latentpatch.contracts.SourceSetManifest;
import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.pipeline.SourceAligner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link SetAligner} on real faces (skips without the Debian model files or ../shared/data/faces). */
class SetAlignerTest {
    private static final int SIZE = 256;

    private static SetAligner aligner() {
        return new SetAligner(() -> {
            try {
                return new SourceAligner(new ImageLoader(), FaceAligner.open(AlignmentSettings.defaults()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Faces 0 and 40, the sky at {@code skyAt}, then face 80: name → bytes in upload order. */
    private static Map<String, byte[]> upload(int skyAt) {
        Map<String, byte[]> faces = StageFixtures.sharedFaces(0, 40, 80);
        Map<String, byte[]> out = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(faces.keySet());
        for (int i = 0; i <= names.size(); i++) {
            if (i == skyAt) out.put("sky.png", StageFixtures.skyPng());
            if (i < names.size()) out.put(names.get(i), faces.get(names.get(i)));
        }
        return out;
    }

    private static SourceSetManifest manifest(Map<String, byte[]> images, String failures) {
        List<ImageSize> sizes = images.keySet().stream().map(n -> new ImageSize(1, 1)).toList();
        return SourceSetManifest.of("set", sizes, List.copyOf(images.keySet()), null, List.copyOf(images.values()),
                Instant.EPOCH).withAlign(new SourceSetManifest.AlignRequest(failures));
    }

    private static SetAligner.Images reader(Map<String, byte[]> images) {
        List<byte[]> bytes = List.copyOf(images.values());
        return bytes::get;
    }

    @Test
    void aPictureWithoutAFaceFailsTheWholeSetNamingTheFileAndTheReason() {
        Map<String, byte[]> images = upload(2);
        assertThatThrownBy(() -> aligner().align(manifest(images, "fail"), null, SIZE, reader(images)))
                .isInstanceOf(StageInputException.class)
                .hasMessageContaining("source image 2 (sky.png) of set set cannot be aligned (NO_FACE)")
                .hasMessageContaining("no face found")
                .hasMessageContaining("alignFailures=skip");
    }

    @Test
    void skippingLeavesTheFaceOutAndRecordsEveryKeptImagesTransformInUploadOrder() {
        Map<String, byte[]> images = upload(1);
        SetAligner.Aligned a = aligner().align(manifest(images, "skip"), null, SIZE, reader(images));

        SourceSetAlignment alignment = a.alignment();
        assertThat(alignment.size()).isEqualTo(SIZE);
        assertThat(alignment.sourceIndices()).containsExactly(0, 2, 3);
        assertThat(alignment.images()).extracting(SourceSetAlignment.AlignedImage::fileName)
                .containsExactly("face_0000.png", "face_0040.png", "face_0080.png");
        assertThat(alignment.skipped()).singleElement().satisfies(s -> {
            assertThat(s.sourceIndex()).isEqualTo(1);
            assertThat(s.fileName()).isEqualTo("sky.png");
            assertThat(s.reason()).isEqualTo("NO_FACE");
        });
        // The shared faces are FFHQ-aligned already: near identity.
        for (SourceSetAlignment.AlignedImage i : alignment.images()) assertThat(i.scale()).isBetween(0.9, 1.1);
        assertThat(a.chw()).hasSize(3).allSatisfy(chw -> assertThat(chw).hasSize(3 * SIZE * SIZE));
    }

    @Test
    void aSecondModelAlignsExactlyTheImagesTheFirstKeptAndGetsTheSamePixels() {
        Map<String, byte[]> images = upload(1);
        SetAligner.Aligned first = aligner().align(manifest(images, "skip"), null, SIZE, reader(images));
        List<Integer> read = new ArrayList<>();
        List<byte[]> bytes = List.copyOf(images.values());
        SetAligner.Aligned again = aligner().align(manifest(images, "skip"), first.alignment(), SIZE, i -> {
            read.add(i);
            return bytes.get(i);
        });

        assertThat(read).containsExactly(0, 2, 3);
        assertThat(again.alignment()).isSameAs(first.alignment());
        for (int i = 0; i < 3; i++) assertThat(again.chw().get(i)).isEqualTo(first.chw().get(i));
    }

    @Test
    void fewerThanTwoAlignableImagesFailsSayingWhy() {
        Map<String, byte[]> images = new LinkedHashMap<>();
        images.put("sky.png", StageFixtures.skyPng());
        images.putAll(StageFixtures.sharedFaces(0));
        assertThatThrownBy(() -> aligner().align(manifest(images, "skip"), null, SIZE, reader(images)))
                .isInstanceOf(StageInputException.class)
                .hasMessageContaining("only 1 of 2 images of set set could be aligned (sky.png: cannot align the face: no face found")
                .hasMessageContaining("at least 2 are needed");
    }
}
