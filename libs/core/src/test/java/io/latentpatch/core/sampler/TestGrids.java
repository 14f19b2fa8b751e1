package io.latentpatch.core.sampler;

import io.latentpatch.core.grid.LatentGrid;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded random grids for sampler tests. */
final class TestGrids {
    private TestGrids() {}

    static LatentGrid gaussian(int channels, int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] d = new float[channels * size * size];
        for (int i = 0; i < d.length; i++) d[i] = (float) rng.nextGaussian();
        return new LatentGrid(channels, size, d);
    }

    static List<LatentGrid> gaussians(int count, int channels, int size, long seed) {
        List<LatentGrid> out = new ArrayList<>(count);
        for (int b = 0; b < count; b++) out.add(gaussian(channels, size, seed * 1_000_003L + b));
        return out;
    }

    /** A bank of {@code count} Gaussian sources holding every size of {@code params}' schedule. */
    static SourceBank bank(int count, int dims, int size, SamplerParams params, long seed) {
        return SourceBank.forParams(gaussians(count, dims, size, seed), null, null, params);
    }
}
