package io.latentpatch.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a source set holds: {@link ObjectKeys#sourceManifest(String)}, written by the gateway when
 * the set is uploaded, next to {@code sources/{setId}/images/{i}.png}.
 *
 * @param schemaVersion {@link SchemaVersion#CURRENT}
 * @param setId         the set's id
 * @param imageCount    B, number of images, >= 1; image i is {@link ObjectKeys#sourceImage(String, int)}
 * @param width         width of every image in pixels (all images of a set share one size)
 * @param height        height of every image in pixels
 * @param fileNames     the uploaded file name of each image (display only; never used as a key), size B
 * @param labels        labels of each image (e.g. {@code ["woman", "glasses"]}), size B, each label
 *                      {@code [a-z0-9][a-z0-9_-]*}; null when the set has no labels
 * @param contentHash   {@code sha256:<64 hex>} over the images, see {@link #contentHashOf(List)}
 * @param createdAt     when the set was stored
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SourceSetManifest(
        @JsonProperty(required = true) int schemaVersion,
        @JsonProperty(required = true) String setId,
        @JsonProperty(required = true) int imageCount,
        @JsonProperty(required = true) int width,
        @JsonProperty(required = true) int height,
        @JsonProperty(required = true) List<String> fileNames,
        List<List<String>> labels,
        @JsonProperty(required = true) String contentHash,
        @JsonProperty(required = true) Instant createdAt) implements Message {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");

    public SourceSetManifest {
        SchemaVersion.require("SourceSetManifest", schemaVersion);
        Ids.require("setId", setId);
        Checks.atLeast("imageCount", imageCount, 1);
        Checks.atLeast("width", width, 1);
        Checks.atLeast("height", height, 1);
        fileNames = Checks.copyOrNull("fileNames", Checks.required("fileNames", fileNames));
        if (fileNames.size() != imageCount) {
            throw new InvalidMessageException("fileNames has " + fileNames.size() + " entries for imageCount " + imageCount);
        }
        if (labels != null) {
            if (labels.size() != imageCount) {
                throw new InvalidMessageException("labels has " + labels.size() + " entries for imageCount " + imageCount
                        + "; give one (possibly empty) list per image");
            }
            List<List<String>> copy = new ArrayList<>(labels.size());
            for (int i = 0; i < labels.size(); i++) {
                List<String> l = Checks.copyOrNull("labels[" + i + "]", Checks.required("labels[" + i + "]", labels.get(i)));
                for (String label : l) {
                    if (!LABEL.matcher(label).matches()) {
                        throw new InvalidMessageException("labels[" + i + "]: '" + label
                                + "' is not a label; expected lower-case [a-z0-9][a-z0-9_-]*");
                    }
                }
                copy.add(l);
            }
            labels = List.copyOf(copy);
        }
        if (contentHash == null || !HASH.matcher(contentHash).matches()) {
            throw new InvalidMessageException("contentHash must look like sha256:<64 lower-case hex>, got " + contentHash);
        }
        Checks.required("createdAt", createdAt);
    }

    /** A manifest at the current schema version, with {@link #contentHashOf(List)} of {@code images}. */
    public static SourceSetManifest of(String setId, int width, int height, List<String> fileNames,
                                       List<List<String>> labels, List<byte[]> images, Instant createdAt) {
        return new SourceSetManifest(SchemaVersion.CURRENT, setId, images.size(), width, height, fileNames, labels,
                contentHashOf(images), createdAt);
    }

    /** Labels of image {@code i}; empty when the set has no labels. */
    public List<String> labelsOf(int i) {
        Checks.inRange("image index", i, 0, imageCount - 1);
        return labels == null ? List.of() : labels.get(i);
    }

    /**
     * Indices of the images that pass {@code filter} (ascending). A set without labels matches
     * only filters made of negations.
     */
    public List<Integer> select(AttributeFilter filter) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < imageCount; i++) {
            if (filter.matches(labelsOf(i))) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * {@code sha256:} + hex SHA-256 over the concatenated SHA-256 digests of each image's stored
     * bytes, in order: same images in the same order, same hash.
     */
    public static String contentHashOf(List<byte[]> images) {
        try {
            MessageDigest outer = MessageDigest.getInstance("SHA-256");
            for (byte[] image : images) {
                outer.update(MessageDigest.getInstance("SHA-256").digest(image));
            }
            return "sha256:" + HexFormat.of().formatHex(outer.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** The set id. */
    @Override
    public String partitionKey() {
        return setId;
    }
}
