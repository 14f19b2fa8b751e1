package io.latentpatch.codec;

import java.util.List;
import java.util.Objects;

/**
 * A batch of {@code n} RGB images of equal size, channels first, as one flat array.
 *
 * <p>Layout: {@code data[((i * 3 + c) * height + y) * width + x]} for image {@code i}, channel
 * {@code c} (0 = R, 1 = G, 2 = B), row {@code y}, column {@code x}. Values are sRGB as stored in
 * the file, scaled to [0, 1] (8-bit value / 255); no gamma or mean/std normalisation.
 *
 * <p>The record holds the array itself, not a copy: callers must not change it while a codec is
 * using it. {@code equals} compares the array by identity, as records do.
 */
public record ImageBatch(int n, int height, int width, float[] data) {

    /** Colour channels per image (R, G, B). */
    public static final int CHANNELS = 3;

    public ImageBatch {
        if (n < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "image batch needs n, height and width >= 1, got n=" + n + ", " + height + "x" + width);
        }
        if (data == null) {
            throw new IllegalArgumentException("image batch data is null");
        }
        long expected = (long) n * CHANNELS * height * width;
        if (data.length != expected) {
            throw new IllegalArgumentException("image batch " + n + "x3x" + height + "x" + width
                    + " needs " + expected + " floats, got " + data.length);
        }
    }

    /** One image ({@code 3 × height × width} floats, CHW) as a batch of one; the array is not copied. */
    public static ImageBatch single(int height, int width, float[] chw) {
        return new ImageBatch(1, height, width, chw);
    }

    /** Stacks equally sized CHW images into one batch (copies them). */
    public static ImageBatch stack(List<float[]> images, int height, int width) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("cannot stack an empty list of images");
        }
        int len = CHANNELS * height * width;
        float[] data = new float[Math.multiplyExact(images.size(), len)];
        for (int i = 0; i < images.size(); i++) {
            float[] image = images.get(i);
            if (image.length != len) {
                throw new IllegalArgumentException("image " + i + " has " + image.length
                        + " floats, expected 3x" + height + "x" + width + " = " + len);
            }
            System.arraycopy(image, 0, data, i * len, len);
        }
        return new ImageBatch(images.size(), height, width, data);
    }

    /** Floats per image: {@code 3 * height * width}. */
    public int imageLength() {
        return CHANNELS * height * width;
    }

    /** A copy of image {@code i} as a CHW array. */
    public float[] image(int i) {
        Objects.checkIndex(i, n);
        float[] out = new float[imageLength()];
        System.arraycopy(data, i * imageLength(), out, 0, out.length);
        return out;
    }

    /** A copy of images {@code from} (inclusive) to {@code to} (exclusive). */
    public ImageBatch slice(int from, int to) {
        Objects.checkFromToIndex(from, to, n);
        int len = imageLength();
        float[] out = new float[(to - from) * len];
        System.arraycopy(data, from * len, out, 0, out.length);
        return new ImageBatch(to - from, height, width, out);
    }
}
