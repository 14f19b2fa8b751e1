package io.latentpatch.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * The FFHQ alignment of a source set uploaded with {@code align=true} ({@link SourceSetManifest#align}):
 * {@link ObjectKeys#sourceAlignment(String)}, written by the encoder worker after it stored every aligned image
 * ({@link ObjectKeys#sourceAlignedImage(String, int)}), so its presence means the set is aligned.
 *
 * <p>The set the engine sees is the {@link #images} in this order: image i of every job on the set (its
 * {@code params.reference} index, provenance values, per-image labels) is {@code images[i]}, uploaded image
 * {@code images[i].sourceIndex}. {@link #restrict} gives the manifest of that set.
 *
 * @param schemaVersion {@link SchemaVersion#CURRENT}
 * @param setId         the set
 * @param size          side of the aligned squares, pixels (the input side of the codec that first encoded the set)
 * @param images        the aligned images, in upload order, at least 1
 * @param skipped       the uploaded images left out ({@code align.failures = skip}), in upload order; empty otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SourceSetAlignment(
        @JsonProperty(required = true) int schemaVersion,
        @JsonProperty(required = true) String setId,
        @JsonProperty(required = true) int size,
        @JsonProperty(required = true) List<AlignedImage> images,
        @JsonProperty(required = true) List<SkippedImage> skipped) implements Message {

    /**
     * One aligned image. Points and boxes are in pixels of the upright uploaded picture (after any EXIF rotation).
     *
     * @param sourceIndex     its index among the uploaded images
     * @param fileName        its uploaded file name
     * @param sourceToAligned the 2×3 matrix {@code [a, b, tx, c, d, ty]}: aligned {@code (x', y') = (a·x + b·y + tx,
     *                        c·x + d·y + ty)} of source pixel {@code (x, y)}
     * @param scale           aligned pixels per source pixel
     * @param rotationDegrees rotation of the transform, degrees
     * @param leftEye         {@code [x, y]}, mean of landmarks 36–41
     * @param rightEye        {@code [x, y]}, mean of landmarks 42–47
     * @param faceBox         the detector's box {@code [left, top, width, height]}
     */
    public record AlignedImage(
            @JsonProperty(required = true) int sourceIndex,
            @JsonProperty(required = true) String fileName,
            @JsonProperty(required = true) List<Double> sourceToAligned,
            @JsonProperty(required = true) double scale,
            @JsonProperty(required = true) double rotationDegrees,
            @JsonProperty(required = true) List<Double> leftEye,
            @JsonProperty(required = true) List<Double> rightEye,
            @JsonProperty(required = true) List<Double> faceBox) {

        public AlignedImage {
            Checks.atLeast("sourceIndex", sourceIndex, 0);
            Checks.required("fileName", fileName);
            sourceToAligned = numbers("sourceToAligned", sourceToAligned, 6);
            leftEye = numbers("leftEye", leftEye, 2);
            rightEye = numbers("rightEye", rightEye, 2);
            faceBox = numbers("faceBox", faceBox, 4);
        }
    }

    /**
     * An uploaded image left out.
     *
     * @param sourceIndex its index among the uploaded images
     * @param fileName    its uploaded file name
     * @param reason      {@code NO_FACE}, {@code SEVERAL_FACES} or {@code FACE_TOO_SMALL}
     * @param message     what was wrong, for people
     */
    public record SkippedImage(
            @JsonProperty(required = true) int sourceIndex,
            @JsonProperty(required = true) String fileName,
            @JsonProperty(required = true) String reason,
            @JsonProperty(required = true) String message) {

        public SkippedImage {
            Checks.atLeast("sourceIndex", sourceIndex, 0);
            Checks.required("fileName", fileName);
            Checks.required("reason", reason);
            Checks.required("message", message);
        }
    }

    public SourceSetAlignment {
        SchemaVersion.require("SourceSetAlignment", schemaVersion);
        Ids.require("setId", setId);
        Checks.atLeast("size", size, 1);
        images = Checks.copyOrNull("images", Checks.required("images", images));
        if (images.isEmpty()) throw new InvalidMessageException("images must hold at least one aligned image");
        skipped = Checks.copyOrNull("skipped", Checks.required("skipped", skipped));
        int previous = -1;
        for (AlignedImage i : images) {
            if (i.sourceIndex() <= previous) {
                throw new InvalidMessageException("images must be in upload order, each uploaded image once; sourceIndex "
                        + i.sourceIndex() + " follows " + previous);
            }
            previous = i.sourceIndex();
        }
    }

    /** At the current schema version. */
    public static SourceSetAlignment of(String setId, int size, List<AlignedImage> images, List<SkippedImage> skipped) {
        return new SourceSetAlignment(SchemaVersion.CURRENT, setId, size, images, skipped);
    }

    /** The uploaded index of every aligned image, in order. */
    public List<Integer> sourceIndices() {
        return images.stream().map(AlignedImage::sourceIndex).toList();
    }

    /**
     * The manifest of the set the engine sees: {@code uploaded} restricted to the aligned images.
     *
     * @throws InvalidMessageException when this alignment is not of {@code uploaded}'s set or names an image it does not have
     */
    public SourceSetManifest restrict(SourceSetManifest uploaded) {
        if (!uploaded.setId().equals(setId)) {
            throw new InvalidMessageException("the alignment of set " + setId + " does not belong to set " + uploaded.setId());
        }
        if (images.size() + skipped.size() != uploaded.imageCount()) {
            throw new InvalidMessageException("the alignment of set " + setId + " lists " + images.size() + " aligned and "
                    + skipped.size() + " skipped images, the set has " + uploaded.imageCount());
        }
        return uploaded.keepOnly(sourceIndices());
    }

    /** The set id. */
    @Override
    public String partitionKey() {
        return setId;
    }

    private static List<Double> numbers(String field, List<Double> values, int n) {
        List<Double> v = Checks.copyOrNull(field, Checks.required(field, values));
        if (v.size() != n) throw new InvalidMessageException(field + " must hold " + n + " numbers, got " + v.size());
        List<Double> out = new ArrayList<>(n);
        for (Double d : v) {
            if (d == null || !Double.isFinite(d)) throw new InvalidMessageException(field + " must hold finite numbers, got " + v);
            out.add(d);
        }
        return List.copyOf(out);
    }
}
