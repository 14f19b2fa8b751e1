package io.latentpatch.codec;

import java.util.Locale;

/**
 * Where a codec's networks run. {@link #AUTO} asks for CUDA when the ONNX Runtime build offers
 * it and falls back to the CPU (with a log line) otherwise; {@link #CUDA} fails when CUDA cannot
 * be used. {@link Codec#activeProvider()} reports {@link #CPU} or {@link #CUDA}, never AUTO.
 */
public enum ExecutionProvider {
    AUTO, CPU, CUDA;

    /** The lower-case name used on command lines and in configuration: auto, cpu, cuda. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code auto|cpu|cuda} (any case). */
    public static ExecutionProvider parse(String text) {
        if (text != null) {
            for (ExecutionProvider p : values()) {
                if (p.id().equalsIgnoreCase(text.trim())) {
                    return p;
                }
            }
        }
        throw new CodecException("unknown execution provider '" + text + "': expected one of auto, cpu, cuda");
    }
}
