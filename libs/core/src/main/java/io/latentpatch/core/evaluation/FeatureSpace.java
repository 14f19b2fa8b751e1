package io.latentpatch.core.evaluation;

import io.latentpatch.core.grid.LatentGrid;
import java.util.Arrays;

/**
 * Distances between images in a feature space: each image is one vector (its latent average-pooled to
 * {@value #POOL}×{@value #POOL} cells, channels-first: {@code v[c·16 + i·4 + j]}), compared by Euclidean
 * distance in double precision.
 *
 * <ul>
 *   <li><b>diversity</b> = mean pairwise distance among outputs ÷ mean pairwise distance among sources
 *       (1 = as varied as the sources);</li>
 *   <li><b>copy distance</b> = mean over outputs of the distance to the nearest source ÷ the median
 *       nearest-neighbour distance among the sources (0 = copies).</li>
 * </ul>
 */
public final class FeatureSpace {
    /** Pooled cells per side. */
    public static final int POOL = 4;

    private FeatureSpace() {}

    /**
     * The latent average-pooled to 4×4 cells: cell (i, j) is the mean over grid rows
     * {@code [i·M/4, (i+1)·M/4)} and columns likewise (M ≥ 4).
     */
    public static float[] pooled(LatentGrid latent) {
        int m = latent.size();
        int l = latent.channels();
        if (m < POOL) throw new IllegalArgumentException("a " + m + "×" + m + " grid cannot be pooled to " + POOL + "×" + POOL);
        float[] data = latent.data();
        float[] out = new float[l * POOL * POOL];
        for (int c = 0; c < l; c++) {
            for (int i = 0; i < POOL; i++) {
                int y0 = i * m / POOL;
                int y1 = (i + 1) * m / POOL;
                for (int j = 0; j < POOL; j++) {
                    int x0 = j * m / POOL;
                    int x1 = (j + 1) * m / POOL;
                    double sum = 0;
                    for (int y = y0; y < y1; y++) {
                        for (int x = x0; x < x1; x++) sum += data[(c * m + y) * m + x];
                    }
                    out[c * POOL * POOL + i * POOL + j] = (float) (sum / ((y1 - y0) * (x1 - x0)));
                }
            }
        }
        return out;
    }

    /** Euclidean distance. */
    public static double distance(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("feature lengths differ: " + a.length + " vs " + b.length);
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            double d = (double) a[k] - b[k];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /** Mean distance over all unordered pairs (at least 2 vectors). */
    public static double meanPairwise(float[][] v) {
        if (v.length < 2) throw new IllegalArgumentException("pairwise distances need at least 2 images, got " + v.length);
        double sum = 0;
        long pairs = 0;
        for (int a = 0; a < v.length; a++) {
            for (int b = a + 1; b < v.length; b++) {
                sum += distance(v[a], v[b]);
                pairs++;
            }
        }
        return sum / pairs;
    }

    /** Index of the source nearest to {@code x} (lowest index on ties). */
    public static int nearest(float[] x, float[][] sources) {
        int best = -1;
        double bestD = Double.POSITIVE_INFINITY;
        for (int s = 0; s < sources.length; s++) {
            double d = distance(x, sources[s]);
            if (d < bestD) {
                bestD = d;
                best = s;
            }
        }
        return best;
    }

    /** Mean pairwise distance among outputs ÷ mean pairwise distance among sources. */
    public static double diversity(float[][] outputs, float[][] sources) {
        return meanPairwise(outputs) / meanPairwise(sources);
    }

    /** Mean nearest-source distance of the outputs ÷ median nearest-neighbour distance among the sources. */
    public static double copyDistance(float[][] outputs, float[][] sources) {
        if (sources.length < 2) throw new IllegalArgumentException("copy distance needs at least 2 sources, got " + sources.length);
        double[] nn = new double[sources.length];
        for (int s = 0; s < sources.length; s++) {
            double best = Double.POSITIVE_INFINITY;
            for (int t = 0; t < sources.length; t++) if (t != s) best = Math.min(best, distance(sources[s], sources[t]));
            nn[s] = best;
        }
        Arrays.sort(nn);
        double median = nn.length % 2 == 1 ? nn[nn.length / 2] : (nn[nn.length / 2 - 1] + nn[nn.length / 2]) / 2;
        double sum = 0;
        for (float[] o : outputs) sum += distance(o, sources[nearest(o, sources)]);
        return sum / outputs.length / median;
    }
}
