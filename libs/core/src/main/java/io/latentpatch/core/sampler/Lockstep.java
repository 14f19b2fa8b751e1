package io.latentpatch.core.sampler;

import io.latentpatch.core.resample.Resize;
import java.util.Arrays;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Scratch space of one thread of the fast sampler, and the lockstep loop: up to {@code capacity} images
 * walk the same steps together, so that one pass over a step's candidates serves all of them (a small
 * matrix product queries × candidates). Each image keeps its own generator and canvas; the distance
 * of every (image, candidate) pair is computed in the fixed order of {@link DistanceKernels}, so an
 * image's result does not depend on its companions. Allocation happens here once, never per step.
 */
final class Lockstep {
    /** Doubles the rim-row cache may hold (8 M = 64 MB), whatever the bank's size. */
    static final long RIM_CACHE_DOUBLES = 8L << 20;
    private final SamplingPlan plan;
    private final int capacity;
    private final int r;
    private final int count;
    private final int tiles;
    private final int tileWidth;
    private final float penalty;
    private final float[][] canvas;   // per image, cell-major [cell][c] at the current size
    private final float[][] cellNorms; // per image, DistanceKernels.cellNorm of each canvas cell
    private final float[] queryNorms; // per image, ‖C‖²_V of the current step
    private final float[][] passNorms;      // per pass, the bank level's cell norms [cell][tile][lane]
    private final float[][] passMajorNorms; // per pass, the same source-major [b][cell], or null (large bank)
    private float[] spare;            // upsampling target, swapped with a canvas
    private final CanvasResize resize = new CanvasResize();
    private final int[][] src;        // per image, bank entry per cell or TARGET
    private final int[][] upFrom;     // per pass s ≥ 1, the cell of pass s − 1 each cell takes under nearest resampling (Resize.nearest)
    private final int[] srcSpare;     // the previous pass's src while upsampling
    private final int[][] uses;       // per image, patches taken per bank entry (penalty only)
    private final boolean anchored;   // the ANCHORED coverage rule (AnchoredCoverage)
    private final int[][] anchors;    // per image, its anchor entry per region (anchored only)
    private final int regions;        // anchor regions (1 when not anchored)
    private final boolean face;       // face layout: the outside's anchors follow the inner anchor
    private final boolean balanced;   // ... balanced over the output's group (FACE_BALANCED, FACE_POOLED)
    private final int donorPool;      // ... among this many nearest along the rim
    private final java.util.Map<Integer, double[]> rimRows;  // face layout: rim distances per inner anchor, LRU-bounded
    private final double anchorWeight;
    private final double anchorCap;
    private final int[][] cellsOf;    // per image, cells held per bank entry at the current size (anchored only)
    private final float[][] dist;     // per image, distance per bank entry (tiles·T, padding included)
    private final SplittableRandom[] rng;
    private final long[] seeds;
    private final int[] chosen;       // per image, the entry picked at the current step
    private final float[][] topD;     // per image, the k best distances so far (own rows: selection may run in parallel)
    private final int[][] topB;
    private final double[][] drawWeights; // per image, scratch of AnchoredCoverage.draw
    private final int smallVectors;   // 1 or 2 when all candidates fit that many vectors (select without branches), else 0
    private final IntVector deadFill0; // per lane of vector 0 / 1: MAX_VALUE where the entry is no candidate, else MIN_VALUE
    private final IntVector deadFill1;
    private final StepTeam.Task distanceTask = this::distancePart;
    private final StepTeam.Task selectTask = this::selectPart;
    // the step in progress, read by the tasks
    private SamplingPlan.Pass pass;
    private float[] norms;
    private int[] cells;
    private int lanes;
    private int region;

    private static final VectorSpecies<Float> SPECIES = DistanceKernels.SPECIES;
    private static final VectorSpecies<Integer> INT_SPECIES = SPECIES.withLanes(int.class);
    private static final IntVector LANE_INDEX = IntVector.fromArray(INT_SPECIES, iota(SPECIES.length()), 0);
    private static final IntVector TAKEN = IntVector.broadcast(INT_SPECIES, Integer.MAX_VALUE);

    Lockstep(SamplingPlan plan, int capacity) {
        this.plan = plan;
        this.capacity = capacity;
        SourceBank bank = plan.bank;
        this.r = bank.dims();
        this.count = bank.count();
        this.tiles = bank.tiles();
        this.tileWidth = bank.tileWidth();
        this.penalty = plan.params.sourceReusePenalty();
        int cellCount = bank.gridSize() * bank.gridSize();
        canvas = new float[capacity][cellCount * r];
        cellNorms = new float[capacity][cellCount];
        queryNorms = new float[capacity];
        int passCount = plan.passes == null ? 0 : plan.passes.length;
        passNorms = new float[passCount][];
        passMajorNorms = new float[passCount][];
        for (int s = 0; s < passCount; s++) {
            passNorms[s] = bank.norms(plan.passes[s].m());
            passMajorNorms[s] = bank.sourceMajorNorms(plan.passes[s].m());
        }
        spare = new float[cellCount * r];
        src = new int[capacity][cellCount];
        srcSpare = new int[cellCount];
        upFrom = new int[passCount][];
        for (int s = 1; s < passCount; s++) {
            int in = plan.passes[s - 1].m();
            int m = plan.passes[s].m();
            upFrom[s] = new int[m * m];
            for (int y = 0; y < m; y++) {
                for (int x = 0; x < m; x++) upFrom[s][y * m + x] = Resize.nearestIndex(y, in, m) * in + Resize.nearestIndex(x, in, m);
            }
        }
        uses = penalty > 0 ? new int[capacity][tiles * tileWidth] : null;
        anchored = plan.anchored();
        regions = anchored ? plan.params.anchorRegions() : 1;
        face = anchored && plan.params.anchorLayout().face();
        balanced = anchored && plan.params.anchorLayout().balanced();
        donorPool = plan.params.anchorLayout().donorPool();
        int maxRows = rimCacheRows(plan.candidates);
        rimRows = new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(java.util.Map.Entry<Integer, double[]> eldest) {
                return size() > maxRows;
            }
        };
        anchors = new int[capacity][];
        anchorWeight = plan.params.anchorWeight();
        anchorCap = plan.params.anchorCap();
        cellsOf = anchored ? new int[capacity][tiles * tileWidth] : null;
        dist = new float[capacity][tiles * tileWidth];
        rng = new SplittableRandom[capacity];
        seeds = new long[capacity];
        chosen = new int[capacity];
        int kMax = 1;
        // selection keeps at most min(k, candidates): a huge k must not size these lists (k = 2^31 - 1 was an OOM)
        for (int k : plan.ks) kMax = Math.max(kMax, Math.min(k, plan.candidates));
        topD = new float[capacity][kMax];
        topB = new int[capacity][kMax];
        drawWeights = anchored ? new double[capacity][kMax] : null;
        int padded = tiles * tileWidth;
        smallVectors = padded == SPECIES.length() ? 1 : padded == 2 * SPECIES.length() ? 2 : 0;
        int[] dead = new int[2 * SPECIES.length()];
        for (int b = 0; b < dead.length; b++) dead[b] = b < count && b != plan.excluded ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        deadFill0 = IntVector.fromArray(INT_SPECIES, dead, 0);
        deadFill1 = IntVector.fromArray(INT_SPECIES, dead, SPECIES.length());
    }

    private static int[] iota(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = i;
        return out;
    }

    /**
     * Samples images {@code first .. first + n − 1} (n ≤ capacity) into {@code out[outOffset ..]}.
     *
     * @param team threads that share each step (candidate tiles for the distances, images for the
     *             selection), or null to do everything on the calling thread
     */
    void run(long jobSeed, int first, int n, SampleResult[] out, int outOffset, StepTeam team) {
        for (int q = 0; q < n; q++) {
            seeds[q] = SeedMixer.imageSeed(jobSeed, first + q);
            rng[q] = new SplittableRandom(seeds[q]);
            if (uses != null) Arrays.fill(uses[q], 0);
            if (anchored) anchors[q] = AnchoredCoverage.anchors(jobSeed, first + q, plan.candidates, regions);
            if (anchored && face) {
                anchors[q] = balanced
                        ? AnchoredCoverage.faceAnchorsBalanced(jobSeed, first + q, plan.candidates, regions, donorPool, this::rimRow)
                        : AnchoredCoverage.faceAnchors(anchors[q], rimRow(anchors[q][0]));
            }
        }
        lanes = n;
        int previous = 0;
        for (int s = 0; s < plan.passes.length; s++) {
            pass = plan.passes[s];
            norms = passNorms[s];
            int m = pass.m();
            for (int q = 0; q < n; q++) {
                if (s == 0) start(q, m);
                else upsample(q, previous, m, s, pass);
            }
            for (SamplingPlan.Step step : pass.steps()) {
                cells = step.valid();
                // every image is at this step: one region for all of them
                region = anchored ? AnchoredCoverage.region(plan.params.anchorLayout(), regions, m, plan.params.patch(),
                        step.cornerY(), step.cornerX()) : 0;
                if (cells.length == 0) {
                    for (int q = 0; q < n; q++) chosen[q] = anchored ? anchors[q][region] : uniform(rng[q]);
                    for (int q = 0; q < n; q++) paste(q, chosen[q], step, pass, s);
                    continue;
                }
                for (int q = 0; q < n; q++) queryNorms[q] = DistanceKernels.queryNorm(cellNorms[q], cells, cells.length);
                if (team == null) {
                    distancePart(0, 1);
                    selectPart(0, 1);
                } else {
                    team.run(distanceTask);
                    team.run(selectTask);
                }
                for (int q = 0; q < n; q++) paste(q, chosen[q], step, pass, s);
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
            out[outOffset + q] = SampleResult.wrap(first + q, seeds[q], provenance, SamplingPlan.toChannelsFirst(canvas[q], r, m));
        }
    }

    /** Distances of every image to the candidates of tiles part/parts of the current step. */
    private void distancePart(int part, int parts) {
        int from = (int) ((long) tiles * part / parts);
        int to = (int) ((long) tiles * (part + 1) / parts);
        DistanceKernels.distances(pass.level(), norms, tiles, tileWidth, r, cells, cells.length, canvas, queryNorms, lanes, dist, from, to);
    }

    /** The pick of images part/parts of the current step (each image draws from its own generator). */
    private void selectPart(int part, int parts) {
        int from = lanes * part / parts;
        int to = lanes * (part + 1) / parts;
        for (int q = from; q < to; q++) chosen[q] = select(q, pass.k());
    }

    private void start(int q, int m) {
        Arrays.fill(src[q], 0, m * m, SampleResult.TARGET);
        if (anchored) Arrays.fill(cellsOf[q], 0);
        if (plan.guide == null) {
            Arrays.fill(canvas[q], 0, m * m * r, 0f);
            Arrays.fill(cellNorms[q], 0, m * m, 0f);
        } else {
            System.arraycopy(plan.guide[0], 0, canvas[q], 0, m * m * r);
            computeNorms(q, m);
        }
    }

    private void computeNorms(int q, int m) {
        float[] c = canvas[q];
        float[] n = cellNorms[q];
        for (int cell = 0; cell < m * m; cell++) n[cell] = DistanceKernels.cellNorm(c, cell * r, r);
    }

    private void upsample(int q, int previous, int m, int s, SamplingPlan.Pass pass) {
        // src = Resize.nearest(src, previous, m), in place through a spare row, with the anchored counts in the same pass
        int[] up = src[q];
        int[] from = upFrom[s];
        System.arraycopy(up, 0, srcSpare, 0, previous * previous);
        if (anchored) {
            int[] held = cellsOf[q];
            Arrays.fill(held, 0);
            for (int cell = 0; cell < m * m; cell++) {
                int b = srcSpare[from[cell]];
                up[cell] = b;
                if (b >= 0) held[b]++;
            }
        } else {
            for (int cell = 0; cell < m * m; cell++) up[cell] = srcSpare[from[cell]];
        }
        if (plan.params.upsample() == SamplerParams.Upsample.BILINEAR) {
            resize.bilinearCellMajor(canvas[q], r, previous, spare, m);
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
        computeNorms(q, m);
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
        if (smallVectors != 0) return selectSmall(q, k);
        float[] d = dist[q];
        float[] topD = this.topD[q];
        int[] topB = this.topB[q];
        int[] used = uses == null ? null : uses[q];
        int excluded = plan.excluded;
        int kEff = Math.min(k, plan.candidates);
        int n = 0;
        float worst = Float.POSITIVE_INFINITY;
        int lanesPerVector = SPECIES.length();
        for (int b = 0; b < count; b++) {
            // once the list is full, skip whole vectors of candidates that cannot enter it
            while (n == kEff && used == null && b + lanesPerVector <= count
                    && !FloatVector.fromArray(SPECIES, d, b).compare(VectorOperators.LT, worst).anyTrue()) {
                b += lanesPerVector;
            }
            if (b >= count) break;
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
        if (anchored) {
            return AnchoredCoverage.draw(topB, kEff, anchors[q][region], cellsOf[q], pass.m() * pass.m(), anchorWeight, anchorCap,
                    rng[q], drawWeights[q]);
        }
        return topB[rng[q].nextInt(kEff)];
    }

    /**
     * {@link #select} for banks that fit one or two vectors. Plain draw: the rank is drawn first (it does not
     * depend on the distances, so the generator is consumed exactly as in the general selection) and only
     * the rank + 1 nearest are extracted; anchored draw: the k nearest in order, then {@link AnchoredCoverage#draw}.
     */
    private int selectSmall(int q, int k) {
        int kEff = Math.min(k, plan.candidates);
        int[] nearest = topB[q];
        if (anchored) {
            nearest(q, kEff, nearest);
            return AnchoredCoverage.draw(nearest, kEff, anchors[q][region], cellsOf[q], pass.m() * pass.m(), anchorWeight, anchorCap,
                    rng[q], drawWeights[q]);
        }
        int rank = rng[q].nextInt(kEff);
        nearest(q, rank + 1, nearest);
        return nearest[rank];
    }

    /**
     * The n smallest (distance, entry) pairs of image q in order into {@code out[0..n)} (n ≤ candidates), by
     * repeatedly taking the minimum and its lowest lane: equal distances resolve to the lower entry, as in the
     * sort (vector 0 before vector 1). The minimum is taken on ints (cheaper than a float minimum with Java's
     * NaN rules): a float's bits with the 31 low bits flipped when negative order like the value (a distance
     * may round slightly below zero; it is never −0, the sums start at +0), and lanes that are no candidate,
     * or already taken, hold {@code Integer.MAX_VALUE}. No mask is combined with another (mask logic is not
     * intrinsified everywhere).
     */
    private void nearest(int q, int n, int[] out) {
        if (smallVectors == 1) {
            IntVector bits = sortKeys(q, 0, deadFill0);
            for (int i = 0; i < n; i++) {
                int min = bits.reduceLanes(VectorOperators.MIN);
                int lane = bits.compare(VectorOperators.EQ, min).firstTrue();
                out[i] = lane;
                if (i + 1 < n) bits = bits.blend(TAKEN, LANE_INDEX.compare(VectorOperators.EQ, lane));
            }
            return;
        }
        IntVector bits0 = sortKeys(q, 0, deadFill0);
        IntVector bits1 = sortKeys(q, SPECIES.length(), deadFill1);
        for (int i = 0; i < n; i++) {
            int min = bits0.lanewise(VectorOperators.MIN, bits1).reduceLanes(VectorOperators.MIN);
            int lane = bits0.compare(VectorOperators.EQ, min).firstTrue();
            if (lane < SPECIES.length()) {
                bits0 = bits0.blend(TAKEN, LANE_INDEX.compare(VectorOperators.EQ, lane));
                out[i] = lane;
            } else {
                lane = bits1.compare(VectorOperators.EQ, min).firstTrue();
                bits1 = bits1.blend(TAKEN, LANE_INDEX.compare(VectorOperators.EQ, lane));
                out[i] = SPECIES.length() + lane;
            }
        }
    }

    /** Ordered int keys of image q's (penalised) distances of entries {@code from ..} one vector long; dead lanes MAX_VALUE. */
    private IntVector sortKeys(int q, int from, IntVector deadFill) {
        FloatVector v = FloatVector.fromArray(SPECIES, dist[q], from);
        if (uses != null) {
            FloatVector used = (FloatVector) IntVector.fromArray(INT_SPECIES, uses[q], from).convert(VectorOperators.I2F, 0);
            v = v.add(used.mul(penalty));
        }
        IntVector bits = v.reinterpretAsInts();
        return bits.lanewise(VectorOperators.XOR, bits.lanewise(VectorOperators.ASHR, 31).lanewise(VectorOperators.LSHR, 1))
                .lanewise(VectorOperators.MAX, deadFill);
    }

    /** Copies entry b's cells of the step into image q's canvas, with their norms (the bank's: the same values). */
    private void paste(int q, int b, SamplingPlan.Step step, SamplingPlan.Pass pass, int passIndex) {
        float[] c = canvas[q];
        float[] cn = cellNorms[q];
        int[] s = src[q];
        float[] major = pass.sourceMajor();
        if (major != null) {
            // runs of consecutive cells are contiguous in both the source-major level and the canvas
            float[] majorNorms = passMajorNorms[passIndex];
            int[] runs = step.writeRuns();
            int sourceBase = b * pass.m() * pass.m();
            for (int i = 0; i < runs.length; i += 2) {
                int first = runs[i];
                int length = runs[i + 1];
                copy(major, (sourceBase + first) * r, c, first * r, length * r);
                for (int cell = first, from = sourceBase + first; cell < first + length; cell++, from++) cn[cell] = majorNorms[from];
                if (anchored) recount(q, s, first, length, b);
                else Arrays.fill(s, first, first + length, b);
            }
        } else {
            float[] levelNorms = passNorms[passIndex];
            for (int cell : step.write()) {
                copySourceCell(pass, b, cell, c);
                cn[cell] = levelNorms[cell * tiles * tileWidth + b];  // [cell][tile][lane] with tile·T + lane = b
                if (anchored) recount(q, s, cell, 1, b);
                else s[cell] = b;
            }
        }
        if (uses != null) uses[q][b]++;
    }

    /** Cells {@code first .. first+length−1} of image q now come from entry b: moves their counts and sets {@code s}. */
    private void recount(int q, int[] s, int first, int length, int b) {
        int[] held = cellsOf[q];
        for (int cell = first; cell < first + length; cell++) {
            int old = s[cell];
            if (old >= 0) held[old]--;
            s[cell] = b;
        }
        held[b] += length;
    }

    /** {@code System.arraycopy} for the short runs of a paste (tens of floats): whole vectors, then the rest. */
    private static void copy(float[] from, int fromOffset, float[] to, int toOffset, int length) {
        int i = 0;
        for (; i + SPECIES.length() <= length; i += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, from, fromOffset + i).intoArray(to, toOffset + i);
        }
        for (; i < length; i++) to[toOffset + i] = from[fromOffset + i];
    }

    int capacity() { return capacity; }

    /** Rows the rim cache keeps for a bank of {@code candidates}: RIM_CACHE_DOUBLES of them, at least a balance group's. */
    static int rimCacheRows(int candidates) {
        // a whole job with B = 30 000 would otherwise keep B² doubles (7 GB); a group replays at most BALANCE_GROUP inners
        return (int) Math.max(AnchoredCoverage.BALANCE_GROUP + 1, Math.min(Integer.MAX_VALUE, RIM_CACHE_DOUBLES / candidates));
    }

    /** Face layout: the rim distances from bank entry {@code inner}, kept while recently used (a cache: same values either way). */
    private double[] rimRow(int inner) {
        double[] row = rimRows.get(inner);
        if (row == null) {
            row = AnchoredCoverage.rimDistances(plan.bank, inner);
            rimRows.put(inner, row);
        }
        return row;
    }
}
