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
 * <p>Draw: the first patch of the coarsest pass is the anchor's. At every other step the candidates are
 * the k nearest (the paper) followed by the anchor when it is not among them; each weighs 1, the anchor
 * {@link #ANCHOR_WEIGHT}, and any candidate that already holds more than {@link #SHARE_CAP} of the
 * output's cells has its weight multiplied by {@link #OVER_CAP_FACTOR} (the anchor leads the output, no
 * source becomes a copy); one {@code nextDouble()} picks in list order.
 */
public final class AnchoredCoverage {
    /** Weight of the anchor among the nearest. */
    public static final double ANCHOR_WEIGHT = 4.0;
    /** Share of the output's cells above which a candidate's weight is cut. */
    public static final double SHARE_CAP = 0.2;
    /** Factor on the weight of a candidate holding more than {@link #SHARE_CAP} of the output. */
    public static final double OVER_CAP_FACTOR = 0.2;
    private static final long ANCHOR_STREAM = 0x5DEECE66DL;

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

    /** The weight of {@code entry}, which holds {@code entryCells} of the output's {@code cells}. */
    static double weight(int entry, int anchor, int entryCells, int cells) {
        double w = entry == anchor ? ANCHOR_WEIGHT : 1.0;
        return entryCells > SHARE_CAP * cells ? w * OVER_CAP_FACTOR : w;
    }

    /**
     * Draws among {@code nearest[0..kEff)} (nearest first) plus the anchor when absent.
     *
     * @param cellsOf per bank entry, the output's cells it holds now
     * @param cells   the output's cell count at this pass
     * @return the chosen bank entry
     */
    static int draw(int[] nearest, int kEff, int anchor, int[] cellsOf, int cells, SplittableRandom random) {
        return draw(nearest, kEff, anchor, cellsOf, cells, random, new double[kEff]);
    }

    /**
     * {@link #draw(int[], int, int, int[], int, SplittableRandom)} with scratch space for the weights
     * ({@code weights.length ≥ kEff}, overwritten): each weight is computed once, the sums are the same.
     */
    static int draw(int[] nearest, int kEff, int anchor, int[] cellsOf, int cells, SplittableRandom random, double[] weights) {
        boolean present = false;
        double total = 0;
        for (int i = 0; i < kEff; i++) {
            int entry = nearest[i];
            present |= entry == anchor;
            double w = weight(entry, anchor, cellsOf[entry], cells);
            weights[i] = w;
            total += w;
        }
        if (!present) total += weight(anchor, anchor, cellsOf[anchor], cells);
        double u = random.nextDouble() * total;
        for (int i = 0; i < kEff; i++) {
            u -= weights[i];
            if (u < 0) return nearest[i];
        }
        return present ? nearest[kEff - 1] : anchor;
    }
}
