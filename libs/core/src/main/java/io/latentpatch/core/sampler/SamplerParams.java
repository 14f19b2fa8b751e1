package io.latentpatch.core.sampler;

import java.util.Arrays;
import java.util.Objects;

/**
 * Parameters of one sampling run (ALGORITHM.md steps 3–8 and "Options beyond the paper").
 *
 * <p>Build with {@link #defaultsFor(int)} and adjust with {@link #toBuilder()}. The record itself only
 * rejects nulls; {@link #validate(int, int)} checks the values against a grid size and a source count
 * and is called by every sampler before it starts.
 *
 * @param patch              ω, the side of a square patch, in grid cells
 * @param stride             w, the distance between patch corners, in grid cells; {@code 1 <= w < ω}
 * @param k                  sample uniformly among the k nearest candidates; a k larger than the number
 *                           of candidates is clamped to it (documented choice: an attribute filter that
 *                           leaves only 2 sources still works with the default k = 3)
 * @param scales             S, the number of coarse-to-fine passes
 * @param coarsestFraction   m_1 = round(coarsestFraction · M); default 0.625 (10 for M = 16)
 * @param finish             how the PCA-space canvas becomes a full latent (the caller passes it to
 *                           {@link SampleResult#finish})
 * @param upsample           how the canvas enters the next scale
 * @param kPerScale          null (use {@code k} at every scale) or one k per scale, coarse to fine;
 *                           single-pass requests use the last entry
 * @param sourceReusePenalty λ ≥ 0, added to a candidate's distance per patch already taken from that
 *                           source in this output ({@code d_b + λ · uses_b}); 0 (default) is the paper
 * @param method             the paper's method or one of its baselines
 * @param coverage           how candidates are drawn among the nearest: the paper's uniform top-k, or
 *                           anchored on a per-output source so that every source leads its share of outputs
 * @param anchorRegions      anchored coverage: regions of the grid with an anchor each ({@link AnchoredCoverage}):
 *                           1 (one anchor per output, default), 2 (top/bottom halves), 3 (three horizontal
 *                           bands), 4 (2×2 quadrants) or 6 (3 rows × 2 columns) with {@link AnchorLayout#GRID};
 *                           2 (inner face, outside), 3 (inner face, outside above, outside below) or 5 (inner
 *                           face, the outside's four quarters) with {@link AnchorLayout#FACE}
 * @param anchorLayout       anchored coverage: the shape of the regions, {@link AnchorLayout#GRID} (default) or
 *                           {@link AnchorLayout#FACE} (or {@link AnchorLayout#FACE_BALANCED} or
 *                           {@link AnchorLayout#FACE_POOLED}, the same regions)
 * @param anchorWeight       anchored coverage: the weight of the step's anchor among the k nearest (each weighs 1);
 *                           finite and > 0, default {@link AnchoredCoverage#ANCHOR_WEIGHT}
 * @param anchorCap          anchored coverage: share of the output's cells above which the anchor's own weight is cut
 *                           (other candidates keep {@link AnchoredCoverage#SHARE_CAP}); in (0, 1], default
 *                           {@link AnchoredCoverage#SHARE_CAP}
 *
 * <p>The four anchor parameters only act with {@link Coverage#ANCHORED} on a random request (reference and edit
 * requests ignore the coverage rule); with {@link Coverage#NONE} a value other than its default is an error.
 */
public record SamplerParams(int patch, int stride, int k, int scales, double coarsestFraction,
                            Finish finish, Upsample upsample, int[] kPerScale, float sourceReusePenalty,
                            Method method, Coverage coverage, int anchorRegions, AnchorLayout anchorLayout,
                            double anchorWeight, double anchorCap) {

    /** Default m_1 / M. */
    public static final double DEFAULT_COARSEST_FRACTION = 0.625;
    /** Default anchor regions: one anchor per output. */
    public static final int DEFAULT_ANCHOR_REGIONS = 1;

    /** How the PCA-space canvas becomes a full-dimension latent (ALGORITHM.md step 8). */
    public enum Finish {
        /** Each cell takes its source's original full vector {@code Z_b[:, y, x]}: exact. Default. */
        COPY,
        /** {@code z = Pᵀy + μ}. */
        RECONSTRUCT,
        /** Reconstruct, then snap each vector to its nearest codebook entry (VQ models). */
        QUANTIZE,
        /**
         * The copy finish, then gradient-domain blending across provenance borders
         * ({@link io.latentpatch.core.blend.GradientBlend}): each region keeps its own gradients, the steps
         * where sources meet are spread smoothly; edits keep cells outside their region exact.
         */
        BLEND
    }

    /** How the canvas of scale s−1 becomes the starting canvas of scale s. */
    public enum Upsample {
        /** Bilinear upsampling of the previous canvas (the paper). */
        BILINEAR,
        /** Cell by cell, the scale-s source vector named by the nearest-upsampled provenance map. */
        PROVENANCE
    }

    /**
     * How a step draws among its nearest candidates (random requests only; reference and edit requests
     * always use the paper's rule).
     */
    public enum Coverage {
        /** The paper: uniformly among the k nearest. */
        NONE,
        /**
         * Each output has an anchor source ({@link AnchoredCoverage}): the first patch is the anchor's, and
         * at every step the anchor joins the k nearest with a larger weight while its share of the output
         * is small, so each source leads about count/B outputs and the walk does not drift into the
         * densest group of sources.
         */
        ANCHORED
    }

    /** The shape of the anchor regions ({@link AnchoredCoverage#region}). */
    public enum AnchorLayout {
        /** Rows and columns of the grid: 1, 2 (halves), 3 (bands), 4 (quadrants) or 6 (3×2) regions. Default. */
        GRID,
        /**
         * Regions that follow an aligned face ({@link AnchoredCoverage#FACE_CENTER_Y} and the other ellipse
         * constants): region 0 is the inner face (brows, eyes, nose, mouth, cheeks, chin) inside a fixed
         * ellipse, the rest (hair, ears, background, neck) is region 1 (2 regions) or, split at the ellipse's
         * centre row, regions 1 above and 2 below (3 regions), or the outside's four quarters (5 regions); each
         * outside region's donor is among the 3 sources nearest the inner face along its rim.
         */
        FACE,
        /**
         * The face layout's regions and draw, with the outside's donors balanced over the outputs
         * ({@link AnchoredCoverage#faceAnchorsBalanced}): among the sources used least often for that region in
         * the output's group, the 3 nearest along the rim. Every source leads and frames its share of the
         * outputs; the hair and background fit the inner face less closely.
         */
        FACE_BALANCED,
        /**
         * The face layout's inner face and draw, with the outside's donors balanced over the outputs among the
         * {@link AnchoredCoverage#DONOR_POOL} sources nearest to the inner face along the rim
         * ({@link AnchoredCoverage#faceAnchorsBalanced(long, int, int, int, int, java.util.function.IntFunction)}): the
         * framing fits the face almost as closely as with {@link #FACE}, and the rim's hubs no longer frame most outputs.
         * The outside's upper and lower regions meet at the brows, not at the ellipse's centre row, so that no outside
         * quarter holds more cells than the whole inner face. The product's default (docs/quality.md).
         */
        FACE_POOLED;

        /** Whether the regions follow the face ({@link #FACE}, {@link #FACE_BALANCED} or {@link #FACE_POOLED}). */
        public boolean face() {
            return this != GRID;
        }

        /** Whether the outside's donors are balanced over the outputs ({@link #FACE_BALANCED} or {@link #FACE_POOLED}). */
        public boolean balanced() {
            return this == FACE_BALANCED || this == FACE_POOLED;
        }

        /** How many of the sources nearest along the rim a balanced layout chooses donors from (all for {@link #FACE_BALANCED}). */
        public int donorPool() {
            return this == FACE_POOLED ? AnchoredCoverage.DONOR_POOL : Integer.MAX_VALUE;
        }
    }

    /** The generation method. */
    public enum Method {
        /** Multi-scale k-NN patch copying (the paper). */
        LATENTPATCH,
        /** Baseline: each cell from a uniformly random source at the same position. */
        RANDOM_CELL,
        /** Baseline: ω×ω tiles from uniformly random sources, corners every ω plus the border corner. */
        RANDOM_PATCH
    }

    public SamplerParams {
        Objects.requireNonNull(finish, "finish");
        Objects.requireNonNull(anchorLayout, "anchorLayout");
        Objects.requireNonNull(upsample, "upsample");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(coverage, "coverage");
        kPerScale = kPerScale == null ? null : kPerScale.clone();
    }

    /**
     * The paper's settings scaled to an M×M grid: k = 3, S = 5, ω = round(4·M/16), w = round(2·M/16)
     * (M = 16 ⇒ ω = 4, w = 2; M = 32 ⇒ ω = 8, w = 4), with ω ≥ 2 and 1 ≤ w < ω; S is lowered where M
     * is too small for 5 distinct sizes or for ω to fit the coarsest one. Valid for every M ≥ 2.
     */
    public static SamplerParams defaultsFor(int gridSize) {
        if (gridSize < 2) throw new IllegalArgumentException("grid size M must be >= 2 for patch sampling, got " + gridSize);
        int patch = (int) Math.max(2, Math.min(gridSize, Math.round(4.0 * gridSize / 16)));
        int stride = (int) Math.min(patch - 1, Math.max(1, Math.round(2.0 * gridSize / 16)));
        int coarsest = ScaleSchedule.coarsestSize(gridSize, DEFAULT_COARSEST_FRACTION);
        int scales = Math.min(5, gridSize - coarsest + 1);
        if (patch > coarsest) scales = 1;
        return new SamplerParams(patch, stride, 3, scales, DEFAULT_COARSEST_FRACTION, Finish.COPY, Upsample.BILINEAR,
                null, 0f, Method.LATENTPATCH, Coverage.NONE, DEFAULT_ANCHOR_REGIONS, AnchorLayout.GRID, AnchoredCoverage.ANCHOR_WEIGHT,
                AnchoredCoverage.SHARE_CAP);
    }

    /** One k per scale, or null when {@link #k()} applies to every scale (a copy). */
    @Override
    public int[] kPerScale() { return kPerScale == null ? null : kPerScale.clone(); }

    /** The k of zero-based pass {@code s} of an S-pass run. */
    public int kAt(int s) { return kPerScale == null ? k : kPerScale[s]; }

    /** The k of the pass at M (the last one); single-pass requests use it. */
    public int kFinest() { return kPerScale == null ? k : kPerScale[kPerScale.length - 1]; }

    /**
     * Checks these parameters for an M×M grid and {@code sourceCount} candidate sources.
     *
     * @throws IllegalArgumentException with a message saying which value is wrong and what would work
     */
    public void validate(int gridSize, int sourceCount) {
        if (gridSize < 1) throw new IllegalArgumentException("grid size M must be >= 1, got " + gridSize);
        if (sourceCount < 2) {
            throw new IllegalArgumentException("sampling needs at least 2 sources, got " + sourceCount
                    + (sourceCount == 1 ? " (an attribute filter that matches fewer than 2 images cannot be sampled; relax it)" : ""));
        }
        if (!(sourceReusePenalty >= 0) || Float.isInfinite(sourceReusePenalty)) {
            throw new IllegalArgumentException("source reuse penalty must be a finite number >= 0, got " + sourceReusePenalty);
        }
        validateAnchors();
        switch (method) {
            case RANDOM_CELL -> { }
            case RANDOM_PATCH -> {
                if (patch < 1 || patch > gridSize) {
                    throw new IllegalArgumentException("patch ω=" + patch + " must be between 1 and the grid size M=" + gridSize);
                }
            }
            case LATENTPATCH -> validatePatchSampling(gridSize);
        }
    }

    /** Whether the anchor parameters are all at their defaults (today's single anchor). */
    public boolean defaultAnchors() {
        return anchorRegions == DEFAULT_ANCHOR_REGIONS && anchorLayout == AnchorLayout.GRID && Double.compare(anchorWeight, AnchoredCoverage.ANCHOR_WEIGHT) == 0
                && Double.compare(anchorCap, AnchoredCoverage.SHARE_CAP) == 0;
    }

    private void validateAnchors() {
        if (!AnchoredCoverage.isLayout(anchorLayout, anchorRegions)) {
            throw new IllegalArgumentException(anchorLayout.face()
                    ? "anchor regions with the face layout must be 2 (inner face, outside), 3 (inner face, outside above,"
                    + " outside below) or 5 (inner face, the outside's four quarters), got " + anchorRegions
                    : "anchor regions must be 1 (one anchor), 2 (top/bottom halves), 3 (horizontal bands),"
                    + " 4 (2x2 quadrants) or 6 (3 rows x 2 columns), got " + anchorRegions);
        }
        if (!(anchorWeight > 0) || Double.isInfinite(anchorWeight)) {
            throw new IllegalArgumentException("anchor weight must be a finite number > 0, got " + anchorWeight);
        }
        if (!(anchorCap > 0 && anchorCap <= 1)) {
            throw new IllegalArgumentException("anchor cap must be a share of the output in (0, 1], got " + anchorCap);
        }
        if (coverage != Coverage.ANCHORED && !defaultAnchors()) {
            throw new IllegalArgumentException("anchor regions, layout, weight and cap only apply with coverage ANCHORED, but coverage is "
                    + coverage + " (anchorRegions=" + anchorRegions + ", anchorLayout=" + anchorLayout + ", anchorWeight=" + anchorWeight + ", anchorCap=" + anchorCap
                    + "); use coverage anchored or leave them at their defaults");
        }
    }

    private void validatePatchSampling(int gridSize) {
        if (patch < 1) throw new IllegalArgumentException("patch ω must be >= 1, got " + patch);
        if (stride < 1) throw new IllegalArgumentException("stride w must be >= 1, got " + stride);
        if (stride >= patch) {
            throw new IllegalArgumentException("stride w=" + stride + " must be smaller than the patch ω=" + patch
                    + " so that patches overlap (1 <= w < ω" + (patch == 1 ? "; ω=1 leaves no valid stride, use method RANDOM_CELL for single cells" : "") + ")");
        }
        if (patch > gridSize) {
            throw new IllegalArgumentException("patch ω=" + patch + " is larger than the " + gridSize + "x" + gridSize + " grid; use ω <= " + gridSize);
        }
        if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
        if (!(coarsestFraction > 0 && coarsestFraction <= 1)) {
            throw new IllegalArgumentException("coarsest fraction must be in (0, 1], got " + coarsestFraction);
        }
        if (scales < 1) throw new IllegalArgumentException("number of scales S must be >= 1, got " + scales);
        ScaleSchedule schedule = ScaleSchedule.of(gridSize, scales, coarsestFraction);
        int coarsest = schedule.size(0);
        if (patch > coarsest) {
            throw new IllegalArgumentException("patch ω=" + patch + " does not fit the coarsest scale " + coarsest + "x" + coarsest
                    + " (scales " + Arrays.toString(schedule.sizes()) + " for M=" + gridSize + ", S=" + scales
                    + "); use ω <= " + coarsest + ", fewer scales, or a larger coarsest fraction");
        }
        if (kPerScale != null) {
            if (kPerScale.length != scales) {
                throw new IllegalArgumentException("k per scale has " + kPerScale.length + " entries " + Arrays.toString(kPerScale)
                        + " but S=" + scales + " scales; give exactly one k per scale, coarse to fine");
            }
            for (int s = 0; s < scales; s++) {
                if (kPerScale[s] < 1) {
                    throw new IllegalArgumentException("k per scale must be >= 1 everywhere, got " + kPerScale[s] + " at scale " + (s + 1)
                            + " of " + Arrays.toString(kPerScale));
                }
            }
        }
    }

    /** A builder starting from these values. */
    public Builder toBuilder() { return new Builder(this); }

    /** A builder starting from {@link #defaultsFor(int) defaultsFor(16)}, the paper's settings. */
    public static Builder builder() { return new Builder(defaultsFor(16)); }

    @Override
    public boolean equals(Object o) {
        return o instanceof SamplerParams p && p.patch == patch && p.stride == stride && p.k == k && p.scales == scales
                && Double.compare(p.coarsestFraction, coarsestFraction) == 0 && p.finish == finish && p.upsample == upsample
                && Arrays.equals(p.kPerScale, kPerScale) && Float.compare(p.sourceReusePenalty, sourceReusePenalty) == 0
                && p.method == method && p.coverage == coverage && p.anchorRegions == anchorRegions
                && p.anchorLayout == anchorLayout
                && Double.compare(p.anchorWeight, anchorWeight) == 0 && Double.compare(p.anchorCap, anchorCap) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(patch, stride, k, scales, coarsestFraction, finish, upsample, Arrays.hashCode(kPerScale),
                sourceReusePenalty, method, coverage, anchorRegions, anchorLayout, anchorWeight, anchorCap);
    }

    @Override
    public String toString() {
        return "SamplerParams[method=" + method + ", patch=" + patch + ", stride=" + stride + ", k=" + k
                + (kPerScale == null ? "" : ", kPerScale=" + Arrays.toString(kPerScale)) + ", scales=" + scales
                + ", coarsestFraction=" + coarsestFraction + ", upsample=" + upsample + ", finish=" + finish
                + ", sourceReusePenalty=" + sourceReusePenalty + ", coverage=" + coverage
                + (defaultAnchors() ? "" : ", anchorRegions=" + anchorRegions
                        + (anchorLayout == AnchorLayout.GRID ? "" : ", anchorLayout=" + anchorLayout) + ", anchorWeight=" + anchorWeight + ", anchorCap=" + anchorCap)
                + "]";
    }

    /** Mutable builder; {@link #build()} does not validate (call {@link SamplerParams#validate}). */
    public static final class Builder {
        private int patch;
        private int stride;
        private int k;
        private int scales;
        private double coarsestFraction;
        private Finish finish;
        private Upsample upsample;
        private int[] kPerScale;
        private float sourceReusePenalty;
        private Method method;
        private Coverage coverage;
        private int anchorRegions;
        private AnchorLayout anchorLayout;
        private double anchorWeight;
        private double anchorCap;

        private Builder(SamplerParams p) {
            patch = p.patch;
            stride = p.stride;
            k = p.k;
            scales = p.scales;
            coarsestFraction = p.coarsestFraction;
            finish = p.finish;
            upsample = p.upsample;
            kPerScale = p.kPerScale;
            sourceReusePenalty = p.sourceReusePenalty;
            method = p.method;
            coverage = p.coverage;
            anchorRegions = p.anchorRegions;
            anchorLayout = p.anchorLayout;
            anchorWeight = p.anchorWeight;
            anchorCap = p.anchorCap;
        }

        public Builder patch(int patch) { this.patch = patch; return this; }
        public Builder stride(int stride) { this.stride = stride; return this; }
        public Builder k(int k) { this.k = k; return this; }
        public Builder scales(int scales) { this.scales = scales; return this; }
        public Builder coarsestFraction(double fraction) { this.coarsestFraction = fraction; return this; }
        public Builder finish(Finish finish) { this.finish = finish; return this; }
        public Builder upsample(Upsample upsample) { this.upsample = upsample; return this; }
        /** One k per scale, coarse to fine, or null for {@link #k(int)} everywhere. */
        public Builder kPerScale(int... kPerScale) { this.kPerScale = kPerScale == null ? null : kPerScale.clone(); return this; }
        public Builder sourceReusePenalty(float penalty) { this.sourceReusePenalty = penalty; return this; }
        public Builder method(Method method) { this.method = method; return this; }
        public Builder coverage(Coverage coverage) { this.coverage = coverage; return this; }
        /** Anchored coverage: 1, 2, 3, 4 or 6 regions with an anchor each (grid layout), 2, 3 or 5 (face layout). */
        public Builder anchorRegions(int regions) { this.anchorRegions = regions; return this; }
        /** Anchored coverage: the shape of the regions. */
        public Builder anchorLayout(AnchorLayout layout) { this.anchorLayout = layout; return this; }
        /** Anchored coverage: the anchor's weight among the nearest. */
        public Builder anchorWeight(double weight) { this.anchorWeight = weight; return this; }
        /** Anchored coverage: the share of the output above which the anchor's weight is cut. */
        public Builder anchorCap(double cap) { this.anchorCap = cap; return this; }

        public SamplerParams build() {
            return new SamplerParams(patch, stride, k, scales, coarsestFraction, finish, upsample, kPerScale,
                    sourceReusePenalty, method, coverage, anchorRegions, anchorLayout, anchorWeight, anchorCap);
        }
    }
}
