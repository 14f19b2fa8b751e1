package io.latentpatch.codec.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrtNativeLibrariesTest {

    @Test
    void unpacksOnceIntoAVersionedDirectoryAndReusesIt(@TempDir Path root) throws Exception {
        Path dir = OrtNativeLibraries.populate(root).orElseThrow();
        Path lib = dir.resolve(System.mapLibraryName("onnxruntime"));
        Path jni = dir.resolve(System.mapLibraryName("onnxruntime4j_jni"));
        assertThat(dir.getParent().getFileName().toString()).startsWith("onnxruntime-1.29.0-");
        assertThat(lib).isRegularFile();
        assertThat(jni).isRegularFile();
        long size = Files.size(lib);
        String resource = "/ai/onnxruntime/native/" + dir.getFileName() + "/" + lib.getFileName();
        try (var in = ai.onnxruntime.OrtEnvironment.class.getResourceAsStream(resource)) {
            assertThat(in).isNotNull();
            assertThat(in.readAllBytes().length).isEqualTo(size);
        }

        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(lib, old);
        assertThat(OrtNativeLibraries.populate(root)).contains(dir);
        assertThat(Files.getLastModifiedTime(lib)).isEqualTo(old);
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".partial"))).isEmpty();
        }
    }
}
