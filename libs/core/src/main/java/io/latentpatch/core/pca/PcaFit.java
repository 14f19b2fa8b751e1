package io.latentpatch.core.pca;

import io.latentpatch.core.grid.LatentGrid;
import java.util.List;

/**
 * Fits a {@link PcaBasis} on the cells of a set of latent grids.
 *
 * <p>Every cell of every grid is one sample: B grids of {@code L × M × M} give {@code N = B·M²} vectors of
 * dimension L (grids may differ in M, not in L). The mean and the covariance are accumulated in double; the
 * covariance is the <b>sample</b> covariance (divided by {@code N − 1}, or by 1 when N = 1), so
 * {@code explainedVariance} matches scikit-learn's {@code PCA.explained_variance_} and
 * {@code explainedVarianceRatio()} its {@code explained_variance_ratio_}. {@code totalVariance} is the trace of
 * that covariance. Components are the eigenvectors of the r largest eigenvalues, sorted decreasing, with the
 * sign convention of {@link SymmetricEigen} (largest-magnitude entry positive); eigenvalues below zero from
 * rounding are reported as 0. Fewer than L independent samples are fine: the missing directions get
 * eigenvalue 0.
 *
 * <p>Deterministic: the same grids in the same order give byte-identical bases on any JVM, vector width and
 * thread count. {@link #fit} accumulates the covariance with {@link Covariance} (vectorised, one fused
 * multiply-add per cell and entry in a fixed order) and finds only the top r eigenpairs with {@link TopEigen}
 * (block Lanczos, exact fallback); {@link #fitReference} is the previous exact path (scalar covariance, full
 * {@link SymmetricEigen}), kept as the test oracle and benchmark baseline. The two agree to rounding, not bit
 * for bit. Cost of {@link #fit}: {@code N·L²/2} multiply-adds for the covariance plus about {@code 150·L²} for
 * the eigensolver when it converges at a basis of about 100 vectors (pixel-f16, 16 faces: L = 768, N = 4 096,
 * about 0.1 s of CPU warm against 1.3 s for the reference; docs/benchmarks.md).
 */
public final class PcaFit {
    private PcaFit() {}

    /**
     * @param sources grids of L channels each (not modified)
     * @param r number of components, 1 ≤ r ≤ L
     */
    public static PcaBasis fit(List<LatentGrid> sources, int r) {
        return fit(sources, r, false);
    }

    /**
     * The reference path: the same definition as {@link #fit}, with the scalar covariance loop and the full
     * {@link SymmetricEigen} decomposition. Slow (O(L³)); for tests and benchmarks.
     */
    public static PcaBasis fitReference(List<LatentGrid> sources, int r) {
        return fit(sources, r, true);
    }

    private static PcaBasis fit(List<LatentGrid> sources, int r, boolean reference) {
        if (sources.isEmpty()) throw new IllegalArgumentException("cannot fit a PCA on zero latent grids");
        int channels = sources.get(0).channels();
        if (r < 1 || r > channels) {
            throw new IllegalArgumentException("PCA needs 1 <= r <= L=" + channels + " components, got r=" + r);
        }
        long samples = 0;
        int maxCells = 0;
        for (int b = 0; b < sources.size(); b++) {
            LatentGrid g = sources.get(b);
            if (g.channels() != channels) {
                throw new IllegalArgumentException("grid " + b + " has L=" + g.channels() + " channels but grid 0 has L="
                        + channels + "; all sources must come from the same model");
            }
            samples += g.cells();
            maxCells = Math.max(maxCells, g.cells());
        }

        double[] mean = mean(sources, channels, samples);
        double[] cov = reference ? covariance(sources, channels, mean, maxCells) : Covariance.scatter(sources, mean);
        double denominator = Math.max(1, samples - 1);
        double trace = 0;
        for (int i = 0; i < channels; i++) {
            for (int j = i; j < channels; j++) {
                double c = cov[i * channels + j] / denominator;
                cov[i * channels + j] = c;
                cov[j * channels + i] = c;
            }
            trace += cov[i * channels + i];
        }

        double[] values;
        double[] vectors;
        if (reference) {
            SymmetricEigen eigen = SymmetricEigen.of(cov, channels);
            values = eigen.values();
            vectors = eigen.vectors();
        } else {
            TopEigen eigen = TopEigen.of(cov, channels, r);
            values = eigen.values();
            vectors = eigen.vectors();
        }
        float[] components = new float[r * channels];
        float[] explained = new float[r];
        for (int k = 0; k < r; k++) {
            explained[k] = (float) Math.max(0.0, values[k]);
            for (int c = 0; c < channels; c++) components[k * channels + c] = (float) vectors[k * channels + c];
        }
        float[] meanF = new float[channels];
        for (int c = 0; c < channels; c++) meanF[c] = (float) mean[c];
        return new PcaBasis(meanF, components, explained, trace);
    }

    private static double[] mean(List<LatentGrid> sources, int channels, long samples) {
        double[] sum = new double[channels];
        for (LatentGrid g : sources) {
            float[] data = g.data();
            int cells = g.cells();
            for (int c = 0; c < channels; c++) {
                double s = 0;
                int base = c * cells;
                for (int p = 0; p < cells; p++) s += data[base + p];
                sum[c] += s;
            }
        }
        for (int c = 0; c < channels; c++) sum[c] /= samples;
        return sum;
    }

    /** Reference path: upper triangle of the un-normalised scatter matrix Σ (z − μ)(z − μ)ᵀ, row-major L×L. */
    private static double[] covariance(List<LatentGrid> sources, int channels, double[] mean, int maxCells) {
        double[] scatter = new double[channels * channels];
        // Centred cell vectors, cell-major [p][c], so each update below is an element-wise loop over contiguous j
        // that the JIT vectorises; lanes are independent, so the result does not depend on the vector width.
        double[] centred = new double[maxCells * channels];
        for (LatentGrid g : sources) {
            float[] data = g.data();
            int cells = g.cells();
            for (int c = 0; c < channels; c++) {
                double m = mean[c];
                int base = c * cells;
                for (int p = 0; p < cells; p++) centred[p * channels + c] = data[base + p] - m;
            }
            int p = 0;
            for (; p + 3 < cells; p += 4) { // four cells per pass: a quarter of the loads and stores of scatter
                int o0 = p * channels;
                int o1 = o0 + channels;
                int o2 = o1 + channels;
                int o3 = o2 + channels;
                for (int i = 0; i < channels; i++) {
                    double a0 = centred[o0 + i];
                    double a1 = centred[o1 + i];
                    double a2 = centred[o2 + i];
                    double a3 = centred[o3 + i];
                    int row = i * channels;
                    for (int j = i; j < channels; j++) {
                        scatter[row + j] += (a0 * centred[o0 + j] + a1 * centred[o1 + j])
                                + (a2 * centred[o2 + j] + a3 * centred[o3 + j]);
                    }
                }
            }
            for (; p < cells; p++) {
                int o = p * channels;
                for (int i = 0; i < channels; i++) {
                    double a = centred[o + i];
                    int row = i * channels;
                    for (int j = i; j < channels; j++) scatter[row + j] += a * centred[o + j];
                }
            }
        }
        return scatter;
    }
}
