package io.latentpatch.core.sampler;

import io.latentpatch.core.grid.LatentGrid;
import java.util.Objects;

/**
 * What to generate (ALGORITHM.md "Variants"). Attribute-constrained generation is not a request
 * type: build a {@link SourceBank} of the matching sources (keeping their original ids) and use
 * {@link #random()}.
 *
 * <p>Grids given here are projected latents (r×M×M, the bank's r and M).
 */
public sealed interface GenerationRequest {

    /** Unconditional generation, all S scales (steps 6–7). */
    static GenerationRequest random() { return Random.INSTANCE; }

    /** Reference-guided: one pass at M starting from the reference's projected latent; no exclusion. */
    static Reference reference(LatentGrid projectedReference) {
        return new Reference(projectedReference, false, Reference.NONE);
    }

    /** Reference-guided; {@code multiScale} runs all S scales starting from the reference downsampled to m_1. */
    static Reference reference(LatentGrid projectedReference, boolean multiScale) {
        return new Reference(projectedReference, multiScale, Reference.NONE);
    }

    /**
     * Editing: regenerate the cells of {@code region} (row-major M×M, true = regenerate) of the target.
     *
     * @param targetBankIndex the target's entry in the bank, excluded from the candidates; −1 when the
     *                        target is not in the bank
     */
    static Edit edit(LatentGrid projectedTarget, boolean[] region, int targetBankIndex) {
        return new Edit(projectedTarget, region, targetBankIndex);
    }

    /** Unconditional generation. */
    record Random() implements GenerationRequest {
        static final Random INSTANCE = new Random();
    }

    /**
     * Reference-guided generation. The canvas starts as the reference (V = 1 everywhere); cells never
     * overwritten report {@link SampleResult#TARGET} in provenance.
     *
     * @param reference         the reference's projected latent, r×M×M; may or may not be a bank source
     * @param multiScale        false: one pass at M (default); true: all S scales, starting from the
     *                          reference bilinearly downsampled to m_1
     * @param excludedBankIndex a bank entry that may not be chosen (e.g. the reference itself), or −1
     */
    record Reference(LatentGrid reference, boolean multiScale, int excludedBankIndex) implements GenerationRequest {
        public static final int NONE = -1;

        public Reference {
            Objects.requireNonNull(reference, "reference");
            if (excludedBankIndex < NONE) throw new IllegalArgumentException("excluded bank index must be >= 0 or -1 (none), got " + excludedBankIndex);
        }
    }

    /**
     * Editing. The canvas starts as the target; the cells of {@code region} are unknown (V = 0); only
     * corners whose patch meets the region are visited (one pass at M); writes land only inside the
     * region; every cell outside keeps the target's exact vector and reports {@link SampleResult#TARGET}.
     *
     * @param target          the target's projected latent, r×M×M
     * @param region          row-major M×M, true where cells are regenerated; must not be empty
     * @param targetBankIndex the target's bank entry (excluded from the candidates) or −1
     */
    record Edit(LatentGrid target, boolean[] region, int targetBankIndex) implements GenerationRequest {
        public Edit {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(region, "region");
            if (region.length != target.cells()) {
                throw new IllegalArgumentException("edit region has " + region.length + " cells but the target grid is "
                        + target.size() + "x" + target.size() + " = " + target.cells() + " cells");
            }
            boolean any = false;
            for (boolean inside : region) any |= inside;
            if (!any) throw new IllegalArgumentException("edit region is empty: mark at least one grid cell to regenerate");
            if (targetBankIndex < -1) throw new IllegalArgumentException("target bank index must be >= 0 or -1 (not in the bank), got " + targetBankIndex);
            region = region.clone();
        }

        /** The region (a copy). */
        @Override
        public boolean[] region() { return region.clone(); }

        /** Whether cell {@code y * M + x} is regenerated. */
        public boolean inRegion(int cell) { return region[cell]; }

        @Override
        public boolean equals(Object o) {
            return o instanceof Edit e && e.target.equals(target) && java.util.Arrays.equals(e.region, region)
                    && e.targetBankIndex == targetBankIndex;
        }

        @Override
        public int hashCode() { return Objects.hash(target, java.util.Arrays.hashCode(region), targetBankIndex); }
    }
}
