package io.latentpatch.codec.onnx;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentpatch.codec.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Builds model directories in a temp folder from the shared taesd model, with edits, for validation tests. */
final class ModelDirs {

    static final ObjectMapper JSON = new ObjectMapper();

    private ModelDirs() {
    }

    /** The shared taesd manifest as an editable tree; skips the test when ../shared is absent. */
    static ObjectNode taesdManifest() {
        try {
            return (ObjectNode) JSON.readTree(SharedData.model("taesd").resolve("model.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of taesd (manifest edited by {@code edit}, ONNX files copied) in {@code dir}. */
    static Path taesdCopy(Path dir, Consumer<ObjectNode> edit) {
        ObjectNode manifest = taesdManifest();
        edit.accept(manifest);
        Path shared = SharedData.model("taesd");
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("model.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest));
            Files.copy(shared.resolve("encoder.onnx"), dir.resolve("encoder.onnx"));
            Files.copy(shared.resolve("decoder.onnx"), dir.resolve("decoder.onnx"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
