package io.latentpatch.codec.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.latentpatch.codec.Codec;
import io.latentpatch.codec.CodecException;
import io.latentpatch.codec.CodecOptions;
import io.latentpatch.codec.ExecutionProvider;
import io.latentpatch.codec.ImageBatch;
import io.latentpatch.codec.LatentBatch;
import io.latentpatch.core.npy.Npy;
import io.latentpatch.core.npy.NpyArray;
import io.latentpatch.core.npy.NpyFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * A codec backed by a model directory: {@code model.json} plus encoder and decoder ONNX files
 * (and optionally a {@code [K, L]} float32 codebook). See {@code docs/models.md}.
 *
 * <p>{@link #open} validates everything before it returns: the manifest's fields, file sizes and
 * SHA-256 digests, that ONNX Runtime accepts both files, the tensor names, types, ranks and
 * static channel counts, and finally a 1×3×s×s probe image ({@code s = sizeMultiple}) through
 * both networks, which must give {@code L} latent channels and 3 image channels back. Sessions
 * are created once and reused; close the codec to free them.
 */
public final class OnnxCodec implements Codec {

    private static final System.Logger LOG = System.getLogger(OnnxCodec.class.getName());

    private final ModelManifest manifest;
    private final OnnxEncoder encoder;
    private final OnnxDecoder decoder;
    private final ExecutionProvider provider;
    private final NpyArray codebook;
    private boolean closed;

    private OnnxCodec(ModelManifest manifest, OnnxEncoder encoder, OnnxDecoder decoder, ExecutionProvider provider,
                      NpyArray codebook) {
        this.manifest = manifest;
        this.encoder = encoder;
        this.decoder = decoder;
        this.provider = provider;
        this.codebook = codebook;
    }

    /**
     * Loads and checks the model in {@code directory}.
     *
     * @throws CodecException naming the file and the problem when anything does not fit
     */
    public static OnnxCodec open(Path directory, CodecOptions options) {
        ModelManifest manifest = ModelManifest.read(directory);
        manifest.verifyFiles(options.verifyDigests());
        NpyArray codebook = manifest.codebookPath().map(p -> readCodebook(p, manifest)).orElse(null);
        OrtEnvironment env = OrtRuntime.environment();

        boolean tryCuda = switch (options.provider()) {
            case CPU -> false;
            case AUTO -> {
                boolean available = OrtRuntime.cudaAvailable();
                if (!available) {
                    LOG.log(System.Logger.Level.DEBUG, "CUDA execution provider not in this ONNX Runtime build "
                            + OrtRuntime.availableProviders() + "; using the CPU");
                }
                yield available;
            }
            case CUDA -> {
                if (!OrtRuntime.cudaAvailable()) {
                    throw new CodecException("execution provider 'cuda' was requested but this ONNX Runtime build offers "
                            + OrtRuntime.availableProviders() + ": build with -Pgpu (onnxruntime_gpu) on a host with"
                            + " CUDA 12 and cuDNN 9, or choose provider auto or cpu");
                }
                yield true;
            }
        };

        Networks networks = null;
        ExecutionProvider active = ExecutionProvider.CPU;
        if (tryCuda) {
            try {
                networks = Networks.create(env, manifest, options, true);
                active = ExecutionProvider.CUDA;
            } catch (SessionFailure e) {
                String why = e.file + " in " + manifest.directory() + " could not be loaded with the CUDA execution"
                        + " provider (device " + options.cudaDevice() + "): " + e.getCause().getMessage();
                if (options.provider() == ExecutionProvider.CUDA) {
                    throw new CodecException(why + "; check the CUDA 12 / cuDNN 9 installation, or choose provider"
                            + " auto or cpu", e.getCause());
                }
                LOG.log(System.Logger.Level.WARNING, why + "; falling back to the CPU");
            }
        }
        if (networks == null) {
            try {
                networks = Networks.create(env, manifest, options, false);
            } catch (SessionFailure e) {
                throw new CodecException(e.file + " in " + manifest.directory() + " is not a valid ONNX model: "
                        + e.getCause().getMessage(), e.getCause());
            }
        }
        OnnxCodec codec = new OnnxCodec(manifest, networks.encoder, networks.decoder, active, codebook);
        try {
            codec.probe();
        } catch (RuntimeException e) {
            codec.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "opened model " + manifest.name() + " from " + manifest.directory() + " on "
                + active + " (ONNX Runtime " + env.getVersion() + ", L=" + manifest.latentChannels() + ", f="
                + manifest.downscale() + (codebook == null ? "" : ", codebook K=" + codebook.dim(0)) + ", up to "
                + codec.maxBatchPerRun() + " per network run)");
        return codec;
    }

    /** The parsed manifest. */
    public ModelManifest manifest() {
        return manifest;
    }

    @Override
    public String name() {
        return manifest.name();
    }

    @Override
    public int latentChannels() {
        return manifest.latentChannels();
    }

    @Override
    public int downscale() {
        return manifest.downscale();
    }

    @Override
    public int sizeMultiple() {
        return manifest.sizeMultiple();
    }

    @Override
    public int preferredImageSize() {
        return manifest.recommendedImageSize();
    }

    @Override
    public Optional<float[]> codebook() {
        return codebook == null ? Optional.empty() : Optional.of(codebook.floats().clone());
    }

    @Override
    public int codebookSize() {
        return codebook == null ? 0 : codebook.dim(0);
    }

    /** Images or grids sent to a network in one run at most ({@link CodecOptions#effectiveMaxBatch} for the active provider; the encoder's is the same). */
    public int maxBatchPerRun() {
        return decoder.maxBatch();
    }

    @Override
    public ExecutionProvider activeProvider() {
        return provider;
    }

    @Override
    public LatentBatch encode(ImageBatch images) {
        checkOpen();
        return encoder.encode(images);
    }

    @Override
    public ImageBatch decode(LatentBatch latents) {
        checkOpen();
        return decoder.decode(latents);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                encoder.close();
            } finally {
                decoder.close();
            }
        }
    }

    @Override
    public String toString() {
        return manifest.name() + " (L=" + latentChannels() + ", f=" + downscale() + ", " + provider + ", "
                + manifest.directory() + ")";
    }

    private synchronized void checkOpen() {
        if (closed) {
            throw new CodecException("codec " + manifest.name() + " is closed");
        }
    }

    /** Runs a mid-grey probe image through both networks and checks the shapes against the manifest. */
    private void probe() {
        int s = manifest.sizeMultiple();
        int f = manifest.downscale();
        int g = s / f;
        int channels = manifest.latentChannels();
        float[] grey = new float[3 * s * s];
        Arrays.fill(grey, 0.5f);
        String probeText = "a 1x3x" + s + "x" + s + " probe image";
        TensorIo.Output enc = encoder.runRaw(grey, new long[] {1, 3, s, s});
        long[] es = enc.shape();
        String encLabel = manifest.encoder().file() + " in " + manifest.directory();
        if (es.length != 4 || es[0] != 1) {
            throw new CodecException(encLabel + " returned shape " + Arrays.toString(es) + " for " + probeText
                    + ", expected [1, " + channels + ", " + g + ", " + g + "]");
        }
        if (es[1] != channels) {
            throw new CodecException(encLabel + " returns " + es[1] + " latent channels for " + probeText
                    + " but model.json says latentChannels = " + channels);
        }
        if (es[2] != g || es[3] != g) {
            throw new CodecException(encLabel + " returns a " + es[2] + "x" + es[3] + " grid for " + probeText
                    + ", expected " + g + "x" + g + " (model.json says downscale = " + f + ")");
        }
        float[] latent = new float[channels * g * g];
        TensorIo.copyOut(enc.values(), latent, 0, encoder.outputMap(), false);
        TensorIo.Output dec = decoder.runRaw(latent, new long[] {1, channels, g, g});
        long[] ds = dec.shape();
        String decLabel = manifest.decoder().file() + " in " + manifest.directory();
        if (ds.length != 4 || ds[0] != 1 || ds[1] != 3) {
            throw new CodecException(decLabel + " returned shape " + Arrays.toString(ds) + " for a 1x" + channels + "x"
                    + g + "x" + g + " probe grid, expected [1, 3, " + s + ", " + s + "] (RGB)");
        }
        if (ds[2] != s || ds[3] != s) {
            throw new CodecException(decLabel + " returns a " + ds[2] + "x" + ds[3] + " image for a " + g + "x" + g
                    + " probe grid, expected " + s + "x" + s + " (model.json says downscale = " + f + ")");
        }
    }

    /** Reads the {@code [K, L]} codebook with the project's one .npy reader (libs/core). */
    private static NpyArray readCodebook(Path path, ModelManifest manifest) {
        NpyArray codes;
        try {
            codes = Npy.read(path);
        } catch (NpyFormatException e) {
            throw new CodecException(e.getMessage(), e); // already names the file
        } catch (IOException e) {
            throw new CodecException("cannot read " + path + ": " + e, e);
        }
        String where = path.getFileName() + " in " + manifest.directory();
        if (codes.rank() != 2 || codes.type() != NpyArray.Type.FLOAT32 || codes.dim(0) < 1) {
            throw new CodecException(where + " holds " + codes.type().name().toLowerCase(java.util.Locale.ROOT)
                    + " of shape " + codes.shapeString() + " but a codebook must be a float32 [K, L] array with K >= 1");
        }
        if (codes.dim(1) != manifest.latentChannels()) {
            throw new CodecException(where + " has shape [" + codes.dim(0) + ", " + codes.dim(1)
                    + "] but model.json says latentChannels = " + manifest.latentChannels()
                    + "; a codebook must be [K, latentChannels]");
        }
        return codes;
    }

    /** Session creation failed for {@link #file}; the cause is ONNX Runtime's exception. */
    private static final class SessionFailure extends Exception {
        final String file;

        SessionFailure(String file, OrtException cause) {
            super(cause);
            this.file = file;
        }
    }

    /** Both networks, created with one set of session options. */
    private record Networks(OnnxEncoder encoder, OnnxDecoder decoder) {

        static Networks create(OrtEnvironment env, ModelManifest manifest, CodecOptions options, boolean cuda)
                throws SessionFailure {
            OnnxEncoder encoder = null;
            try (OrtSession.SessionOptions so = sessionOptions(options, cuda, manifest.encoder().file())) {
                try {
                    encoder = OnnxEncoder.create(env, manifest, so, options.effectiveMaxBatch(cuda));
                } catch (OrtException e) {
                    throw new SessionFailure(manifest.encoder().file(), e);
                }
                try {
                    return new Networks(encoder, OnnxDecoder.create(env, manifest, so, options.effectiveMaxBatch(cuda)));
                } catch (OrtException e) {
                    encoder.close();
                    throw new SessionFailure(manifest.decoder().file(), e);
                } catch (RuntimeException | Error e) {
                    encoder.close();
                    throw e;
                }
            }
        }

        private static OrtSession.SessionOptions sessionOptions(CodecOptions options, boolean cuda, String file)
                throws SessionFailure {
            try {
                return OrtRuntime.sessionOptions(options, cuda);
            } catch (OrtException e) {
                throw new SessionFailure(file, e);
            }
        }
    }
}
