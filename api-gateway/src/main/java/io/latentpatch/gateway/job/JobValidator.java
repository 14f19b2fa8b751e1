package io.latentpatch.gateway.job;

import io.latentpatch.contracts.GenerationParams;
import io.latentpatch.contracts.JobRequest;
import io.latentpatch.contracts.SourceSetManifest;
import io.latentpatch.core.labels.AttributeFilter;
import io.latentpatch.core.labels.SourceLabels;
import io.latentpatch.gateway.problem.Problem.FieldError;
import io.latentpatch.planning.ContractMapping;
import io.latentpatch.planning.GenerationSpec;
import io.latentpatch.planning.EditRegion;
import io.latentpatch.contracts.ModelInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Checks a submission against its model and source set before the job is accepted, so every job on
 * the topic can run: count within the limit, parameters valid on the model's grid (M = image size /
 * downscale) for the set's B images (through the pipeline's {@link ContractMapping}, the same mapping
 * the sampler plans with), reference index inside the set, attribute filter parsing and matching at
 * least 2 labelled sources, region names known or the mask present and non-empty on the grid.
 *
 * <p>Pure apart from {@code regionLoader} (which reads a mask from the store). Returns every problem
 * found, as {@link FieldError}s pointing into the request body.
 */
public final class JobValidator {

    private final int maxCount;

    /** @param maxCount most images per job (capped at {@link JobRequest#MAX_COUNT}) */
    public JobValidator(int maxCount) {
        this.maxCount = Math.min(maxCount, JobRequest.MAX_COUNT);
    }

    public int maxCount() {
        return maxCount;
    }

    /** Errors of {@code count} alone (checked even when the model or the set is unknown). */
    public List<FieldError> checkCount(int count) {
        if (count < 1 || count > maxCount) {
            return List.of(new FieldError("/count", "count must be between 1 and " + maxCount + ", got " + count));
        }
        return List.of();
    }

    /**
     * Errors of the generation parameters for this model and set; empty when the job can run.
     *
     * @param regionLoader loads the job's region ({@link ContractMapping#regionFor}); throws
     *                     {@link IllegalArgumentException} for a missing or unreadable mask
     */
    public List<FieldError> checkParams(GenerationParams params, ModelInfo model, SourceSetManifest set,
                                        Function<GenerationParams, EditRegion> regionLoader) {
        List<FieldError> errors = new ArrayList<>();
        int b = set.imageCount();
        int m = model.gridSize();
        GenerationSpec spec = ContractMapping.toSpec(params);
        if (params.reference() != null && params.reference() >= b) {
            errors.add(new FieldError("/params/reference", "reference " + params.reference() + " is not an image of the"
                    + " source set, which has " + b + " images (0.." + (b - 1) + ")"));
            return errors;
        }
        try {
            ContractMapping.validate(params, model.latentChannels(), m, b);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(paramPointer(e.getMessage()), e.getMessage() + " (model " + model.name() + ": " + m + "x" + m
                    + " latent grid, L=" + model.latentChannels() + "; source set of " + b + " images)"));
            return errors;
        }
        if (spec.mode() == GenerationSpec.Mode.EDIT && b - 1 < 2) {
            errors.add(new FieldError("/params/reference", "editing a source needs at least 2 other sources to copy from;"
                    + " the set has " + b + " images"));
        }
        if (spec.mode() == GenerationSpec.Mode.ATTRIBUTES) {
            errors.addAll(checkFilter(spec, set, m));
        }
        if (params.region() != null && params.region().isMask()) {
            try {
                regionLoader.apply(params).onGrid(m);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("/params/region", e.getMessage()));
            }
        }
        return errors;
    }

    private static List<FieldError> checkFilter(GenerationSpec spec, SourceSetManifest set, int m) {
        SourceLabels labels = ContractMapping.labels(set);
        if (labels == null) {
            return List.of(new FieldError("/params/where", "source set " + set.setId() + " has no labels; upload it again"
                    + " with a 'labels' part to filter by attributes"));
        }
        AttributeFilter filter;
        try {
            filter = AttributeFilter.parse(spec.where());
        } catch (IllegalArgumentException e) {
            return List.of(new FieldError("/params/where", e.getMessage()));
        }
        try {
            int[] matching = filter.matching(ContractMapping.sourceNames(set), labels);
            spec.resolveParams(m).validate(m, matching.length);
        } catch (IllegalArgumentException e) {
            return List.of(new FieldError("/params/where", e.getMessage()));
        }
        return List.of();
    }

    /** Message openings of the engine's parameter checks, and the field each one is about. */
    private static final java.util.Map<String, String> PARAM_MESSAGES = new java.util.LinkedHashMap<>();

    static {
        PARAM_MESSAGES.put("patch ω", "patch");
        PARAM_MESSAGES.put("stride w", "stride");
        PARAM_MESSAGES.put("k per scale", "kPerScale");
        PARAM_MESSAGES.put("k ", "k");
        PARAM_MESSAGES.put("number of scales", "scales");
        PARAM_MESSAGES.put("coarsest fraction", "coarsestFraction");
        PARAM_MESSAGES.put("--pca", "pcaDims");
        PARAM_MESSAGES.put("source reuse penalty", "reusePenalty");
        PARAM_MESSAGES.put("anchor regions", "anchorRegions");
        PARAM_MESSAGES.put("anchor weight", "anchorWeight");
        PARAM_MESSAGES.put("anchor cap", "anchorCap");
    }

    /**
     * The JSON pointer of the parameter an engine message is about ({@code /params/patch} for
     * "patch ω=40 is larger than ..."), or {@code /params} when it names none; a form can then show the
     * message beside the field.
     */
    static String paramPointer(String message) {
        if (message != null) {
            for (var e : PARAM_MESSAGES.entrySet()) {
                if (message.startsWith(e.getKey())) return "/params/" + e.getValue();
            }
        }
        return "/params";
    }
}
