package io.latentpatch.codec;

import java.util.List;
import java.util.Objects;

/**
 * A batch of {@code n} latent grids of equal shape, channels first, as one flat array.
 *
 * <p>Layout: {@code data[((i * channels + k) * height + y) * width + x]} for sample {@code i},
 * latent channel {@code k}, grid row {@code y}, grid column {@code x}. The grid is the image
 * size divided by the codec's {@link Codec#downscale() downscale}; values are whatever the
 * codec's encoder produces (unitless, typically within ±3 for the TAESD family).
 *
 * <p>The record holds the array itself, not a copy. {@code equals} compares the array by
 * identity, as records do.
 */
public record LatentBatch(int n, int channels, int height, int width, float[] data) {

    public LatentBatch {
        if (n < 1 || channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("latent batch needs every dimension >= 1, got "
                    + n + "x" + channels + "x" + height + "x" + width);
        }
        if (data == null) {
            throw new IllegalArgumentException("latent batch data is null");
        }
        long expected = (long) n * channels * height * width;
        if (data.length != expected) {
            throw new IllegalArgumentException("latent batch " + n + "x" + channels + "x" + height + "x"
                    + width + " needs " + expected + " floats, got " + data.length);
        }
    }

    /** One grid ({@code channels × height × width} floats) as a batch of one; not copied. */
    public static LatentBatch single(int channels, int height, int width, float[] grid) {
        return new LatentBatch(1, channels, height, width, grid);
    }

    /** Stacks equally shaped grids into one batch (copies them). */
    public static LatentBatch stack(List<float[]> grids, int channels, int height, int width) {
        if (grids.isEmpty()) {
            throw new IllegalArgumentException("cannot stack an empty list of latent grids");
        }
        int len = channels * height * width;
        float[] data = new float[Math.multiplyExact(grids.size(), len)];
        for (int i = 0; i < grids.size(); i++) {
            float[] grid = grids.get(i);
            if (grid.length != len) {
                throw new IllegalArgumentException("latent grid " + i + " has " + grid.length
                        + " floats, expected " + channels + "x" + height + "x" + width + " = " + len);
            }
            System.arraycopy(grid, 0, data, i * len, len);
        }
        return new LatentBatch(grids.size(), channels, height, width, data);
    }

    /** Floats per sample: {@code channels * height * width}. */
    public int sampleLength() {
        return channels * height * width;
    }

    /** A copy of sample {@code i} ({@code channels × height × width}, channels first). */
    public float[] sample(int i) {
        Objects.checkIndex(i, n);
        float[] out = new float[sampleLength()];
        System.arraycopy(data, i * sampleLength(), out, 0, out.length);
        return out;
    }

    /** A copy of samples {@code from} (inclusive) to {@code to} (exclusive). */
    public LatentBatch slice(int from, int to) {
        Objects.checkFromToIndex(from, to, n);
        int len = sampleLength();
        float[] out = new float[(to - from) * len];
        System.arraycopy(data, from * len, out, 0, out.length);
        return new LatentBatch(to - from, channels, height, width, out);
    }
}
