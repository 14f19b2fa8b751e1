package io.latentpatch.codec.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.latentpatch.codec.CodecException;
import io.latentpatch.codec.SharedData;
import io.latentpatch.core.npy.Npy;
import io.latentpatch.core.npy.NpyArray;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifest parsing and file checks; uses copies of shared/models/taesd and skips without ../shared. */
class ModelManifestTest {

    @TempDir
    Path tmp;

    @Test
    void readsTheSharedManifests() {
        for (String name : new String[] {"taef2", "taef1", "taesd"}) {
            ModelManifest m = ModelManifest.read(SharedData.model(name));
            assertThat(m.name()).isEqualTo(name);
            assertThat(m.downscale()).isEqualTo(8);
            assertThat(m.sizeMultiple()).isEqualTo(8);
            assertThat(m.recommendedImageSize()).isEqualTo(256);
            assertThat(m.encoder()).isEqualTo(new ModelManifest.Network("encoder.onnx", "image", "latent"));
            assertThat(m.decoder()).isEqualTo(new ModelManifest.Network("decoder.onnx", "latent", "image"));
            assertThat(m.inputRange().isUnit()).isTrue();
            assertThat(m.outputRange().isUnit()).isTrue();
            assertThat(m.latentScale()).isEqualTo(1f);
            assertThat(m.latentShift()).isEqualTo(0f);
            assertThat(m.codebookFile()).isNull();
            assertThat(m.files()).containsKeys("encoder.onnx", "decoder.onnx");
            assertThatCode(() -> m.verifyFiles(true)).doesNotThrowAnyException();
        }
        assertThat(ModelManifest.read(SharedData.model("taef2")).latentChannels()).isEqualTo(32);
        assertThat(ModelManifest.read(SharedData.model("taesd")).files().get("encoder.onnx").bytes()).isEqualTo(2466413);
    }

    @Test
    void malformedJsonNamesFileAndPosition() throws Exception {
        Path dir = ModelDirs.taesdCopy(tmp.resolve("m"), m -> { });
        Files.writeString(dir.resolve("model.json"), "{\n  \"name\": \"taesd\",\n  \"latentChannels\": 4,,\n}");
        assertThatThrownBy(() -> ModelManifest.read(dir))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("model.json in " + dir + " is not valid JSON (line 3");
    }

    @Test
    void missingRequiredFieldIsNamed() {
        Path dir = ModelDirs.taesdCopy(tmp.resolve("m"), m -> m.remove("latentChannels"));
        assertThatThrownBy(() -> ModelManifest.read(dir))
                .hasMessageContaining("model.json in " + dir)
                .hasMessageContaining("required field 'latentChannels' is missing");
        Path noOutput = ModelDirs.taesdCopy(tmp.resolve("n"), m -> ((com.fasterxml.jackson.databind.node.ObjectNode) m.get("decoder")).remove("output"));
        assertThatThrownBy(() -> ModelManifest.read(noOutput))
                .hasMessageContaining("required field 'decoder.output' is missing");
    }

    @Test
    void wrongTypesAndValuesAreExplained() {
        Path text = ModelDirs.taesdCopy(tmp.resolve("a"), m -> m.put("latentChannels", "four"));
        assertThatThrownBy(() -> ModelManifest.read(text))
                .hasMessageContaining("'latentChannels' must be a positive integer")
                .hasMessageContaining("got \"four\"");
        Path schema = ModelDirs.taesdCopy(tmp.resolve("b"), m -> m.put("schemaVersion", 2));
        assertThatThrownBy(() -> ModelManifest.read(schema))
                .hasMessageContaining("schemaVersion is 2 but this build reads schemaVersion 1");
        Path layout = ModelDirs.taesdCopy(tmp.resolve("c"), m -> m.put("layout", "NHWC"));
        assertThatThrownBy(() -> ModelManifest.read(layout))
                .hasMessageContaining("layout is \"NHWC\" but this loader needs \"NCHW\"");
        Path range = ModelDirs.taesdCopy(tmp.resolve("d"), m -> m.putArray("inputRange").add(1).add(-1));
        assertThatThrownBy(() -> ModelManifest.read(range))
                .hasMessageContaining("'inputRange' must have min < max, got [1.0, -1.0]");
    }

    @Test
    void latentChannelsMustAgreeWithTheDeclaredShapes() {
        Path dir = ModelDirs.taesdCopy(tmp.resolve("m"), m -> m.put("latentChannels", 32));
        assertThatThrownBy(() -> ModelManifest.read(dir))
                .hasMessageContaining("encoder.outputShape[1] is 4 but latentChannels is 32");
    }

    @Test
    void missingDecoderFileIsNamed() throws Exception {
        Path dir = ModelDirs.taesdCopy(tmp.resolve("m"), m -> { });
        Files.delete(dir.resolve("decoder.onnx"));
        ModelManifest manifest = ModelManifest.read(dir);
        assertThatThrownBy(() -> manifest.verifyFiles(true))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("decoder.onnx is missing from " + dir)
                .hasMessageContaining("decoder.file");
    }

    @Test
    void sizeMismatchShowsBothSizes() throws Exception {
        Path dir = ModelDirs.taesdCopy(tmp.resolve("m"), m -> { });
        Files.write(dir.resolve("encoder.onnx"), new byte[10]);
        assertThatThrownBy(() -> ModelManifest.read(dir).verifyFiles(false))
                .hasMessageContaining("encoder.onnx in " + dir + " is 10 bytes but model.json files.encoder.onnx.bytes says 2466413");
    }

    @Test
    void digestMismatchIsFoundUnlessTurnedOff() throws Exception {
        Path dir = ModelDirs.taesdCopy(tmp.resolve("m"), m -> { });
        Path decoder = dir.resolve("decoder.onnx");
        byte[] bytes = Files.readAllBytes(decoder);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(decoder, bytes);
        ModelManifest manifest = ModelManifest.read(dir);
        assertThatThrownBy(() -> manifest.verifyFiles(true))
                .hasMessageContaining("decoder.onnx in " + dir + " has SHA-256 ")
                .hasMessageContaining("but model.json files.decoder.onnx.sha256 says 789aeb6b5898")
                .hasMessageContaining("verifyDigests=false");
        assertThatCode(() -> manifest.verifyFiles(false)).doesNotThrowAnyException();
    }

    @Test
    void codebookNpyIsPickedUpWhenPresent() throws Exception {
        Path dir = ModelDirs.taesdCopy(tmp.resolve("m"), m -> { });
        assertThat(ModelManifest.read(dir).codebookPath()).isEmpty();
        Files.write(dir.resolve("codebook.npy"), Npy.toBytes(NpyArray.ofFloats(new int[] {2, 4}, new float[8])));
        assertThat(ModelManifest.read(dir).codebookPath()).contains(dir.resolve("codebook.npy"));
        Path named = ModelDirs.taesdCopy(tmp.resolve("n"), m -> m.put("codebook", "codes.npy"));
        assertThatThrownBy(() -> ModelManifest.read(named).verifyFiles(true))
                .hasMessageContaining("codes.npy is missing from " + named);
    }
}
