package io.latentpatch.core.evaluation;

/**
 * How a run's outputs use their sources, from the provenance maps (int32 {@code [M·M]} row-major, a source
 * index per cell, −1 for a reference/target cell, which counts for no source).
 *
 * @param shares               each source's share of all source cells of all outputs (sums to 1)
 * @param normalizedEntropy    −Σ p ln p ÷ ln B over {@code shares} (1 = every source used equally, 0 = one source)
 * @param dominant             per output, the source with the most cells (lowest index on ties; −1 when none)
 * @param dominatingFraction   the fraction of the B sources that dominate at least one output
 */
public record Coverage(double[] shares, double normalizedEntropy, int[] dominant, double dominatingFraction) {

    /** Coverage of {@code provenances} over {@code sourceCount} sources. */
    public static Coverage of(int[][] provenances, int sourceCount) {
        if (sourceCount < 1) throw new IllegalArgumentException("source count must be >= 1, got " + sourceCount);
        long[] total = new long[sourceCount];
        int[] dominant = new int[provenances.length];
        boolean[] dominates = new boolean[sourceCount];
        for (int o = 0; o < provenances.length; o++) {
            int[] counts = new int[sourceCount];
            for (int s : provenances[o]) {
                if (s < 0) continue;
                if (s >= sourceCount) {
                    throw new IllegalArgumentException("output " + o + " names source " + s + " but there are " + sourceCount);
                }
                counts[s]++;
                total[s]++;
            }
            int best = -1;
            for (int s = 0; s < sourceCount; s++) if (counts[s] > 0 && (best < 0 || counts[s] > counts[best])) best = s;
            dominant[o] = best;
            if (best >= 0) dominates[best] = true;
        }
        long all = 0;
        for (long t : total) all += t;
        double[] shares = new double[sourceCount];
        double h = 0;
        for (int s = 0; s < sourceCount; s++) {
            shares[s] = all == 0 ? 0 : (double) total[s] / all;
            if (shares[s] > 0) h -= shares[s] * Math.log(shares[s]);
        }
        int dominating = 0;
        for (boolean d : dominates) if (d) dominating++;
        double entropy = sourceCount == 1 ? 0 : h / Math.log(sourceCount);
        return new Coverage(shares, entropy, dominant, (double) dominating / sourceCount);
    }
}
