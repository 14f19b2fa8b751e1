package io.latentpatch.core.sampler;

import java.util.SplittableRandom;

/**
 * The {@link SamplerParams.Coverage#ANCHORED} rule, shared by both samplers.
 *
 * <p>Anchor: the outputs of a job are taken in blocks of B (the candidate count); block j is a random
 * permutation of the candidates drawn from {@code (jobSeed, j)}, and output i's anchor is entry
 * {@code i mod B} of its block's permutation. So each source anchors ⌊count/B⌋ or ⌈count/B⌉ outputs, and an
 * output's anchor depends only on the job seed, its index and B — never on which replica samples it.
 *
 * <p>Regions ({@link SamplerParams#anchorRegions()}): the grid may be split into 1 (the whole grid, the
 * default), 2 (top/bottom halves), 3 (three horizontal bands), 4 (2×2 quadrants) or 6 (3 rows × 2 columns)
 * regions, each with its own anchor ({@link #anchors}). Region 0's anchor is {@link #anchor}; region
 * r ≥ 1 draws {@code anchor(jobSeed ^ (REGION_STREAM·r), i, B)} and, while that equals an earlier region's
 * anchor, steps to the next candidate ({@code +1 mod B}), so the first min(regions, B) anchors are distinct;
 * with B &lt; regions, region r ≥ B shares region {@code r mod B}'s anchor. A step uses the anchor of the
 * region holding its patch's centre ({@link #region}); regions are fractions of the grid, so they line
 * up across scales.
 *
 * <p>Draw: the first patch of the coarsest pass is its region's anchor's. At every other step the
 * candidates are the k nearest (the paper) followed by the step's anchor when it is not among them; each
 * weighs 1, the anchor {@link SamplerParams#anchorWeight()} (default {@link #ANCHOR_WEIGHT}); the anchor
 * has its weight multiplied by {@link #OVER_CAP_FACTOR} once it holds more than
 * {@link SamplerParams#anchorCap()} (default {@link #SHARE_CAP}) of the output's cells, any other candidate
 * once it holds more than {@link #SHARE_CAP} (the anchor leads the output, no source becomes a copy); one
 * {@code nextDouble()} picks in list order. The cell counts are per output, over the whole grid.
 */
public final class AnchoredCoverage {
    /** Weight of the anchor among the nearest. */
    public static final double ANCHOR_WEIGHT = 4.0;
    /** Share of the output's cells above which a candidate's weight is cut. */
    public static final double SHARE_CAP = 0.2;
    /** Factor on the weight of a candidate holding more than {@link #SHARE_CAP} of the output. */
    public static final double OVER_CAP_FACTOR = 0.2;
    private static final long ANCHOR_STREAM = 0x5DEECE66DL;
    /** Odd constant that gives region r ≥ 1 its own anchor stream ({@code jobSeed ^ (REGION_STREAM·r)}). */
    static final long REGION_STREAM = 0x9E3779B97F4A7C15L;
    /** The region layouts {@link SamplerParams#anchorRegions()} may take. */
    private static final int[] LAYOUTS = {1, 2, 3, 4, 6};

    private AnchoredCoverage() {}

    /** The anchor (a candidate index in 0..candidates−1) of output {@code imageIndex}. */
    public static int anchor(long jobSeed, int imageIndex, int candidates) {
        if (candidates < 1) throw new IllegalArgumentException("need at least one candidate, got " + candidates);
        if (imageIndex < 0) throw new IllegalArgumentException("image index must be >= 0, got " + imageIndex);
        int block = imageIndex / candidates;
        SplittableRandom random = new SplittableRandom(SeedMixer.imageSeed(jobSeed ^ ANCHOR_STREAM, block));
        int position = imageIndex % candidates;
        // Fisher–Yates from the top: entry `position` is final once i reaches it, so stop there
        int[] perm = new int[candidates];
        for (int i = 0; i < candidates; i++) perm[i] = i;
        for (int i = candidates - 1; i >= position && i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm[position];
    }

    /** Whether {@code regions} is a supported layout (1, 2, 3, 4 or 6). */
    public static boolean isLayout(int regions) {
        for (int l : LAYOUTS) if (l == regions) return true;
        return false;
    }

    /** Rows of the layout: 1 → 1, 2 → 2, 3 → 3, 4 → 2, 6 → 3. */
    static int rows(int regions) {
        return switch (regions) {
            case 1 -> 1;
            case 2, 4 -> 2;
            case 3, 6 -> 3;
            default -> throw new IllegalArgumentException("anchor regions must be one of 1, 2, 3, 4, 6, got " + regions);
        };
    }

    /** Columns of the layout: 2 for 4 and 6, else 1. */
    static int columns(int regions) {
        return regions / rows(regions);
    }

    /**
     * The region (0 .. regions−1, row-major) of the patch with corner (cy, cx) on an m×m grid: the one
     * holding its centre {@code (cy + patch/2, cx + patch/2)}, region row {@code ⌊centreY·rows/m⌋} and
     * column {@code ⌊centreX·columns/m⌋}.
     */
    public static int region(int regions, int m, int patch, int cy, int cx) {
        if (regions == 1) return 0;
        int rows = rows(regions);
        int columns = regions / rows;
        int y = Math.min(m - 1, cy + patch / 2);
        int x = Math.min(m - 1, cx + patch / 2);
        return (y * rows / m) * columns + x * columns / m;
    }

    /**
     * The anchors of output {@code imageIndex}, one per region (see the class comment): entry 0 is
     * {@link #anchor}, the first min(regions, B) are distinct, and region r ≥ B repeats region r mod B's.
     * Depends only on (jobSeed, imageIndex, candidates, regions).
     */
    public static int[] anchors(long jobSeed, int imageIndex, int candidates, int regions) {
        rows(regions);  // checks the layout
        int[] out = new int[regions];
        out[0] = anchor(jobSeed, imageIndex, candidates);
        for (int r = 1; r < regions; r++) {
            if (r >= candidates) {
                out[r] = out[r % candidates];
                continue;
            }
            int a = anchor(jobSeed ^ (REGION_STREAM * r), imageIndex, candidates);
            while (taken(out, r, a)) a = (a + 1) % candidates;
            out[r] = a;
        }
        return out;
    }

    private static boolean taken(int[] anchors, int n, int a) {
        for (int i = 0; i < n; i++) if (anchors[i] == a) return true;
        return false;
    }

    /** The weight of {@code entry}, which holds {@code entryCells} of the output's {@code cells}, with the default weight and cap. */
    static double weight(int entry, int anchor, int entryCells, int cells) {
        return weight(entry, anchor, entryCells, cells, ANCHOR_WEIGHT, SHARE_CAP);
    }

    /** The weight of {@code entry} when the step's anchor weighs {@code anchorWeight} and is cut above {@code anchorCap}. */
    static double weight(int entry, int anchor, int entryCells, int cells, double anchorWeight, double anchorCap) {
        if (entry == anchor) return entryCells > anchorCap * cells ? anchorWeight * OVER_CAP_FACTOR : anchorWeight;
        return entryCells > SHARE_CAP * cells ? OVER_CAP_FACTOR : 1.0;
    }

    /**
     * Draws among {@code nearest[0..kEff)} (nearest first) plus the anchor when absent.
     *
     * @param cellsOf per bank entry, the output's cells it holds now
     * @param cells   the output's cell count at this pass
     * @return the chosen bank entry
     */
    static int draw(int[] nearest, int kEff, int anchor, int[] cellsOf, int cells, SplittableRandom random) {
        return draw(nearest, kEff, anchor, cellsOf, cells, ANCHOR_WEIGHT, SHARE_CAP, random, new double[kEff]);
    }

    /** {@link #draw(int[], int, int, int[], int, SplittableRandom)} with the anchor's weight and cap given. */
    static int draw(int[] nearest, int kEff, int anchor, int[] cellsOf, int cells, double anchorWeight, double anchorCap,
                    SplittableRandom random) {
        return draw(nearest, kEff, anchor, cellsOf, cells, anchorWeight, anchorCap, random, new double[kEff]);
    }

    /**
     * The draw with scratch space for the weights ({@code weights.length ≥ kEff}, overwritten): each weight is
     * computed once, the sums are the same.
     */
    static int draw(int[] nearest, int kEff, int anchor, int[] cellsOf, int cells, double anchorWeight, double anchorCap,
                    SplittableRandom random, double[] weights) {
        boolean present = false;
        double total = 0;
        for (int i = 0; i < kEff; i++) {
            int entry = nearest[i];
            present |= entry == anchor;
            double w = weight(entry, anchor, cellsOf[entry], cells, anchorWeight, anchorCap);
            weights[i] = w;
            total += w;
        }
        if (!present) total += weight(anchor, anchor, cellsOf[anchor], cells, anchorWeight, anchorCap);
        double u = random.nextDouble() * total;
        for (int i = 0; i < kEff; i++) {
            u -= weights[i];
            if (u < 0) return nearest[i];
        }
        return present ? nearest[kEff - 1] : anchor;
    }
}
