package io.latentpatch.planning;

import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.labels.AttributeFilter;
import io.latentpatch.core.labels.SourceLabels;
import io.latentpatch.core.sampler.GenerationRequest;
import io.latentpatch.core.sampler.SamplerParams;
import io.latentpatch.core.sampler.SourceBank;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link GenerationSpec} and an encoded source set into what the sampler runs: the source bank
 * (filtered for attributes, ids kept as source indices), the request (reference / edit canvas, region)
 * and the resolved parameters. Pure and deterministic: the CLI and the sampler worker both plan through
 * here, so they build identical banks and requests.
 */
public final class JobPlanner {
    private JobPlanner() {}

    /**
     * A planned job.
     *
     * @param params         resolved sampler parameters for the grid
     * @param bank           the candidate sources, ids = indices into the source set
     * @param request        what to generate
     * @param targetOriginal the reference's or target's full latent (copy finish of TARGET cells), or null
     * @param sourceIds      the source indices in the bank, ascending
     * @param sourceCount    B of the whole source set (for provenance colours)
     */
    public record Plan(SamplerParams params, SourceBank bank, GenerationRequest request, LatentGrid targetOriginal,
                       int[] sourceIds, int sourceCount) {}

    /** An image outside the source set used as reference or edit target: its full latent L×M×M. */
    public record OutsideImage(LatentGrid latent) {}

    /**
     * Plans a job.
     *
     * @param spec        the user's request
     * @param sources     encoded sources with their PCA
     * @param sourceNames file names of the sources (for labels), in index order
     * @param labels      per-source labels (attributes mode), or null
     * @param outside     the reference/target when it is not a source (reference and edit modes), or null
     * @param regionMask  edit mode: the region on the M×M grid (row-major, true = regenerate), or null
     */
    public static Plan plan(GenerationSpec spec, EncodedSources sources, List<String> sourceNames,
                            SourceLabels labels, OutsideImage outside, boolean[] regionMask) {
        checkModeInputs(spec, outside != null, regionMask != null);
        int m = sources.gridSize();
        int b = sources.count();
        SamplerParams params = spec.resolveParams(m);
        int[] ids = allIndices(b);
        GenerationRequest request = GenerationRequest.random();
        LatentGrid targetOriginal = null;

        switch (spec.mode()) {
            case RANDOM -> { }
            case ATTRIBUTES -> {
                if (spec.where() == null || spec.where().isBlank()) {
                    throw new IllegalArgumentException("attributes mode needs a filter, e.g. --where \"blond=true,glasses=true\"");
                }
                if (labels == null) {
                    throw new IllegalArgumentException("attributes mode needs labels for the sources (--labels labels.csv|json)");
                }
                ids = AttributeFilter.parse(spec.where()).matching(sourceNames, labels);
            }
            case REFERENCE, EDIT -> {
                LatentGrid original;
                int targetIndex = -1;
                if (outside != null) {
                    original = outside.latent();
                    if (original.channels() != sources.channels() || original.size() != m) {
                        throw new IllegalArgumentException("reference latent is " + original + ", sources are "
                                + sources.channels() + "x" + m + "x" + m);
                    }
                } else if (spec.referenceIndex() != null) {
                    targetIndex = spec.referenceIndex();
                    if (targetIndex < 0 || targetIndex >= b) {
                        throw new IllegalArgumentException("--reference " + targetIndex + " is not a source index; the set has "
                                + b + " sources (0.." + (b - 1) + ")");
                    }
                    original = sources.latents().get(targetIndex);
                } else {
                    throw new IllegalArgumentException(spec.mode().label()
                            + " mode needs --reference (a source index or an image file)");
                }
                targetOriginal = original;
                LatentGrid projected = sources.pca().project(original);
                if (spec.mode() == GenerationSpec.Mode.REFERENCE) {
                    request = GenerationRequest.reference(projected, spec.multiScaleReference());
                } else {
                    if (regionMask == null) {
                        throw new IllegalArgumentException("edit mode needs --region (names such as eyes,mouth or a mask PNG)");
                    }
                    if (targetIndex >= 0 && b - 1 < 2) {
                        throw new IllegalArgumentException("editing a source needs at least 2 other sources, the set has " + b);
                    }
                    request = GenerationRequest.edit(projected, regionMask, targetIndex);
                }
            }
        }
        if (ids.length < 2) {
            throw new IllegalArgumentException("LatentPatch needs at least 2 candidate sources, got " + ids.length);
        }
        params.validate(m, ids.length);
        SourceBank bank = SourceBank.forParams(sources.projected(ids), select(sources.latents(), ids), ids, params);
        return new Plan(params, bank, request, targetOriginal, ids, b);
    }

    /**
     * Checks that the mode has the inputs it needs and is given none that it would silently ignore (a {@code --where}
     * outside attributes mode, say, would otherwise be recorded in the report without having filtered anything).
     * Cheap, so a caller can run it before encoding; {@link #plan} runs it too.
     *
     * @param hasOutsideImage a reference/target image that is not a source was given
     * @param hasRegion       an edit region was given
     */
    public static void checkModeInputs(GenerationSpec spec, boolean hasOutsideImage, boolean hasRegion) {
        GenerationSpec.Mode mode = spec.mode();
        boolean hasReference = hasOutsideImage || spec.referenceIndex() != null;
        boolean hasWhere = spec.where() != null && !spec.where().isBlank();
        boolean usesReference = mode == GenerationSpec.Mode.REFERENCE || mode == GenerationSpec.Mode.EDIT;
        if (usesReference && !hasReference) {
            throw new IllegalArgumentException(mode.label() + " mode needs --reference (a source index or an image file)");
        }
        if (!usesReference && hasReference) {
            throw new IllegalArgumentException("--reference is used by reference and edit modes only; add --mode reference or --mode edit");
        }
        if (mode == GenerationSpec.Mode.ATTRIBUTES && !hasWhere) {
            throw new IllegalArgumentException("attributes mode needs a filter, e.g. --where \"blond=true,glasses=true\"");
        }
        if (mode != GenerationSpec.Mode.ATTRIBUTES && hasWhere) {
            throw new IllegalArgumentException("--where filters the sources in attributes mode only; add --mode attributes");
        }
        if (mode == GenerationSpec.Mode.EDIT && !hasRegion) {
            throw new IllegalArgumentException("edit mode needs --region (names such as eyes,mouth or a mask PNG)");
        }
        if (mode != GenerationSpec.Mode.EDIT && hasRegion) {
            throw new IllegalArgumentException("--region is used by edit mode only; add --mode edit");
        }
        if (spec.multiScaleReference() && mode != GenerationSpec.Mode.REFERENCE) {
            throw new IllegalArgumentException("--multi-scale-reference applies to reference mode only; add --mode reference");
        }
    }

    private static int[] allIndices(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = i;
        return ids;
    }

    private static List<LatentGrid> select(List<LatentGrid> grids, int[] ids) {
        List<LatentGrid> out = new ArrayList<>(ids.length);
        for (int i : ids) out.add(grids.get(i));
        return out;
    }
}
