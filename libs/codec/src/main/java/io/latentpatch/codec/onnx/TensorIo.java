package io.latentpatch.codec.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.latentpatch.codec.CodecException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/** The ONNX Runtime edge shared by {@link OnnxEncoder} and {@link OnnxDecoder}: signature checks and one run. */
final class TensorIo {

    private TensorIo() {
    }

    /** {@code y = x * scale + offset}, applied while copying values across the edge. */
    record Affine(float scale, float offset) {
        static final Affine IDENTITY = new Affine(1f, 0f);

        boolean isIdentity() {
            return scale == 1f && offset == 0f;
        }
    }

    /** An output tensor copied out of native memory, with its shape. */
    record Output(long[] shape, FloatBuffer values) {
    }

    /**
     * Checks that the session has exactly the named float32 rank-4 input, has the named float32
     * rank-4 output, and that their channel dimension (where static) matches.
     *
     * @param label           e.g. {@code "encoder.onnx in /models/taef2"}
     * @param inputChannels   expected size of dimension 1 of the input
     * @param outputChannels  expected size of dimension 1 of the output
     */
    static void checkSignature(OrtSession session, String label, String role, String inName, String outName,
                               int inputChannels, String inputWhat, int outputChannels, String outputWhat) {
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            if (!inputs.containsKey(inName)) {
                throw new CodecException(label + " has input(s) " + inputs.keySet() + " but model.json says "
                        + role + ".input = \"" + inName + "\"");
            }
            if (inputs.size() != 1) {
                throw new CodecException(label + " has inputs " + inputs.keySet() + "; expected exactly one input \""
                        + inName + "\"");
            }
            if (!outputs.containsKey(outName)) {
                throw new CodecException(label + " has output(s) " + outputs.keySet() + " but model.json says "
                        + role + ".output = \"" + outName + "\"");
            }
            checkTensor(label, "input", inName, inputs.get(inName), inputChannels, inputWhat);
            checkTensor(label, "output", outName, outputs.get(outName), outputChannels, outputWhat);
        } catch (OrtException e) {
            throw new CodecException(label + ": cannot read its inputs and outputs: " + e.getMessage(), e);
        }
    }

    private static void checkTensor(String label, String kind, String name, NodeInfo node, int channels, String what) {
        if (!(node.getInfo() instanceof TensorInfo info)) {
            throw new CodecException(label + ": " + kind + " \"" + name + "\" is " + node.getInfo()
                    + ", expected a float32 tensor");
        }
        long[] shape = info.getShape();
        if (info.type != OnnxJavaType.FLOAT || shape.length != 4) {
            throw new CodecException(label + ": " + kind + " \"" + name + "\" is " + info.type + " of shape "
                    + Arrays.toString(shape) + ", expected FLOAT of rank 4 [N, C, H, W]");
        }
        if (shape[1] >= 0 && shape[1] != channels) {
            throw new CodecException(label + ": " + kind + " \"" + name + "\" has " + shape[1] + " channels (shape "
                    + Arrays.toString(shape) + ") but " + what + " = " + channels);
        }
    }

    /**
     * Runs {@code session} on {@code count = product(shape)} values of {@code data} from {@code offset},
     * mapped by {@code map}, and copies the named output out.
     */
    static Output run(OrtEnvironment env, OrtSession session, String inName, String outName,
                      float[] data, int offset, long[] shape, Affine map) throws OrtException {
        int count = Math.toIntExact(shape[0] * shape[1] * shape[2] * shape[3]);
        // ONNX Runtime reads a direct buffer in native byte order without copying it.
        FloatBuffer buffer = ByteBuffer.allocateDirect(count * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        if (map.isIdentity()) {
            buffer.put(data, offset, count);
        } else {
            float s = map.scale();
            float o = map.offset();
            for (int i = 0; i < count; i++) {
                buffer.put(i, data[offset + i] * s + o);
            }
        }
        buffer.rewind();
        try (OnnxTensor input = OnnxTensor.createTensor(env, buffer, shape);
             OrtSession.Result result = session.run(Map.of(inName, input), Set.of(outName))) {
            OnnxValue value = result.get(outName).orElseThrow(
                    () -> new CodecException("ONNX Runtime returned no output \"" + outName + "\""));
            if (!(value instanceof OnnxTensor tensor) || tensor.getInfo().type != OnnxJavaType.FLOAT) {
                throw new CodecException("output \"" + outName + "\" is " + value.getInfo() + ", expected a float32 tensor");
            }
            return new Output(tensor.getInfo().getShape(), tensor.getFloatBuffer());
        }
    }

    /** Copies {@code values} into {@code out} from {@code offset}, mapped, optionally clamped to [0, 1]. */
    static void copyOut(FloatBuffer values, float[] out, int offset, Affine map, boolean clampUnit) {
        int count = values.remaining();
        values.get(out, offset, count);
        if (!map.isIdentity() || clampUnit) {
            float s = map.scale();
            float o = map.offset();
            for (int i = offset, end = offset + count; i < end; i++) {
                float v = out[i] * s + o;
                // NaN fails both tests and becomes 0, so a broken decode never leaks NaN into a PNG.
                out[i] = clampUnit ? (v >= 0f ? (v <= 1f ? v : 1f) : 0f) : v;
            }
        }
    }
}
