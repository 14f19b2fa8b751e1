package io.latentpatch.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * How to generate: method, mode and the sampler's parameters. Every field is nullable, meaning
 * "the engine's default for this grid" (paper defaults, see ALGORITHM.md), and omitted from the
 * JSON when null. The engine resolves the defaults; this record only checks that what is given is
 * in range and consistent.
 *
 * @param method           {@code latentpatch} (default), or a baseline {@code random-cell} / {@code random-patch}
 * @param mode             {@code random} (default), {@code reference}, {@code edit} or {@code attributes}
 * @param patch            patch size ω in latent cells, >= 1
 * @param stride           stride w in latent cells, 1..patch
 * @param k                sample among the k nearest candidates, >= 1
 * @param scales           number of scales S, >= 1
 * @param coarsestFraction size of the coarsest scale as a fraction of M, in (0, 1] (paper 0.625)
 * @param pcaDims          PCA dimensions r, >= 1
 * @param finish           {@code blend} (default with anchored coverage), {@code copy} (the paper's), {@code reconstruct}
 *                         or {@code quantize}
 * @param upsample         canvas upsampling between scales: {@code provenance} (default with anchored coverage) or
 *                         {@code bilinear} (the paper's)
 * @param kPerScale        a k for each scale, coarse to fine, each >= 1 (size = scales when both given)
 * @param reference        source index of the reference (mode reference) or the edit target (mode edit), >= 0
 * @param region           the region an edit regenerates (mode edit only)
 * @param where            attribute filter over source labels in the engine's syntax, e.g. {@code blond=true,glasses!=true}
 *                         (required by mode attributes; parsed and checked against the labels by the engine)
 * @param reusePenalty     distance penalty per patch already taken from a source, finite and >= 0 (engine default 0)
 * @param multiScaleReference mode reference only: run all scales from the downsampled reference (default false)
 * @param referenceImage   modes reference and edit, instead of {@code reference}: the object key of an image that is
 *                         not a source (uploaded with {@code POST /v1/source-sets/{id}/references}); the encoder
 *                         encodes it with the job's codec, exactly as {@code generate --reference FILE} does
 * @param coverage         {@code anchored} (default: each output led by its own anchor source, see docs/quality.md) or
 *                         {@code none} (the paper's uniform top-k; every unset parameter then takes the paper's value)
 * @param anchorRegions    anchored coverage: regions with an anchor source each, 1 (default: one anchor per output),
 *                         2 (top/bottom halves), 3 (horizontal bands), 4 (2×2 quadrants) or 6 (3 rows × 2 columns);
 *                         with {@code anchorLayout face}: 2 (inner face, outside; the default there), 3 (inner face,
 *                         outside above, outside below) or 5 (inner face, the outside's four quarters by the face's
 *                         centre row and column)
 * @param anchorLayout     anchored coverage: the regions' shape, {@code grid} (rows and columns), {@code face} (an
 *                         ellipse around the inner face of an aligned portrait and the outside, see docs/generate.md),
 *                         {@code face-balanced} (the face's regions, the outside's donors balanced over the outputs) or
 *                         {@code face-pooled} (the same, balanced among the sources most like the face along its rim;
 *                         the engine's default)
 * @param anchorWeight     anchored coverage: the anchor's weight among the k nearest (each weighs 1), finite and > 0
 *                         (engine default 64 with face-pooled, 8 with face and face-balanced, 4 with grid)
 * @param anchorCap        anchored coverage: share of the output's cells above which the anchor's weight is cut, in (0, 1]
 *                         (engine default 0.25 with face-pooled, else 0.2); the four anchor fields are rejected with coverage {@code none}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record GenerationParams(
        Method method,
        Mode mode,
        Integer patch,
        Integer stride,
        Integer k,
        Integer scales,
        Double coarsestFraction,
        Integer pcaDims,
        Finish finish,
        Upsample upsample,
        List<Integer> kPerScale,
        Integer reference,
        Region region,
        String where,
        Float reusePenalty,
        Boolean multiScaleReference,
        String referenceImage,
        Coverage coverage,
        Integer anchorRegions,
        AnchorLayout anchorLayout,
        Double anchorWeight,
        Double anchorCap) {

    /** All defaults: the engine decides everything. */
    public static final GenerationParams DEFAULTS = builder().build();

    /** Sampling method; the two baselines are the paper's quality floor. */
    public enum Method {
        @JsonProperty("latentpatch") LATENTPATCH,
        @JsonProperty("random-cell") RANDOM_CELL,
        @JsonProperty("random-patch") RANDOM_PATCH
    }

    /** What the canvas starts from and which cells are regenerated. */
    public enum Mode {
        @JsonProperty("random") RANDOM,
        @JsonProperty("reference") REFERENCE,
        @JsonProperty("edit") EDIT,
        @JsonProperty("attributes") ATTRIBUTES
    }

    /** How the final M×M latent is formed from the sampled canvas. */
    public enum Finish {
        @JsonProperty("copy") COPY,
        @JsonProperty("reconstruct") RECONSTRUCT,
        @JsonProperty("quantize") QUANTIZE,
        @JsonProperty("blend") BLEND
    }

    /** How a step draws among its nearest candidates. */
    public enum Coverage {
        @JsonProperty("none") NONE,
        @JsonProperty("anchored") ANCHORED
    }

    /** The shape of the anchor regions. */
    public enum AnchorLayout {
        @JsonProperty("grid") GRID,
        @JsonProperty("face") FACE,
        /** The face layout's regions with the outside's donors balanced over the outputs. */
        @JsonProperty("face-balanced") FACE_BALANCED,
        /** The face layout's regions with the outside's donors balanced over the outputs among those that fit the face best. */
        @JsonProperty("face-pooled") FACE_POOLED
    }

    /** How the canvas enters the next finer scale. */
    public enum Upsample {
        @JsonProperty("bilinear") BILINEAR,
        @JsonProperty("provenance") PROVENANCE
    }

    public GenerationParams {
        Checks.atLeast("patch", patch, 1);
        Checks.atLeast("stride", stride, 1);
        Checks.atLeast("k", k, 1);
        Checks.atLeast("scales", scales, 1);
        Checks.atLeast("pcaDims", pcaDims, 1);
        Checks.atLeast("reference", reference, 0);
        if (patch != null && stride != null && stride > patch) {
            throw new InvalidMessageException("stride " + stride + " is larger than patch " + patch
                    + ": patches would leave gaps; use stride <= patch");
        }
        if (coarsestFraction != null && !(coarsestFraction > 0 && coarsestFraction <= 1)) {
            throw new InvalidMessageException("coarsestFraction must be in (0, 1], got " + coarsestFraction);
        }
        kPerScale = Checks.copyOrNull("kPerScale", kPerScale);
        if (kPerScale != null) {
            if (kPerScale.isEmpty()) {
                throw new InvalidMessageException("kPerScale is empty; omit it or give one k per scale");
            }
            for (Integer kk : kPerScale) {
                Checks.atLeast("kPerScale element", kk, 1);
            }
            if (scales != null && kPerScale.size() != scales) {
                throw new InvalidMessageException("kPerScale has " + kPerScale.size() + " entries but scales is " + scales
                        + "; give one k per scale");
            }
        }
        Mode m = mode == null ? Mode.RANDOM : mode;
        if (referenceImage != null) {
            Checks.key("referenceImage", referenceImage);
            if (reference != null) {
                throw new InvalidMessageException("give either 'reference' (a source index) or 'referenceImage' (an uploaded"
                        + " image), not both");
            }
            if (m != Mode.REFERENCE && m != Mode.EDIT) {
                throw new InvalidMessageException("'referenceImage' is only used by modes reference and edit, but mode is " + label(m));
            }
        }
        if ((m == Mode.REFERENCE || m == Mode.EDIT) && reference == null && referenceImage == null) {
            throw new InvalidMessageException("mode " + label(m) + " needs 'reference': the source index of the "
                    + (m == Mode.EDIT ? "image to edit" : "reference image") + " (or 'referenceImage', an uploaded image)");
        }
        if (reference != null && m != Mode.REFERENCE && m != Mode.EDIT) {
            throw new InvalidMessageException("'reference' is only used by modes reference and edit, but mode is " + label(m));
        }
        if (m == Mode.EDIT && region == null) {
            throw new InvalidMessageException("mode edit needs 'region': names such as [\"eyes\", \"mouth\"] or a mask object key");
        }
        if (region != null && m != Mode.EDIT) {
            throw new InvalidMessageException("'region' is only used by mode edit, but mode is " + label(m));
        }
        if (m == Mode.ATTRIBUTES && (where == null || where.isBlank())) {
            throw new InvalidMessageException("mode attributes needs 'where', an attribute filter such as 'blond=true,glasses!=true'");
        }
        if (where != null && m != Mode.ATTRIBUTES) {
            throw new InvalidMessageException("'where' is only used by mode attributes, but mode is " + label(m));
        }
        if (reusePenalty != null && !(reusePenalty >= 0 && Float.isFinite(reusePenalty))) {
            throw new InvalidMessageException("reusePenalty must be a finite number >= 0, got " + reusePenalty);
        }
        if (Boolean.TRUE.equals(multiScaleReference) && m != Mode.REFERENCE) {
            throw new InvalidMessageException("'multiScaleReference' is only used by mode reference, but mode is " + label(m));
        }
        if (anchorLayout != null && anchorLayout != AnchorLayout.GRID) {
            if (anchorRegions != null && !List.of(2, 3, 5).contains(anchorRegions)) {
                String layout = switch (anchorLayout) {
                    case FACE_BALANCED -> "face-balanced";
                    case FACE_POOLED -> "face-pooled";
                    default -> "face";
                };
                throw new InvalidMessageException("anchorRegions with anchorLayout " + layout + " must be 2 (inner face, outside), 3"
                        + " (inner face, outside above, outside below) or 5 (inner face, the outside's four quarters), got "
                        + anchorRegions);
            }
        } else if (anchorRegions != null && !List.of(1, 2, 3, 4, 6).contains(anchorRegions)) {
            throw new InvalidMessageException("anchorRegions must be 1, 2 (halves), 3 (bands), 4 (quadrants) or 6 (3x2), got " + anchorRegions);
        }
        if (anchorWeight != null && !(anchorWeight > 0 && Double.isFinite(anchorWeight))) {
            throw new InvalidMessageException("anchorWeight must be a finite number > 0, got " + anchorWeight);
        }
        if (anchorCap != null && !(anchorCap > 0 && anchorCap <= 1)) {
            throw new InvalidMessageException("anchorCap must be a share of the output in (0, 1], got " + anchorCap);
        }
        if (coverage == Coverage.NONE && (anchorRegions != null || anchorLayout != null || anchorWeight != null || anchorCap != null)) {
            throw new InvalidMessageException("'anchorRegions', 'anchorLayout', 'anchorWeight' and 'anchorCap' only apply with coverage anchored,"
                    + " but coverage is none");
        }
    }

    /** A builder with every field unset (default). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's values, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.method = method;
        b.mode = mode;
        b.patch = patch;
        b.stride = stride;
        b.k = k;
        b.scales = scales;
        b.coarsestFraction = coarsestFraction;
        b.pcaDims = pcaDims;
        b.finish = finish;
        b.upsample = upsample;
        b.kPerScale = kPerScale;
        b.reference = reference;
        b.region = region;
        b.where = where;
        b.reusePenalty = reusePenalty;
        b.multiScaleReference = multiScaleReference;
        b.referenceImage = referenceImage;
        b.coverage = coverage;
        b.anchorRegions = anchorRegions;
        b.anchorLayout = anchorLayout;
        b.anchorWeight = anchorWeight;
        b.anchorCap = anchorCap;
        return b;
    }

    private static String label(Mode m) {
        return m.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private Method method;
        private Mode mode;
        private Integer patch;
        private Integer stride;
        private Integer k;
        private Integer scales;
        private Double coarsestFraction;
        private Integer pcaDims;
        private Finish finish;
        private Upsample upsample;
        private List<Integer> kPerScale;
        private Integer reference;
        private Region region;
        private String where;
        private Float reusePenalty;
        private Boolean multiScaleReference;
        private String referenceImage;
        private Coverage coverage;
        private Integer anchorRegions;
        private AnchorLayout anchorLayout;
        private Double anchorWeight;
        private Double anchorCap;

        private Builder() {
        }

        public Builder method(Method v) { method = v; return this; }
        public Builder mode(Mode v) { mode = v; return this; }
        public Builder patch(Integer v) { patch = v; return this; }
        public Builder stride(Integer v) { stride = v; return this; }
        public Builder k(Integer v) { k = v; return this; }
        public Builder scales(Integer v) { scales = v; return this; }
        public Builder coarsestFraction(Double v) { coarsestFraction = v; return this; }
        public Builder pcaDims(Integer v) { pcaDims = v; return this; }
        public Builder finish(Finish v) { finish = v; return this; }
        public Builder upsample(Upsample v) { upsample = v; return this; }
        public Builder kPerScale(List<Integer> v) { kPerScale = v; return this; }
        public Builder reference(Integer v) { reference = v; return this; }
        public Builder region(Region v) { region = v; return this; }
        public Builder where(String v) { where = v; return this; }
        public Builder reusePenalty(Float v) { reusePenalty = v; return this; }
        public Builder multiScaleReference(Boolean v) { multiScaleReference = v; return this; }
        public Builder referenceImage(String v) { referenceImage = v; return this; }
        public Builder coverage(Coverage v) { coverage = v; return this; }
        public Builder anchorRegions(Integer v) { anchorRegions = v; return this; }
        public Builder anchorLayout(AnchorLayout v) { anchorLayout = v; return this; }
        public Builder anchorWeight(Double v) { anchorWeight = v; return this; }
        public Builder anchorCap(Double v) { anchorCap = v; return this; }

        public GenerationParams build() {
            return new GenerationParams(method, mode, patch, stride, k, scales, coarsestFraction, pcaDims, finish,
                    upsample, kPerScale, reference, region, where, reusePenalty, multiScaleReference, referenceImage, coverage,
                    anchorRegions, anchorLayout, anchorWeight, anchorCap);
        }
    }
}
