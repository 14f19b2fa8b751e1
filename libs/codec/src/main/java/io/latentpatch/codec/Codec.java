package io.latentpatch.codec;

import io.latentpatch.core.grid.PixelBlocks;
import java.util.Optional;

/**
 * Turns RGB images into grids of latent vectors and back.
 *
 * <p>Shapes: {@link #encode} takes an {@link ImageBatch} {@code N × 3 × H × W} (values in [0, 1],
 * {@code H} and {@code W} multiples of {@link #sizeMultiple()}) and returns a {@link LatentBatch}
 * {@code N × L × H/f × W/f} with {@code L = }{@link #latentChannels()} and
 * {@code f = }{@link #downscale()}. {@link #decode} takes such a grid and returns images
 * {@code N × 3 × f·h × f·w} with values in [0, 1]. Every failure is a {@link CodecException}.
 *
 * <p>Implementations are safe to call from several threads at once. Close the codec to free its
 * native sessions.
 */
public interface Codec extends AutoCloseable {

    /** Short name, e.g. {@code taef2} or {@code pixel-f16}; recorded in job outputs. */
    String name();

    /** Number of latent channels {@code L} per grid cell. */
    int latentChannels();

    /** Ratio {@code f} of image side to latent-grid side. */
    int downscale();

    /** Image height and width must be multiples of this (at least {@link #downscale()}). */
    default int sizeMultiple() {
        return downscale();
    }

    /** Square image side the codec is made for (256 for every codec shipped): the side to resize inputs to. */
    int preferredImageSize();

    /**
     * The codebook of a vector-quantised model, {@code K × L} row-major ({@code data[k * L + l]}),
     * as a fresh copy; empty for continuous latents. Lets the engine snap synthesized vectors to
     * the nearest code (the "quantize" finish).
     */
    Optional<float[]> codebook();

    /** Number of codebook entries {@code K}; 0 when there is no codebook. */
    int codebookSize();

    /**
     * The layout of a latent that is the picture's own pixels, {@code f × f} RGB blocks per cell
     * ({@link PixelBlocks}), or empty for a learned latent. The blend finish works on the unfolded picture
     * when it is present, since neighbouring cells of such a latent are pixels a block apart.
     */
    default Optional<PixelBlocks> pixelLayout() {
        return Optional.empty();
    }

    /** Where the networks run now: {@link ExecutionProvider#CPU} or {@link ExecutionProvider#CUDA}. */
    ExecutionProvider activeProvider();

    /** Encodes a batch; large batches are processed in chunks of {@link CodecOptions#effectiveMaxBatch}. */
    LatentBatch encode(ImageBatch images);

    /** Decodes a batch; values of the result lie in [0, 1]. */
    ImageBatch decode(LatentBatch latents);

    /** Frees native resources; idempotent. */
    @Override
    void close();
}
