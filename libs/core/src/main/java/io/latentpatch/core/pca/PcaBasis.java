package io.latentpatch.core.pca;

import io.latentpatch.core.grid.LatentGrid;
import java.util.Objects;

/**
 * A PCA projection of L-dimensional latent vectors onto r components, shared by every grid cell.
 *
 * <p>{@code mean} has length L; {@code components} is row-major {@code [r][L]} with orthonormal rows
 * sorted by decreasing variance; {@code explainedVariance} has length r (variance along each
 * component, in latent units squared). Project: {@code y = P(z - mean)}; reconstruct: {@code z = Pᵀy + mean}.
 */
public final class PcaBasis {
    private final int channels;
    private final int dims;
    private final float[] mean;
    private final float[] components;
    private final float[] explainedVariance;
    private final double totalVariance;

    /**
     * @param totalVariance sum of the variances of all L channels of the fitted data (NaN when unknown),
     *                      used for the explained-variance ratio
     */
    public PcaBasis(float[] mean, float[] components, float[] explainedVariance, double totalVariance) {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(components, "components");
        Objects.requireNonNull(explainedVariance, "explainedVariance");
        this.channels = mean.length;
        if (channels < 1) throw new IllegalArgumentException("PCA mean must have at least one channel");
        if (components.length % channels != 0 || components.length == 0) {
            throw new IllegalArgumentException("PCA basis of " + components.length
                    + " floats is not a whole number of rows of length L=" + channels);
        }
        this.dims = components.length / channels;
        if (dims > channels) throw new IllegalArgumentException("PCA has r=" + dims + " components for L=" + channels + " channels; r must be <= L");
        if (explainedVariance.length != dims) {
            throw new IllegalArgumentException("explained variance has " + explainedVariance.length + " entries, expected r=" + dims);
        }
        this.mean = mean;
        this.components = components;
        this.explainedVariance = explainedVariance;
        this.totalVariance = totalVariance;
    }

    /** Fits r components on every cell of {@code sources}; see {@link PcaFit#fit} for the exact definition. */
    public static PcaBasis fit(java.util.List<LatentGrid> sources, int r) {
        return PcaFit.fit(sources, r);
    }

    /** L, the dimension of the latent vectors. */
    public int channels() { return channels; }

    /** r, the number of components. */
    public int dims() { return dims; }

    public float[] mean() { return mean; }

    /** Row-major {@code [r][L]}. */
    public float[] components() { return components; }

    public float[] explainedVariance() { return explainedVariance; }

    public double totalVariance() { return totalVariance; }

    /** Fraction of the total variance kept by the r components (NaN if the total is unknown). */
    public double explainedVarianceRatio() {
        double kept = 0;
        for (float v : explainedVariance) kept += v;
        return kept / totalVariance;
    }

    /** {@code Y = P(Z - mean)} for every cell: L×M×M in, r×M×M out. */
    public LatentGrid project(LatentGrid z) {
        if (z.channels() != channels) {
            throw new IllegalArgumentException("grid has L=" + z.channels() + " channels, PCA expects " + channels);
        }
        int cells = z.cells();
        float[] in = z.data();
        float[] out = new float[dims * cells];
        double[] acc = new double[cells];
        for (int k = 0; k < dims; k++) {
            java.util.Arrays.fill(acc, 0);
            for (int c = 0; c < channels; c++) {
                double w = components[k * channels + c];
                float m = mean[c];
                int base = c * cells;
                for (int p = 0; p < cells; p++) acc[p] += w * (in[base + p] - m);
            }
            for (int p = 0; p < cells; p++) out[k * cells + p] = (float) acc[p];
        }
        return new LatentGrid(dims, z.size(), out);
    }

    /** {@code Z = Pᵀ Y + mean} for every cell: r×M×M in, L×M×M out. */
    public LatentGrid reconstruct(LatentGrid y) {
        if (y.channels() != dims) {
            throw new IllegalArgumentException("grid has " + y.channels() + " channels, PCA has r=" + dims + " components");
        }
        int cells = y.cells();
        float[] in = y.data();
        float[] out = new float[channels * cells];
        double[] acc = new double[cells];
        for (int c = 0; c < channels; c++) {
            java.util.Arrays.fill(acc, mean[c]);
            for (int k = 0; k < dims; k++) {
                double w = components[k * channels + c];
                int base = k * cells;
                for (int p = 0; p < cells; p++) acc[p] += w * in[base + p];
            }
            for (int p = 0; p < cells; p++) out[c * cells + p] = (float) acc[p];
        }
        return new LatentGrid(channels, y.size(), out);
    }
}
