package io.latentpatch.planning;

import io.latentpatch.core.sampler.SamplerParams;
import io.latentpatch.core.sampler.SamplerParams.AnchorLayout;
import io.latentpatch.core.sampler.SamplerParams.Coverage;
import io.latentpatch.core.sampler.SamplerParams.Finish;
import io.latentpatch.core.sampler.SamplerParams.Method;
import io.latentpatch.core.sampler.SamplerParams.Upsample;
import java.util.List;
import java.util.Locale;

/**
 * What a user asks for, independent of the grid size: mode, method and engine parameters. A null
 * parameter means "the paper's default for the grid" ({@link SamplerParams#defaultsFor}), so one spec
 * works for a 16×16 pixel grid and a 32×32 TAE grid alike. Both {@code latentpatch generate} and the
 * distributed workers resolve a spec through {@link JobPlanner}, which is what makes them agree.
 *
 * @param mode             random, reference-guided, editing or attribute-constrained
 * @param method           the paper's method or a baseline
 * @param patch            ω, or null
 * @param stride           w, or null
 * @param k                k, or null
 * @param scales           S, or null
 * @param coarsestFraction m_1 / M, or null (0.625)
 * @param finish           null: blend with anchored coverage, copy with the paper's rule (and for the baselines)
 * @param upsample         null: provenance with anchored coverage, bilinear with the paper's rule
 * @param kPerScale        null, or one k per scale
 * @param reusePenalty     null or ≥ 0
 * @param pcaDims          r, or null for min(16, L)
 * @param referenceIndex   reference (reference mode) or target (edit mode) as a source index; null when
 *                         the caller supplies an outside image instead
 * @param multiScaleReference reference mode: run all S scales from the downsampled reference
 * @param regionNames      edit mode: named regions (see {@link RegionMask#NAMED}), or null when a mask
 *                         picture is used
 * @param where            attributes mode: the filter, e.g. {@code blond=true,glasses=true}
 * @param coverage         null: anchored (the product default); {@code NONE} is the paper's rule, and with it
 *                         every unset parameter takes the paper's value, so the paper's method is one flag away
 * @param anchorRegions    anchored coverage: 1, 2, 3, 4 or 6 regions with an anchor each (grid layout), 2, 3 or 5 (face
 *                         layout), or null (5 with the face layout, 1 with the grid)
 * @param anchorLayout     anchored coverage: the regions' shape, grid, face, face-balanced or face-pooled (the face's
 *                         regions and defaults), or null: face-pooled, the product default, unless {@code anchorRegions}
 *                         is given alone, which keeps its grid meaning ({@link #resolveAnchorLayout})
 * @param anchorWeight     anchored coverage: the anchor's weight among the nearest, or null (64 with face-pooled, 8 with
 *                         face and face-balanced, 4 with the grid)
 * @param anchorCap        anchored coverage: share of the output above which the anchor's weight is cut, or null (0.25
 *                         with face-pooled, else 0.2);
 *                         the four are an error with {@code coverage NONE} ({@link SamplerParams#validate})
 */
public record GenerationSpec(Mode mode, Method method, Integer patch, Integer stride, Integer k, Integer scales,
                             Double coarsestFraction, Finish finish, Upsample upsample, int[] kPerScale,
                             Float reusePenalty, Integer pcaDims, Integer referenceIndex,
                             boolean multiScaleReference, List<String> regionNames, String where, Coverage coverage,
                             Integer anchorRegions, AnchorLayout anchorLayout, Double anchorWeight, Double anchorCap) {

    /** Default number of PCA components (the paper's r). */
    public static final int DEFAULT_PCA_DIMS = 16;

    /** Generation modes (ALGORITHM.md "Variants"). */
    public enum Mode {
        RANDOM, REFERENCE, EDIT, ATTRIBUTES;

        /** Parses {@code random|reference|edit|attributes}, case-insensitively. */
        public static Mode parse(String text) {
            return parseEnum(Mode.class, text, "mode");
        }

        public String label() { return name().toLowerCase(Locale.ROOT); }
    }

    public GenerationSpec {
        if (mode == null) mode = Mode.RANDOM;
        if (method == null) method = Method.LATENTPATCH;
        kPerScale = kPerScale == null ? null : kPerScale.clone();
        regionNames = regionNames == null ? null : List.copyOf(regionNames);
    }

    /** A spec with the default anchor parameters. */
    public GenerationSpec(Mode mode, Method method, Integer patch, Integer stride, Integer k, Integer scales,
                          Double coarsestFraction, Finish finish, Upsample upsample, int[] kPerScale,
                          Float reusePenalty, Integer pcaDims, Integer referenceIndex,
                          boolean multiScaleReference, List<String> regionNames, String where, Coverage coverage) {
        this(mode, method, patch, stride, k, scales, coarsestFraction, finish, upsample, kPerScale, reusePenalty, pcaDims,
                referenceIndex, multiScaleReference, regionNames, where, coverage, null, null, null, null);
    }

    /** A spec with the default coverage (anchored). */
    public GenerationSpec(Mode mode, Method method, Integer patch, Integer stride, Integer k, Integer scales,
                          Double coarsestFraction, Finish finish, Upsample upsample, int[] kPerScale,
                          Float reusePenalty, Integer pcaDims, Integer referenceIndex,
                          boolean multiScaleReference, List<String> regionNames, String where) {
        this(mode, method, patch, stride, k, scales, coarsestFraction, finish, upsample, kPerScale, reusePenalty, pcaDims,
                referenceIndex, multiScaleReference, regionNames, where, null);
    }

    /** The same spec with {@code coverage} (null = the default). */
    public GenerationSpec withCoverage(Coverage coverage) {
        return new GenerationSpec(mode, method, patch, stride, k, scales, coarsestFraction, finish, upsample, kPerScale,
                reusePenalty, pcaDims, referenceIndex, multiScaleReference, regionNames, where, coverage, anchorRegions,
                anchorLayout, anchorWeight, anchorCap);
    }

    /** The same spec with these anchor parameters on the grid layout (null = the default). */
    public GenerationSpec withAnchors(Integer anchorRegions, Double anchorWeight, Double anchorCap) {
        return withAnchors(anchorRegions, null, anchorWeight, anchorCap);
    }

    /** The same spec with these anchor parameters (null = the default). */
    public GenerationSpec withAnchors(Integer anchorRegions, AnchorLayout anchorLayout, Double anchorWeight, Double anchorCap) {
        return new GenerationSpec(mode, method, patch, stride, k, scales, coarsestFraction, finish, upsample, kPerScale,
                reusePenalty, pcaDims, referenceIndex, multiScaleReference, regionNames, where, coverage, anchorRegions,
                anchorLayout, anchorWeight, anchorCap);
    }

    /** Anchor regions when the face layout leaves their number unset: the inner face and the outside's four quarters. */
    public static final int DEFAULT_FACE_REGIONS = 5;

    /** The anchor's weight when the face layout leaves it unset (docs/quality.md: weight 8 keeps the inner face one person's). */
    public static final double DEFAULT_FACE_WEIGHT = 8.0;

    /**
     * The anchor's weight when the pooled face layout leaves it unset (docs/quality.md: with the cap above the inner
     * face's share, weight 64 keeps the inner face one person's; 128 let a set's sources dominate too few outputs).
     */
    public static final double DEFAULT_POOLED_WEIGHT = 64.0;

    /**
     * The anchor's cap when the pooled face layout leaves it unset: the inner face's ellipse is 210 of a 32 grid's 1024
     * cells, so the engine's 0.2 cut the anchor just before its face was whole and other faces showed through
     * (docs/quality.md).
     */
    public static final double DEFAULT_POOLED_CAP = 0.25;

    /** The anchor's weight a layout takes when none is given: {@link #DEFAULT_POOLED_WEIGHT}, {@link #DEFAULT_FACE_WEIGHT} or the engine's. */
    static Double defaultWeight(AnchorLayout layout) {
        if (layout == AnchorLayout.FACE_POOLED) return DEFAULT_POOLED_WEIGHT;
        return layout.face() ? DEFAULT_FACE_WEIGHT : null;
    }

    /** The anchor's cap a layout takes when none is given: {@link #DEFAULT_POOLED_CAP}, or the engine's. */
    static Double defaultCap(AnchorLayout layout) {
        return layout == AnchorLayout.FACE_POOLED ? DEFAULT_POOLED_CAP : null;
    }

    /**
     * The anchor layout this spec resolves to with anchored coverage: the one given; else the pooled face layout (the
     * product default) unless a region count is given alone, which keeps its grid meaning (1, 2, 3, 4 or 6).
     */
    public AnchorLayout resolveAnchorLayout() {
        if (anchorLayout != null) return anchorLayout;
        return anchorRegions == null ? AnchorLayout.FACE_POOLED : AnchorLayout.GRID;
    }

    /** The coverage rule this spec resolves to: anchored unless the paper's rule is asked for. */
    public Coverage resolveCoverage() {
        return coverage == null ? Coverage.ANCHORED : coverage;
    }

    /** Unconditional generation with every parameter at its default. */
    public static GenerationSpec defaults() {
        return new GenerationSpec(Mode.RANDOM, Method.LATENTPATCH, null, null, null, null, null, null, null, null,
                null, null, null, false, null, null);
    }

    /** r for a codec with {@code latentChannels} channels; an explicit r larger than L is an error. */
    public int resolvePcaDims(int latentChannels) {
        if (pcaDims == null) return Math.min(DEFAULT_PCA_DIMS, latentChannels);
        if (pcaDims < 1) throw new IllegalArgumentException("--pca must be >= 1, got " + pcaDims);
        if (pcaDims > latentChannels) {
            throw new IllegalArgumentException("--pca " + pcaDims + " is larger than the codec's " + latentChannels
                    + " latent channels; use at most " + latentChannels);
        }
        return pcaDims;
    }

    /**
     * The sampler parameters on an M×M grid: the paper's defaults for M, overridden by what is set here; with
     * anchored coverage (the default) an unset upsample is {@code provenance} and an unset finish {@code blend}
     * (docs/quality.md says why), with {@code coverage NONE} or a baseline method they stay the paper's.
     */
    public SamplerParams resolveParams(int gridSize) {
        SamplerParams.Builder b = SamplerParams.defaultsFor(gridSize).toBuilder();
        Coverage rule = resolveCoverage();
        b.coverage(rule);
        if (rule == Coverage.ANCHORED && method == Method.LATENTPATCH) {
            b.upsample(Upsample.PROVENANCE);
            b.finish(Finish.BLEND);
        }
        if (patch != null) b.patch(patch);
        if (stride != null) b.stride(stride);
        if (k != null) b.k(k);
        if (scales != null) b.scales(scales);
        if (coarsestFraction != null) b.coarsestFraction(coarsestFraction);
        if (finish != null) b.finish(finish);
        if (upsample != null) b.upsample(upsample);
        if (kPerScale != null) b.kPerScale(kPerScale);
        if (reusePenalty != null) b.sourceReusePenalty(reusePenalty);
        // The anchor defaults are the face layout's only where anchors apply (random and attributes generation with
        // the paper's method); elsewhere they stay the engine's, so reports do not name anchors that were not used.
        boolean anchorsApply = rule == Coverage.ANCHORED && method == Method.LATENTPATCH
                && (mode == Mode.RANDOM || mode == Mode.ATTRIBUTES);
        AnchorLayout layout = anchorsApply ? resolveAnchorLayout() : anchorLayout == null ? AnchorLayout.GRID : anchorLayout;
        boolean face = layout.face();
        b.anchorLayout(layout);
        if (anchorRegions != null) b.anchorRegions(anchorRegions);
        else if (face) b.anchorRegions(DEFAULT_FACE_REGIONS);
        if (anchorWeight != null) b.anchorWeight(anchorWeight);
        else if (defaultWeight(layout) instanceof Double weight) b.anchorWeight(weight);
        if (anchorCap != null) b.anchorCap(anchorCap);
        else if (defaultCap(layout) instanceof Double cap) b.anchorCap(cap);
        b.method(method);
        return b.build();
    }

    @Override
    public int[] kPerScale() { return kPerScale == null ? null : kPerScale.clone(); }

    /** Parses an enum constant from user text ({@code random-cell} ⇒ {@code RANDOM_CELL}), listing the choices on error. */
    public static <E extends Enum<E>> E parseEnum(Class<E> type, String text, String what) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException(what + " is empty");
        String key = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(key)) return e;
        }
        StringBuilder choices = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            if (choices.length() > 0) choices.append('|');
            choices.append(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw new IllegalArgumentException("unknown " + what + " '" + text + "'; choose one of " + choices);
    }

    /** User-facing name of an enum constant ({@code RANDOM_CELL} ⇒ {@code random-cell}). */
    public static String label(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
