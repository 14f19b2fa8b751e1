package io.latentpatch.codec.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import io.latentpatch.codec.CodecException;
import io.latentpatch.codec.CodecOptions;

/** The process-wide ONNX Runtime environment (one per JVM, never closed) and session options. */
final class OrtRuntime {

    private static OrtEnvironment environment;

    private OrtRuntime() {
    }

    /** The shared environment, created on first use after the native-library cache is set up. */
    static synchronized OrtEnvironment environment() {
        if (environment == null) {
            OrtNativeLibraries.configure();
            try {
                environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "latentpatch");
            } catch (LinkageError | RuntimeException e) {
                throw new CodecException("ONNX Runtime could not start on this machine (" + System.getProperty("os.name")
                        + " " + System.getProperty("os.arch") + "): " + e
                        + "; the pixel codec (--codec pixel) needs no native library", e);
            }
        }
        return environment;
    }

    /** True when this ONNX Runtime build offers the CUDA execution provider. */
    static boolean cudaAvailable() {
        environment();
        return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    }

    /** Names of the execution providers this build offers, for messages. */
    static String availableProviders() {
        environment();
        return OrtEnvironment.getAvailableProviders().toString();
    }

    /** ONNX Runtime's session config key for busy-waiting intra-op threads. */
    static final String ALLOW_SPINNING = "session.intra_op.allow_spinning";

    /** Session options for the CPU, or for CUDA first with the CPU as ONNX Runtime's own fallback for unsupported nodes. */
    static OrtSession.SessionOptions sessionOptions(CodecOptions options, boolean cuda) throws OrtException {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        try {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (options.intraOpThreads() > 0) {
                so.setIntraOpNumThreads(options.intraOpThreads());
            }
            // Idle intra-op threads sleep instead of spinning: beside other busy processes on few cores (the local
            // stack, a node shared by workers) spinning made taef2 decoding 1.5-2x slower; alone it changes nothing measurable.
            so.addConfigEntry(ALLOW_SPINNING, "0");
            if (cuda) {
                so.addCUDA(options.cudaDevice());
            }
            return so;
        } catch (OrtException | RuntimeException e) {
            so.close();
            throw e;
        }
    }
}
