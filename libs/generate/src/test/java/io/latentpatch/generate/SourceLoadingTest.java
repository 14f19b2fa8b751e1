package io.latentpatch.generate;

import io.latentpatch.pipeline.SourceImage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.imaging.PngWriter;
import io.latentpatch.imaging.RgbImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SourceLoading}: which files a directory contributes, in which order, and what happens to their pixels. */
class SourceLoadingTest {
    @TempDir
    Path dir;

    @Test
    void aDirectoryGivesItsImagesSortedByNameAndSkipsOtherFiles() throws Exception {
        write(dir.resolve("b.png"), 10);
        write(dir.resolve("a.PNG"), 20);
        Files.writeString(dir.resolve("labels.csv"), "file,x\n");
        Files.createDirectory(dir.resolve("c.png.d"));
        assertThat(SourceLoading.expand(List.of(dir))).containsExactly(dir.resolve("a.PNG"), dir.resolve("b.png"));
    }

    @Test
    void plainFilesKeepTheGivenOrder() throws Exception {
        write(dir.resolve("b.png"), 10);
        write(dir.resolve("a.png"), 20);
        assertThat(SourceLoading.expand(List.of(dir.resolve("b.png"), dir.resolve("a.png"))))
                .containsExactly(dir.resolve("b.png"), dir.resolve("a.png"));
    }

    @Test
    void aMissingPathOrAnEmptyDirectoryIsAnErrorNamingIt() throws Exception {
        assertThatThrownBy(() -> SourceLoading.expand(List.of(dir.resolve("nope"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope").hasMessageContaining("does not exist");
        assertThatThrownBy(() -> SourceLoading.expand(List.of(dir)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds no .png/.jpg/.jpeg file");
    }

    @Test
    void imagesAreResizedToTheCodecSideAndKeptOnTheEightBitLattice() throws Exception {
        write(dir.resolve("x.png"), 77);
        SourceLoading.Loaded loaded = SourceLoading.fromFiles(List.of(dir), 16, new ImageLoader(), null);
        assertThat(loaded.images()).hasSize(1);
        SourceImage image = loaded.images().get(0);
        assertThat(image.name()).isEqualTo("x.png");
        assertThat(image.chw()).hasSize(3 * 16 * 16);
        for (float v : image.chw()) assertThat(v * 255).isEqualTo(Math.round(v * 255));
        assertThat(image.chw()[0]).isEqualTo(77 / 255f);
        assertThat(loaded.labels()).isNull();
        assertThat(loaded.description()).isEqualTo("1 images from " + dir);
    }

    @Test
    void theBuiltInSetHas32LabelledPortraits() {
        SourceLoading.Loaded loaded = SourceLoading.builtIn(32, new ImageLoader());
        assertThat(loaded.images()).hasSize(32);
        assertThat(loaded.images().get(0).name()).isEqualTo("portrait_000.png");
        assertThat(loaded.images().get(0).chw()).hasSize(3 * 32 * 32);
        assertThat(loaded.labels().hasAttribute("glasses")).isTrue();
    }

    /** A 40x40 grey image of level {@code level}. */
    private static void write(Path file, int level) {
        int[] rgb = new int[40 * 40];
        java.util.Arrays.fill(rgb, level * 0x010101);
        PngWriter.write(file, new RgbImage(40, 40, rgb));
    }
}
