package io.latentpatch.codec.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.latentpatch.codec.CodecException;
import io.latentpatch.codec.ImageBatch;
import io.latentpatch.codec.LatentBatch;
import java.util.Arrays;

/**
 * The decoder network of an ONNX model: owns its session, checked against the manifest when it
 * is created. Input {@code [N, L, h, w]} float32 (named {@code decoder.input}), output
 * {@code [N, 3, f·h, f·w]} (named {@code decoder.output}). Latents are mapped back by
 * {@code latentScale}/{@code latentShift}; outputs are mapped from {@code outputRange} to [0, 1]
 * and clamped to [0, 1]. Thread-safe.
 */
public final class OnnxDecoder implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelManifest manifest;
    private final int maxBatch;
    private final String label;
    private final TensorIo.Affine inputMap;
    private final TensorIo.Affine outputMap;

    private OnnxDecoder(OrtEnvironment env, OrtSession session, ModelManifest manifest, int maxBatch) {
        this.env = env;
        this.session = session;
        this.manifest = manifest;
        this.maxBatch = maxBatch;
        this.label = manifest.decoder().file() + " in " + manifest.directory();
        this.inputMap = new TensorIo.Affine(1f / manifest.latentScale(), manifest.latentShift());
        ModelManifest.Range r = manifest.outputRange();
        float span = r.max() - r.min();
        this.outputMap = new TensorIo.Affine(1f / span, -r.min() / span);
        TensorIo.checkSignature(session, label, "decoder", manifest.decoder().input(), manifest.decoder().output(),
                manifest.latentChannels(), "model.json says latentChannels", 3, "an RGB image needs");
    }

    /**
     * Creates the session and checks its signature.
     *
     * @throws OrtException when ONNX Runtime cannot create the session (invalid file, provider failure)
     * @throws CodecException when the session does not match the manifest
     */
    static OnnxDecoder create(OrtEnvironment env, ModelManifest manifest, OrtSession.SessionOptions options,
                              int maxBatch) throws OrtException {
        OrtSession session = env.createSession(manifest.decoderPath().toString(), options);
        try {
            return new OnnxDecoder(env, session, manifest, maxBatch);
        } catch (RuntimeException | Error e) {
            session.close();
            throw e;
        }
    }

    /** Largest chunk sent to the network in one run. */
    int maxBatch() {
        return maxBatch;
    }

    /** Decodes {@code latents} in chunks of at most {@code maxBatch}; values of the result lie in [0, 1]. */
    public ImageBatch decode(LatentBatch latents) {
        int channels = manifest.latentChannels();
        if (latents.channels() != channels) {
            throw new CodecException(manifest.name() + " decodes grids of " + channels + " latent channels, got "
                    + latents.channels() + " (were these latents made by another codec?)");
        }
        int f = manifest.downscale();
        int height = latents.height() * f;
        int width = latents.width() * f;
        int image = 3 * height * width;
        float[] out = new float[Math.multiplyExact(latents.n(), image)];
        for (int start = 0; start < latents.n(); start += maxBatch) {
            int count = Math.min(maxBatch, latents.n() - start);
            long[] inShape = {count, channels, latents.height(), latents.width()};
            long[] expected = {count, 3, height, width};
            TensorIo.Output result = runChecked(latents.data(), start * latents.sampleLength(), inShape);
            if (!Arrays.equals(result.shape(), expected)) {
                throw new CodecException(label + " returned shape " + Arrays.toString(result.shape()) + " for input "
                        + Arrays.toString(inShape) + ", expected " + Arrays.toString(expected));
            }
            TensorIo.copyOut(result.values(), out, start * image, outputMap, true);
        }
        return new ImageBatch(latents.n(), height, width, out);
    }

    /** One run without shape checks, for the load-time probe: takes codec latents, returns the raw output. */
    TensorIo.Output runRaw(float[] latent, long[] shape) {
        return runChecked(latent, 0, shape);
    }

    private TensorIo.Output runChecked(float[] data, int offset, long[] shape) {
        try {
            return TensorIo.run(env, session, manifest.decoder().input(), manifest.decoder().output(), data, offset,
                    shape, inputMap);
        } catch (OrtException e) {
            throw new CodecException(label + " failed on input " + Arrays.toString(shape) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new CodecException("closing " + label + ": " + e.getMessage(), e);
        }
    }
}
