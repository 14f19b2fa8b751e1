package io.latentpatch.planning;

import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.pca.PcaBasis;
import io.latentpatch.core.pca.PcaFit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A source set after steps 1–2 of the method: the latents {@code Z_b} (L×M×M each) and the PCA fitted
 * on all their cells. Projections {@code Y_b} are computed on demand (they are derived, never stored).
 *
 * <p>This is the unit the encoder worker stores ({@code latents.npy} [B, L, M, M] and {@code pca-r.npz})
 * and the sampler worker loads: both sides go through {@code SourceEncoding} (libs/pipeline) and {@link #fit} / {@link #of}, so the floats agree.
 */
public final class EncodedSources {
    private final List<LatentGrid> latents;
    private final PcaBasis pca;

    private EncodedSources(List<LatentGrid> latents, PcaBasis pca) {
        this.latents = List.copyOf(latents);
        this.pca = pca;
        for (int b = 0; b < latents.size(); b++) {
            LatentGrid z = latents.get(b);
            if (z.channels() != pca.channels() || z.size() != latents.get(0).size()) {
                throw new IllegalArgumentException("source " + b + " latent is " + z + ", expected "
                        + pca.channels() + " channels on a " + latents.get(0).size() + " grid");
            }
        }
    }

    /** Wraps stored latents and their PCA (as loaded by a worker). */
    public static EncodedSources of(List<LatentGrid> latents, PcaBasis pca) {
        Objects.requireNonNull(pca, "pca");
        if (latents.isEmpty()) throw new IllegalArgumentException("no source latents");
        return new EncodedSources(latents, pca);
    }

    /** Fits an r-component PCA on all cells of the latents. */
    public static EncodedSources fit(List<LatentGrid> latents, int pcaDims) {
        if (latents.size() < 2) {
            throw new IllegalArgumentException("LatentPatch needs at least 2 source images, got " + latents.size());
        }
        return new EncodedSources(latents, PcaFit.fit(latents, pcaDims));
    }

    public List<LatentGrid> latents() { return latents; }

    public PcaBasis pca() { return pca; }

    /** B. */
    public int count() { return latents.size(); }

    /** M. */
    public int gridSize() { return latents.get(0).size(); }

    /** L. */
    public int channels() { return pca.channels(); }

    /** {@code Y_b = P(Z_b − μ)} for the given source indices, in that order. */
    public List<LatentGrid> projected(int[] indices) {
        List<LatentGrid> out = new ArrayList<>(indices.length);
        for (int i : indices) out.add(pca.project(latents.get(i)));
        return out;
    }
}
