package io.latentpatch.codec.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.latentpatch.codec.CodecException;
import io.latentpatch.codec.ImageBatch;
import io.latentpatch.codec.LatentBatch;
import java.util.Arrays;

/**
 * The encoder network of an ONNX model: owns its session, checked against the manifest when
 * it is created. Input {@code [N, 3, H, W]} float32 (named {@code encoder.input}), output
 * {@code [N, L, H/f, W/f]} (named {@code encoder.output}). Images in [0, 1] are mapped onto the
 * manifest's {@code inputRange}; outputs are mapped by {@code latentScale}/{@code latentShift}.
 * Thread-safe.
 */
public final class OnnxEncoder implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelManifest manifest;
    private final int maxBatch;
    private final String label;
    private final TensorIo.Affine inputMap;
    private final TensorIo.Affine outputMap;

    private OnnxEncoder(OrtEnvironment env, OrtSession session, ModelManifest manifest, int maxBatch) {
        this.env = env;
        this.session = session;
        this.manifest = manifest;
        this.maxBatch = maxBatch;
        this.label = manifest.encoder().file() + " in " + manifest.directory();
        ModelManifest.Range r = manifest.inputRange();
        this.inputMap = new TensorIo.Affine(r.max() - r.min(), r.min());
        this.outputMap = new TensorIo.Affine(manifest.latentScale(), -manifest.latentShift() * manifest.latentScale());
        TensorIo.checkSignature(session, label, "encoder", manifest.encoder().input(), manifest.encoder().output(),
                3, "an RGB image needs", manifest.latentChannels(), "model.json says latentChannels");
    }

    /**
     * Creates the session and checks its signature.
     *
     * @throws OrtException when ONNX Runtime cannot create the session (invalid file, provider failure)
     * @throws CodecException when the session does not match the manifest
     */
    static OnnxEncoder create(OrtEnvironment env, ModelManifest manifest, OrtSession.SessionOptions options,
                              int maxBatch) throws OrtException {
        OrtSession session = env.createSession(manifest.encoderPath().toString(), options);
        try {
            return new OnnxEncoder(env, session, manifest, maxBatch);
        } catch (RuntimeException | Error e) {
            session.close();
            throw e;
        }
    }

    /** Encodes {@code images} in chunks of at most {@code maxBatch}. */
    public LatentBatch encode(ImageBatch images) {
        int m = manifest.sizeMultiple();
        if (images.height() % m != 0 || images.width() % m != 0) {
            throw new CodecException(manifest.name() + " needs image height and width that are multiples of " + m
                    + ", got " + images.height() + "x" + images.width() + "; resize or pad the images first");
        }
        int f = manifest.downscale();
        int channels = manifest.latentChannels();
        int gh = images.height() / f;
        int gw = images.width() / f;
        int sample = channels * gh * gw;
        float[] out = new float[Math.multiplyExact(images.n(), sample)];
        for (int start = 0; start < images.n(); start += maxBatch) {
            int count = Math.min(maxBatch, images.n() - start);
            long[] inShape = {count, 3, images.height(), images.width()};
            long[] expected = {count, channels, gh, gw};
            TensorIo.Output result = runChecked(images.data(), start * images.imageLength(), inShape);
            if (!Arrays.equals(result.shape(), expected)) {
                throw new CodecException(label + " returned shape " + Arrays.toString(result.shape()) + " for input "
                        + Arrays.toString(inShape) + ", expected " + Arrays.toString(expected));
            }
            TensorIo.copyOut(result.values(), out, start * sample, outputMap, false);
        }
        return new LatentBatch(images.n(), channels, gh, gw, out);
    }

    /** One run without shape checks, for the load-time probe: returns the raw output. */
    TensorIo.Output runRaw(float[] image, long[] shape) {
        return runChecked(image, 0, shape);
    }

    private TensorIo.Output runChecked(float[] data, int offset, long[] shape) {
        try {
            return TensorIo.run(env, session, manifest.encoder().input(), manifest.encoder().output(), data, offset,
                    shape, inputMap);
        } catch (OrtException e) {
            throw new CodecException(label + " failed on input " + Arrays.toString(shape) + ": " + e.getMessage(), e);
        }
    }

    /** Maps a raw network output to codec latents (the same map {@link #encode} applies). */
    TensorIo.Affine outputMap() {
        return outputMap;
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
