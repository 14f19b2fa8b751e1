package io.latentpatch.codec.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtSession;
import io.latentpatch.codec.CodecOptions;
import org.junit.jupiter.api.Test;

class OrtSessionOptionsTest {

    @Test
    void cpuSessionsDoNotBusyWaitBetweenRuns() throws Exception {
        try (OrtSession.SessionOptions so = OrtRuntime.sessionOptions(CodecOptions.defaults(), false)) {
            assertThat(so.getConfigEntries()).containsEntry(OrtRuntime.ALLOW_SPINNING, "0");
        }
    }
}
