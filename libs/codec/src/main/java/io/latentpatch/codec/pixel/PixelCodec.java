package io.latentpatch.codec.pixel;

import io.latentpatch.codec.Codec;
import io.latentpatch.codec.CodecException;
import io.latentpatch.codec.ExecutionProvider;
import io.latentpatch.codec.ImageBatch;
import io.latentpatch.codec.LatentBatch;
import io.latentpatch.core.grid.PixelBlocks;
import java.util.Optional;

/**
 * The built-in codec that needs no model file: space-to-depth. Each {@code f × f} block of pixels
 * becomes one latent vector of {@code L = 3·f²} raw pixel values, and decoding puts them back, so
 * {@code decode(encode(x))} returns {@code x} bit for bit.
 *
 * <p>Channel order {@code (c, dy, dx)}, the {@link PixelBlocks} layout: latent channel
 * {@code k = (c * f + dy) * f + dx} of cell {@code (gy, gx)} holds colour {@code c} of pixel
 * {@code (gy·f + dy, gx·f + dx)}. So
 * {@code latent[((i*L + k)*h + gy)*w + gx] = image[((i*3 + c)*H + gy*f + dy)*W + gx*f + dx]}.
 *
 * <p>{@link #f16()} (L = 768) on 256×256 images gives the paper's 16×16 grid; {@link #f8()}
 * (L = 192) gives 32×32, the same grid as the TAESD models.
 */
public final class PixelCodec implements Codec {

    /** Preferred image side for every pixel codec. */
    public static final int IMAGE_SIZE = 256;

    private final int block;
    private final PixelBlocks layout;
    private final String name;

    /** A pixel codec with {@code block × block} blocks; {@code block} ≥ 1. */
    public PixelCodec(int block) {
        if (block < 1) {
            throw new IllegalArgumentException("block size must be >= 1, got " + block);
        }
        this.block = block;
        this.layout = new PixelBlocks(block);
        this.name = "pixel-f" + block;
    }

    /** 8×8 blocks: L = 192, a 32×32 grid for 256×256 images. */
    public static PixelCodec f8() {
        return new PixelCodec(8);
    }

    /** 16×16 blocks: L = 768, a 16×16 grid for 256×256 images (the default). */
    public static PixelCodec f16() {
        return new PixelCodec(16);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int latentChannels() {
        return 3 * block * block;
    }

    @Override
    public int downscale() {
        return block;
    }

    @Override
    public int preferredImageSize() {
        return IMAGE_SIZE;
    }

    /** Always present: this codec's latent is the picture's pixel blocks. */
    @Override
    public Optional<PixelBlocks> pixelLayout() {
        return Optional.of(layout);
    }

    @Override
    public Optional<float[]> codebook() {
        return Optional.empty();
    }

    @Override
    public int codebookSize() {
        return 0;
    }

    @Override
    public ExecutionProvider activeProvider() {
        return ExecutionProvider.CPU;
    }

    @Override
    public LatentBatch encode(ImageBatch images) {
        int height = images.height();
        int width = images.width();
        if (height % block != 0 || width % block != 0) {
            throw new CodecException(name + " needs image height and width that are multiples of " + block
                    + ", got " + height + "x" + width);
        }
        int gh = height / block;
        int gw = width / block;
        int channels = latentChannels();
        float[] in = images.data();
        float[] out = new float[in.length];
        for (int i = 0; i < images.n(); i++) layout.fold(in, i * 3 * height * width, gh, gw, out, i * channels * gh * gw);
        return new LatentBatch(images.n(), channels, gh, gw, out);
    }

    @Override
    public ImageBatch decode(LatentBatch latents) {
        int channels = latentChannels();
        if (latents.channels() != channels) {
            throw new CodecException(name + " decodes grids of " + channels + " channels (3x" + block + "x" + block
                    + "), got " + latents.channels() + " channels");
        }
        int gh = latents.height();
        int gw = latents.width();
        int height = gh * block;
        int width = gw * block;
        float[] in = latents.data();
        float[] out = new float[in.length];
        for (int i = 0; i < latents.n(); i++) layout.unfold(in, i * channels * gh * gw, gh, gw, out, i * 3 * height * width);
        return new ImageBatch(latents.n(), height, width, out);
    }

    @Override
    public void close() {
        // nothing native to free
    }

    @Override
    public String toString() {
        return name + " (L=" + latentChannels() + ", f=" + block + ")";
    }
}
