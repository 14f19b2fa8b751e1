package io.latentpatch.worker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which codecs a service can open and how. */
@ConfigMapping(prefix = "latentpatch.models")
public interface ModelSettings {
    /**
     * Directory holding one subdirectory per ONNX model ({@code <dir>/<name>/model.json}). The built-in
     * pixel codecs ({@code pixel}, {@code pixel-f16}, {@code pixel-f8}) need no directory.
     */
    @WithDefault("../shared/models")
    String dir();

    /** ONNX execution provider: auto (CUDA when present, else CPU), cpu or cuda. */
    @WithDefault("auto")
    String provider();

    /** ONNX Runtime intra-op threads per network run; 0 lets ONNX Runtime choose. */
    @WithDefault("0")
    int intraOpThreads();

    /** Largest number of images or latents sent to a network in one run; 0 chooses by provider (1 on the CPU, 16 on CUDA). */
    @WithDefault("0")
    int maxBatch();
}
