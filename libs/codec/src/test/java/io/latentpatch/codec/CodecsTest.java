package io.latentpatch.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.core.grid.PixelBlocks;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodecsTest {

    @Test
    void builtInSpecsOpenThePixelCodecs() {
        try (Codec plain = Codecs.open("pixel"); Codec f16 = Codecs.open("PIXEL-F16"); Codec f8 = Codecs.open(" pixel-f8 ")) {
            assertThat(plain.name()).isEqualTo("pixel-f16");
            assertThat(f16.latentChannels()).isEqualTo(768);
            assertThat(f8.name()).isEqualTo("pixel-f8");
            assertThat(Codecs.open(Codecs.DEFAULT_SPEC).name()).isEqualTo("pixel-f16");
        }
    }

    @Test
    void thePixelLayoutOfASpecIsKnownWithoutOpeningIt(@TempDir Path tmp) {
        assertThat(Codecs.pixelLayout("pixel")).contains(new PixelBlocks(16));
        assertThat(Codecs.pixelLayout(" PIXEL-F16")).contains(new PixelBlocks(16));
        assertThat(Codecs.pixelLayout("pixel-f8")).contains(new PixelBlocks(8));
        try (Codec f8 = Codecs.open("pixel-f8")) {
            assertThat(f8.pixelLayout()).isEqualTo(Codecs.pixelLayout(f8.name()));
        }
        // learned latents (a model directory, even one that does not exist) have none
        assertThat(Codecs.pixelLayout("taef2")).isEmpty();
        assertThat(Codecs.pixelLayout(tmp.toString())).isEmpty();
        assertThat(Codecs.pixelLayout(null)).isEmpty();
    }

    @Test
    void unknownSpecSaysWhatWouldHaveBeenAccepted(@TempDir Path tmp) {
        String spec = tmp.resolve("no-such-model").toString();
        assertThatThrownBy(() -> Codecs.open(spec))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("neither a built-in codec (pixel, pixel-f16, pixel-f8)")
                .hasMessageContaining("no-such-model");
        assertThatThrownBy(() -> Codecs.open(" "))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("no codec given");
    }

    @Test
    void directoryWithoutManifestNamesTheMissingFile(@TempDir Path tmp) {
        assertThatThrownBy(() -> Codecs.open(tmp.toString()))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("no model.json in " + tmp.toAbsolutePath());
    }

    @Test
    void executionProviderParsesTheDocumentedNames() {
        assertThat(ExecutionProvider.parse("auto")).isEqualTo(ExecutionProvider.AUTO);
        assertThat(ExecutionProvider.parse(" CUDA ")).isEqualTo(ExecutionProvider.CUDA);
        assertThat(ExecutionProvider.CPU.id()).isEqualTo("cpu");
        assertThatThrownBy(() -> ExecutionProvider.parse("tpu"))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("'tpu'")
                .hasMessageContaining("auto, cpu, cuda");
    }

    @Test
    void theDefaultChunkIsOneImageOnTheCpuAndSixteenOnCudaUnlessGiven() {
        assertThat(CodecOptions.defaults().maxBatch()).isEqualTo(CodecOptions.AUTO_MAX_BATCH);
        assertThat(CodecOptions.defaults().effectiveMaxBatch(false)).isEqualTo(1);
        assertThat(CodecOptions.defaults().effectiveMaxBatch(true)).isEqualTo(16);
        assertThat(CodecOptions.defaults().withMaxBatch(4).effectiveMaxBatch(false)).isEqualTo(4);
        assertThat(CodecOptions.defaults().withMaxBatch(4).effectiveMaxBatch(true)).isEqualTo(4);
    }

    @Test
    void optionsRejectNonsenseValues() {
        assertThatThrownBy(() -> CodecOptions.defaults().withMaxBatch(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBatch must be >= 1, or 0 to choose by provider, got -1");
        assertThat(CodecOptions.defaults().withIntraOpThreads(2).intraOpThreads()).isEqualTo(2);
    }

    @Test
    void batchesCheckTheirLengthAgainstTheShape() {
        assertThatThrownBy(() -> new ImageBatch(2, 4, 4, new float[95]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 96 floats, got 95");
        assertThatThrownBy(() -> new LatentBatch(1, 4, 2, 2, new float[15]))
                .hasMessageContaining("needs 16 floats, got 15");
        float[] a = new float[12];
        float[] b = new float[12];
        b[11] = 7f;
        ImageBatch stacked = ImageBatch.stack(java.util.List.of(a, b), 2, 2);
        assertThat(stacked.n()).isEqualTo(2);
        assertThat(stacked.image(1)).containsExactly(b);
        assertThat(stacked.slice(1, 2).data()).containsExactly(b);
        LatentBatch grids = LatentBatch.stack(java.util.List.of(a, b), 3, 2, 2);
        assertThat(grids.sample(1)).containsExactly(b);
    }
}
