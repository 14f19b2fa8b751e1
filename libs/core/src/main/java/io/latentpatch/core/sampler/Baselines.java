package io.latentpatch.core.sampler;

import io.latentpatch.core.grid.LatentGrid;
import java.util.SplittableRandom;

/**
 * The evaluation baselines of the paper's Fig. 1 a/b, at M only. Both samplers use this code: it is
 * already as simple as a reference can be.
 */
final class Baselines {
    private Baselines() {}

    static SampleResult sample(SourceBank bank, SamplerParams params, long jobSeed, int imageIndex) {
        long seed = SeedMixer.imageSeed(jobSeed, imageIndex);
        SplittableRandom rng = new SplittableRandom(seed);
        int m = bank.gridSize();
        int r = bank.dims();
        LatentGrid canvas = LatentGrid.zeros(r, m);
        int[] provenance = new int[m * m];
        switch (params.method()) {
            case RANDOM_CELL -> {
                for (int y = 0; y < m; y++) {
                    for (int x = 0; x < m; x++) paste(bank, canvas, provenance, rng.nextInt(bank.count()), y, x, 1);
                }
            }
            case RANDOM_PATCH -> {
                int[] corners = ScaleSchedule.corners(m, params.patch(), params.patch());
                for (int cy : corners) {
                    for (int cx : corners) paste(bank, canvas, provenance, rng.nextInt(bank.count()), cy, cx, params.patch());
                }
            }
            case LATENTPATCH -> throw new IllegalArgumentException("not a baseline: " + params.method());
        }
        return SampleResult.wrap(imageIndex, seed, provenance, canvas);
    }

    private static void paste(SourceBank bank, LatentGrid canvas, int[] provenance, int b, int cy, int cx, int size) {
        int m = canvas.size();
        for (int y = cy; y < cy + size; y++) {
            for (int x = cx; x < cx + size; x++) {
                for (int c = 0; c < canvas.channels(); c++) canvas.set(c, y, x, bank.value(m, b, c, y, x));
                provenance[y * m + x] = bank.sourceId(b);
            }
        }
    }
}
