package io.latentpatch.codec.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentpatch.codec.Codec;
import io.latentpatch.codec.CodecException;
import io.latentpatch.codec.CodecOptions;
import io.latentpatch.codec.Codecs;
import io.latentpatch.codec.ExecutionProvider;
import io.latentpatch.codec.ImageBatch;
import io.latentpatch.codec.LatentBatch;
import io.latentpatch.codec.SharedData;
import io.latentpatch.core.npy.Npy;
import io.latentpatch.core.npy.NpyArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading checks that need ONNX Runtime, on copies of the small taesd model (skipped without
 * ../shared). Images are 64×64 to keep each run in the tens of milliseconds.
 */
class OnnxCodecValidationTest {

    private static final CodecOptions CPU = CodecOptions.defaults().withProvider(ExecutionProvider.CPU);

    @TempDir
    Path tmp;

    private static ImageBatch randomImages(int n, int size, long seed) {
        Random random = new Random(seed);
        float[] data = new float[n * 3 * size * size];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat();
        }
        return new ImageBatch(n, size, size, data);
    }

    @Test
    void onTheCpuEachNetworkRunTakesOneImageUnlessConfigured() {
        try (OnnxCodec byProvider = OnnxCodec.open(SharedData.model("taesd"), CPU);
             OnnxCodec given = OnnxCodec.open(SharedData.model("taesd"), CPU.withMaxBatch(3))) {
            assertThat(CPU.maxBatch()).isEqualTo(CodecOptions.AUTO_MAX_BATCH);
            assertThat(byProvider.maxBatchPerRun()).isEqualTo(CodecOptions.CPU_MAX_BATCH).isEqualTo(1);
            assertThat(given.maxBatchPerRun()).isEqualTo(3);
            ImageBatch images = randomImages(3, 64, 2);
            LatentBatch one = byProvider.encode(images);
            LatentBatch three = given.encode(images);
            assertThat(one.n()).isEqualTo(3);
            for (int i = 0; i < one.data().length; i++) assertThat(one.data()[i]).isCloseTo(three.data()[i], offset(1e-4f));
            assertThat(byProvider.decode(one).n()).isEqualTo(3);
        }
    }

    @Test
    void opensTheSharedModelAndEncodesInChunks() {
        try (Codec codec = Codecs.open(SharedData.model("taesd").resolve("model.json").toString(), CPU.withMaxBatch(2));
             Codec whole = Codecs.open(SharedData.model("taesd").toString(), CPU.withMaxBatch(16))) {
            assertThat(codec.name()).isEqualTo("taesd");
            assertThat(codec.latentChannels()).isEqualTo(4);
            assertThat(codec.downscale()).isEqualTo(8);
            assertThat(codec.preferredImageSize()).isEqualTo(256);
            assertThat(codec.activeProvider()).isEqualTo(ExecutionProvider.CPU);
            assertThat(codec.codebook()).isEmpty();

            ImageBatch images = randomImages(5, 64, 1);
            LatentBatch chunked = codec.encode(images);
            LatentBatch oneRun = whole.encode(images);
            assertThat(chunked.n()).isEqualTo(5);
            assertThat(chunked.channels()).isEqualTo(4);
            assertThat(chunked.height()).isEqualTo(8);
            for (int i = 0; i < chunked.data().length; i++) {
                assertThat(chunked.data()[i]).isCloseTo(oneRun.data()[i], offset(1e-4f));
            }
            ImageBatch decoded = codec.decode(chunked);
            assertThat(decoded.n()).isEqualTo(5);
            assertThat(decoded.height()).isEqualTo(64);
            for (float v : decoded.data()) {
                assertThat(v).isBetween(0f, 1f);
            }
        }
    }

    @Test
    void corruptOnnxFileIsNamed() throws Exception {
        Path dir = ModelDirs.taesdCopy(tmp.resolve("m"), m -> m.remove("files"));
        byte[] noise = new byte[4096];
        new Random(5).nextBytes(noise);
        Files.write(dir.resolve("encoder.onnx"), noise);
        assertThatThrownBy(() -> OnnxCodec.open(dir, CPU))
                .isInstanceOf(CodecException.class)
                .hasMessageStartingWith("encoder.onnx in " + dir + " is not a valid ONNX model: ");
    }

    @Test
    void manifestClaimingOtherLatentChannelsIsCaughtAgainstTheNetwork() {
        // Shapes in the manifest edited too, so only the ONNX files can reveal the mismatch.
        Path dir = ModelDirs.taesdCopy(tmp.resolve("m"), m -> {
            m.put("latentChannels", 32);
            ((ObjectNode) m.get("encoder")).remove("outputShape");
            ((ObjectNode) m.get("decoder")).remove("inputShape");
        });
        assertThatThrownBy(() -> OnnxCodec.open(dir, CPU))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("encoder.onnx in " + dir)
                .hasMessageContaining("4")
                .hasMessageContaining("latentChannels = 32");
    }

    @Test
    void tensorNamesMustMatchTheManifest() {
        Path dir = ModelDirs.taesdCopy(tmp.resolve("m"), m -> ((ObjectNode) m.get("encoder")).put("input", "pixels"));
        assertThatThrownBy(() -> OnnxCodec.open(dir, CPU))
                .hasMessageContaining("encoder.onnx in " + dir + " has input(s) [image] but model.json says encoder.input = \"pixels\"");
        Path out = ModelDirs.taesdCopy(tmp.resolve("n"), m -> ((ObjectNode) m.get("decoder")).put("output", "rgb"));
        assertThatThrownBy(() -> OnnxCodec.open(out, CPU))
                .hasMessageContaining("decoder.onnx in " + out + " has output(s) [image] but model.json says decoder.output = \"rgb\"");
    }

    @Test
    void swappedNetworksAreCaught() throws Exception {
        Path dir = ModelDirs.taesdCopy(tmp.resolve("m"), m -> m.remove("files"));
        Files.copy(SharedData.model("taesd").resolve("decoder.onnx"), dir.resolve("encoder.onnx"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> OnnxCodec.open(dir, CPU))
                .hasMessageContaining("encoder.onnx in " + dir + " has input(s) [latent]");
    }

    @Test
    void cudaRequestOnACpuBuildFailsClearly() {
        org.junit.jupiter.api.Assumptions.assumeFalse(OrtRuntime.cudaAvailable(), "this ONNX Runtime has CUDA");
        var taesd = SharedData.model("taesd"); // outside the lambda: a missing ../shared must skip, not be the thrown error
        assertThatThrownBy(() -> OnnxCodec.open(taesd, CPU.withProvider(ExecutionProvider.CUDA)))
                .hasMessageContaining("execution provider 'cuda' was requested")
                .hasMessageContaining("-Pgpu");
        try (Codec auto = OnnxCodec.open(taesd, CodecOptions.defaults())) {
            assertThat(auto.activeProvider()).isEqualTo(ExecutionProvider.CPU);
        }
    }

    @Test
    void shapesTheModelCannotTakeAreRefused() {
        try (Codec codec = OnnxCodec.open(SharedData.model("taesd"), CPU)) {
            assertThatThrownBy(() -> codec.encode(randomImages(1, 60, 2)))
                    .isInstanceOf(CodecException.class)
                    .hasMessageContaining("multiples of 8, got 60x60");
            assertThatThrownBy(() -> codec.decode(new LatentBatch(1, 16, 2, 2, new float[64])))
                    .hasMessageContaining("taesd decodes grids of 4 latent channels, got 16");
        }
        Codec closed = OnnxCodec.open(SharedData.model("taesd"), CPU);
        closed.close();
        assertThatThrownBy(() -> closed.encode(randomImages(1, 8, 3))).hasMessageContaining("codec taesd is closed");
    }

    @Test
    void latentScaleAndShiftAreAppliedBothWays() {
        Path scaled = ModelDirs.taesdCopy(tmp.resolve("m"), m -> m.put("latentScale", 2.0).put("latentShift", 0.5));
        ImageBatch images = randomImages(1, 32, 4);
        try (Codec plain = OnnxCodec.open(SharedData.model("taesd"), CPU);
             Codec mapped = OnnxCodec.open(scaled, CPU)) {
            float[] raw = plain.encode(images).data();
            LatentBatch z = mapped.encode(images);
            for (int i = 0; i < raw.length; i++) {
                assertThat(z.data()[i]).isCloseTo((raw[i] - 0.5f) * 2f, offset(1e-4f));
            }
            float[] viaPlain = plain.decode(new LatentBatch(1, 4, 4, 4, raw)).data();
            float[] viaMapped = mapped.decode(z).data();
            for (int i = 0; i < viaPlain.length; i++) {
                assertThat(viaMapped[i]).isCloseTo(viaPlain[i], offset(1e-4f));
            }
        }
    }

    @Test
    void codebookIsLoadedAndCheckedAgainstLatentChannels() throws Exception {
        Path dir = ModelDirs.taesdCopy(tmp.resolve("m"), m -> { });
        float[] codes = new float[3 * 4];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = i * 0.25f - 1f;
        }
        Files.write(dir.resolve("codebook.npy"), Npy.toBytes(NpyArray.ofFloats(new int[] {3, 4}, codes)));
        try (Codec codec = OnnxCodec.open(dir, CPU)) {
            assertThat(codec.codebookSize()).isEqualTo(3);
            assertThat(codec.codebook()).hasValueSatisfying(c -> assertThat(c).containsExactly(codes));
        }
        Files.write(dir.resolve("codebook.npy"), Npy.toBytes(NpyArray.ofFloats(new int[] {4, 3}, codes)));
        assertThatThrownBy(() -> OnnxCodec.open(dir, CPU))
                .hasMessageContaining("codebook.npy in " + dir + " has shape [4, 3] but model.json says latentChannels = 4");
    }

    @Test
    void codebookThatIsNotAFloatMatrixIsRefusedWithItsShape() throws Exception {
        Path dir = ModelDirs.taesdCopy(tmp.resolve("m"), m -> { });
        Files.write(dir.resolve("codebook.npy"), Npy.toBytes(NpyArray.ofFloats(new int[] {12}, new float[12])));
        assertThatThrownBy(() -> OnnxCodec.open(dir, CPU))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("codebook.npy in " + dir + " holds float32 of shape (12,)")
                .hasMessageContaining("a codebook must be a float32 [K, L] array");
        Files.write(dir.resolve("codebook.npy"), Npy.toBytes(NpyArray.ofInts(new int[] {3, 4}, new int[12])));
        assertThatThrownBy(() -> OnnxCodec.open(dir, CPU)).hasMessageContaining("holds int32 of shape (3, 4)");
        Files.write(dir.resolve("codebook.npy"), "just some text, honestly".getBytes());
        assertThatThrownBy(() -> OnnxCodec.open(dir, CPU))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining(dir.resolve("codebook.npy") + ": not a .npy file");
    }
}
