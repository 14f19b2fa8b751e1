package io.latentpatch.core.sampler;

import java.util.SplittableRandom;

/**
 * Derives the seed of one output image from the job seed and the image's index.
 *
 * <p>Definition (stable, part of the output contract): {@code imageSeed(jobSeed, i)} is the
 * {@code (i + 1)}-th output of a SplitMix64 generator started at state {@code jobSeed}, i.e.
 * {@code z = jobSeed + (i + 1) * 0x9E3779B97F4A7C15}, then the SplitMix64 finaliser
 * {@code z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9; z = (z ^ (z >>> 27)) * 0x94D049BB133111EB; z ^ (z >>> 31)}.
 * Every random choice of image {@code i} draws from {@code new SplittableRandom(imageSeed(jobSeed, i))},
 * so an image depends on its own index only, never on which other images are generated with it.
 */
public final class SeedMixer {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private SeedMixer() {}

    /** The seed of image {@code imageIndex} (≥ 0) of a job seeded with {@code jobSeed}. */
    public static long imageSeed(long jobSeed, int imageIndex) {
        if (imageIndex < 0) throw new IllegalArgumentException("image index must be >= 0, got " + imageIndex);
        return mix64(jobSeed + (imageIndex + 1L) * GOLDEN_GAMMA);
    }

    /** The generator every random choice of image {@code imageIndex} draws from. */
    public static SplittableRandom imageRandom(long jobSeed, int imageIndex) {
        return new SplittableRandom(imageSeed(jobSeed, imageIndex));
    }

    /** SplitMix64 finaliser (Steele, Lea, Flood 2014): a bijective 64-bit mix. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
