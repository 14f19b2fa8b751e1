package io.latentpatch.core.sampler;

import io.latentpatch.core.resample.Resize;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Scratch space of one thread of the fast sampler, and the lockstep loop: up to {@code capacity} images
 * walk the same steps together, so that one pass over a step's candidates serves all of them (a small
 * matrix product queries × candidates). Each image keeps its own generator and canvas; the distance
 * of every (image, candidate) pair is computed in the fixed order of {@link DistanceKernels}, so an
 * image's result does not depend on its companions. Allocation happens here once, never per step.
 */
final class Lockstep {
    /** Splits the candidate tiles of one step across threads; {@code null} means the caller does all. */
    interface StepRunner {
        void distances(float[] level, int tiles, int tileWidth, int r, int[] cells, float[][] queries, int nq, float[][] out);
    }

    private final SamplingPlan plan;
    private final int capacity;
    private final int r;
    private final int count;
    private final int tiles;
    private final int tileWidth;
    private final float penalty;
    private final float[][] canvas;   // per image, cell-major [cell][c] at the current size
    private float[] spare;            // upsampling target, swapped with a canvas
    private final int[][] src;        // per image, bank entry per cell or TARGET
    private final int[][] uses;       // per image, patches taken per bank entry (penalty only)
    private final float[][] dist;     // per image, distance per bank entry (tiles·T, padding included)
    private final SplittableRandom[] rng;
    private final long[] seeds;
    private final float[] topD;
    private final int[] topB;

    Lockstep(SamplingPlan plan, int capacity) {
        this.plan = plan;
        this.capacity = capacity;
        SourceBank bank = plan.bank;
        this.r = bank.dims();
        this.count = bank.count();
        this.tiles = bank.tiles();
        this.tileWidth = bank.tileWidth();
        this.penalty = plan.params.sourceReusePenalty();
        int cells = bank.gridSize() * bank.gridSize();
        canvas = new float[capacity][cells * r];
        spare = new float[cells * r];
        src = new int[capacity][cells];
        uses = penalty > 0 ? new int[capacity][count] : null;
        dist = new float[capacity][tiles * tileWidth];
        rng = new SplittableRandom[capacity];
        seeds = new long[capacity];
        int kMax = 1;
        for (int k : plan.ks) kMax = Math.max(kMax, k);
        topD = new float[kMax];
        topB = new int[kMax];
    }

    /** Samples images {@code first .. first + n − 1} (n ≤ capacity) into {@code out[outOffset ..]}. */
    void run(long jobSeed, int first, int n, SampleResult[] out, int outOffset, StepRunner runner) {
        for (int q = 0; q < n; q++) {
            seeds[q] = SeedMixer.imageSeed(jobSeed, first + q);
            rng[q] = new SplittableRandom(seeds[q]);
            if (uses != null) Arrays.fill(uses[q], 0);
        }
        int previous = 0;
        for (int s = 0; s < plan.passes.length; s++) {
            SamplingPlan.Pass pass = plan.passes[s];
            int m = pass.m();
            for (int q = 0; q < n; q++) {
                if (s == 0) start(q, m);
                else upsample(q, previous, m, s, pass);
            }
            for (SamplingPlan.Step step : pass.steps()) {
                int[] valid = step.valid();
                if (valid.length == 0) {
                    for (int q = 0; q < n; q++) paste(q, uniform(rng[q]), step, pass);
                } else {
                    if (runner == null) {
                        DistanceKernels.distances(pass.level(), tiles, tileWidth, r, valid, valid.length, canvas, n, dist, 0, tiles);
                    } else {
                        runner.distances(pass.level(), tiles, tileWidth, r, valid, canvas, n, dist);
                    }
                    for (int q = 0; q < n; q++) paste(q, select(q, pass.k()), step, pass);
                }
            }
            previous = m;
        }
        int m = previous;
        for (int q = 0; q < n; q++) {
            int[] provenance = new int[m * m];
            for (int cell = 0; cell < m * m; cell++) {
                int b = src[q][cell];
                provenance[cell] = b == SampleResult.TARGET ? SampleResult.TARGET : plan.bank.sourceId(b);
            }
            out[outOffset + q] = new SampleResult(first + q, seeds[q], provenance, SamplingPlan.toChannelsFirst(canvas[q], r, m), true);
        }
    }

    private void start(int q, int m) {
        Arrays.fill(src[q], 0, m * m, SampleResult.TARGET);
        if (plan.guide == null) Arrays.fill(canvas[q], 0, m * m * r, 0f);
        else System.arraycopy(plan.guide[0], 0, canvas[q], 0, m * m * r);
    }

    private void upsample(int q, int previous, int m, int s, SamplingPlan.Pass pass) {
        int[] up = Resize.nearest(Arrays.copyOf(src[q], previous * previous), previous, m);
        System.arraycopy(up, 0, src[q], 0, m * m);
        if (plan.params.upsample() == SamplerParams.Upsample.BILINEAR) {
            Resize.bilinearCellMajor(canvas[q], r, previous, spare, m);
            float[] old = canvas[q];
            canvas[q] = spare;
            spare = old;
        } else {
            float[] c = canvas[q];
            for (int cell = 0; cell < m * m; cell++) {
                int b = up[cell];
                if (b == SampleResult.TARGET) System.arraycopy(plan.guide[s], cell * r, c, cell * r, r);
                else copySourceCell(pass, b, cell, c);
            }
        }
    }

    /** {@code c[cell][:] = Y_b^m[cell][:]}. */
    private void copySourceCell(SamplingPlan.Pass pass, int b, int cell, float[] c) {
        int o = cell * r;
        float[] major = pass.sourceMajor();
        if (major != null) {
            int from = (b * pass.m() * pass.m() + cell) * r;
            for (int ch = 0; ch < r; ch++) c[o + ch] = major[from + ch];
        } else {
            float[] level = pass.level();
            int base = (cell * tiles + b / tileWidth) * r * tileWidth + b % tileWidth;
            for (int ch = 0; ch < r; ch++) c[o + ch] = level[base + ch * tileWidth];
        }
    }

    /** Uniform among the candidates (a corner with no valid cell). */
    private int uniform(SplittableRandom random) {
        int i = random.nextInt(plan.candidates);
        return plan.excluded >= 0 && i >= plan.excluded ? i + 1 : i;
    }

    /**
     * One of the k smallest (distance, bank entry) pairs, uniformly: a bounded insertion list filled in
     * bank order, so among equal distances the lower entry ranks first, exactly as a full sort would.
     */
    private int select(int q, int k) {
        float[] d = dist[q];
        int[] used = uses == null ? null : uses[q];
        int excluded = plan.excluded;
        int kEff = Math.min(k, plan.candidates);
        int n = 0;
        float worst = Float.POSITIVE_INFINITY;
        for (int b = 0; b < count; b++) {
            float v = d[b];
            if (used != null) v = v + penalty * used[b];
            if (n == kEff && !(v < worst)) continue;
            if (b == excluded) continue;
            int i = n == kEff ? kEff - 1 : n++;
            while (i > 0 && topD[i - 1] > v) {
                topD[i] = topD[i - 1];
                topB[i] = topB[i - 1];
                i--;
            }
            topD[i] = v;
            topB[i] = b;
            if (n == kEff) worst = topD[kEff - 1];
        }
        return topB[rng[q].nextInt(kEff)];
    }

    private void paste(int q, int b, SamplingPlan.Step step, SamplingPlan.Pass pass) {
        float[] c = canvas[q];
        int[] s = src[q];
        float[] major = pass.sourceMajor();
        if (major != null) {
            // runs of consecutive cells are contiguous in both the source-major level and the canvas
            int[] runs = step.writeRuns();
            int sourceBase = b * pass.m() * pass.m();
            for (int i = 0; i < runs.length; i += 2) {
                int first = runs[i];
                int length = runs[i + 1];
                System.arraycopy(major, (sourceBase + first) * r, c, first * r, length * r);
                Arrays.fill(s, first, first + length, b);
            }
        } else {
            for (int cell : step.write()) {
                copySourceCell(pass, b, cell, c);
                s[cell] = b;
            }
        }
        if (uses != null) uses[q][b]++;
    }

    int capacity() { return capacity; }
}
