package io.latentpatch.cli;

import io.latentpatch.contracts.GenerationParams;
import io.latentpatch.contracts.InvalidMessageException;
import io.latentpatch.core.sampler.SamplerParams;
import io.latentpatch.planning.ContractMapping;
import io.latentpatch.planning.GenerationSpec;
import java.util.List;
import picocli.CommandLine.Option;

/** The engine parameters shared by {@code generate} and {@code submit}; unset means the engine's default for the grid. */
public final class EngineOptions {
    @Option(names = "--mode", paramLabel = "random|reference|edit|attributes", defaultValue = "random",
            description = "Generation mode (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--method", paramLabel = "latentpatch|random-cell|random-patch", defaultValue = "latentpatch",
            description = "The paper's method or an evaluation baseline (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--patch", paramLabel = "ω", description = "Patch side in grid cells (default: 4 on a 16 grid, scaled with the grid).")
    Integer patch;

    @Option(names = "--stride", paramLabel = "w", description = "Distance between patch corners (default: 2 on a 16 grid, scaled).")
    Integer stride;

    @Option(names = "--k", paramLabel = "K", description = "Pick uniformly among the K nearest patches (default: 3).")
    Integer k;

    @Option(names = "--k-per-scale", split = ",", paramLabel = "K1,K2,..", description = "One k per scale, coarse to fine.")
    int[] kPerScale;

    @Option(names = "--scales", paramLabel = "S", description = "Number of coarse-to-fine scales (default: 5).")
    Integer scales;

    @Option(names = "--coarsest", paramLabel = "FRACTION", description = "Coarsest grid as a fraction of the final one (default: 0.625).")
    Double coarsest;

    @Option(names = "--pca", paramLabel = "R", description = "PCA components r (default: min(16, L)).")
    Integer pca;

    @Option(names = "--coverage", paramLabel = "anchored|none",
            description = "anchored (default): each output is led by its own anchor source, so outputs spread over all sources;"
                    + " none: the paper's uniform top-k, and every unset option takes the paper's value (docs/quality.md).")
    String coverage;

    @Option(names = "--anchor-regions", paramLabel = "1|2|3|4|5|6",
            description = "Anchored coverage: regions with an anchor source each. With the face layout (the default) 5 (default:"
                    + " the inner face and the outside's four quarters), 2 (inner face, outside) or 3 (inner face, outside above,"
                    + " outside below); given alone it keeps the grid layout: 1 (one anchor per output), 2 top/bottom halves,"
                    + " 3 horizontal bands, 4 2x2 quadrants, 6 3 rows x 2 columns; each patch uses the anchor of the region"
                    + " holding its centre (docs/generate.md).")
    Integer anchorRegions;

    @Option(names = "--anchor-layout", paramLabel = "face-pooled|face|face-balanced|grid",
            description = "Anchored coverage: the regions' shape: face-pooled (default unless --anchor-regions is given alone: an"
                    + " ellipse around the inner face of an aligned portrait, and the outside's four quarters, whose donors are"
                    + " spread over the outputs among the 6 sources most like the face along its rim), face (the same regions,"
                    + " the outside's donors among the 3 most like the face, not spread: the default until 2026-12-03),"
                    + " face-balanced (the same regions, the outside's donors spread over all sources: every source frames its"
                    + " share, the fit is looser) or grid (rows and columns; alone, one anchor of weight 4); docs/generate.md.")
    String anchorLayout;

    @Option(names = "--anchor-weight", paramLabel = "W",
            description = "Anchored coverage: the anchor's weight among the k nearest, each of which weighs 1 (default: 64 with"
                    + " face-pooled, 8 with face and face-balanced, 4 with the grid).")
    Double anchorWeight;

    @Option(names = "--anchor-cap", paramLabel = "F",
            description = "Anchored coverage: share of the output above which the anchor's weight is cut to a fifth; other sources keep 0.2"
                    + " (default: 0.25 with face-pooled, where the inner face is 20 % of the grid; 0.2 otherwise).")
    Double anchorCap;

    @Option(names = "--finish", paramLabel = "blend|copy|reconstruct|quantize",
            description = "How the canvas becomes a latent (default: blend, gradient-domain blending of the copied cells, on the picture with the pixel codecs; copy with --coverage none).")
    String finish;

    @Option(names = "--upsample", paramLabel = "bilinear|provenance", description = "How the canvas enters the next scale (default: provenance; bilinear with --coverage none).")
    String upsample;

    @Option(names = "--reuse-penalty", paramLabel = "λ", description = "Distance penalty per patch already taken from a source (default: 0).")
    Float reusePenalty;

    @Option(names = "--multi-scale-reference", description = "Reference mode: run all scales from the downsampled reference.")
    boolean multiScaleReference;

    @Option(names = "--where", paramLabel = "FILTER", description = "Attributes mode: e.g. \"blond=true,glasses=true\".")
    String where;

    /** The spec; {@code referenceIndex} and {@code regionNames} come from the command's own options. */
    GenerationSpec toSpec(Integer referenceIndex, List<String> regionNames) {
        return new GenerationSpec(
                GenerationSpec.Mode.parse(mode),
                GenerationSpec.parseEnum(SamplerParams.Method.class, method, "method"),
                patch, stride, k, scales, coarsest,
                finish == null ? null : GenerationSpec.parseEnum(SamplerParams.Finish.class, finish, "finish"),
                upsample == null ? null : GenerationSpec.parseEnum(SamplerParams.Upsample.class, upsample, "upsample"),
                kPerScale, reusePenalty, pca, referenceIndex, multiScaleReference, regionNames, where,
                coverage == null ? null : GenerationSpec.parseEnum(SamplerParams.Coverage.class, coverage, "coverage"),
                anchorRegions,
                anchorLayout == null ? null : GenerationSpec.parseEnum(SamplerParams.AnchorLayout.class, anchorLayout, "anchor layout"),
                anchorWeight, anchorCap);
    }

    /**
     * The same options as the contracts' parameters of a job ({@code submit}, {@code demo}), through the one mapping
     * between a spec and its wire form ({@link ContractMapping#toParams}): unset options stay unset so the workers
     * apply the engine's defaults. Inconsistent options fail here, with the message the gateway would give.
     */
    GenerationParams toParams(Integer referenceIndex, List<String> regionNames) {
        try {
            return ContractMapping.toParams(toSpec(referenceIndex, regionNames));
        } catch (InvalidMessageException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
