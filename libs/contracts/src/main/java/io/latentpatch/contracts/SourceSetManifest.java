package io.latentpatch.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a source set holds: {@link ObjectKeys#sourceManifest(String)}, written by the gateway when
 * the set is uploaded, next to {@code sources/{setId}/images/{i}.png}.
 *
 * @param schemaVersion {@link SchemaVersion#CURRENT}
 * @param setId         the set's id
 * @param imageCount    B, number of images, >= 1; image i is {@link ObjectKeys#sourceImage(String, int)}
 * @param sizes         the pixel size of each image, size B; sizes may differ (the encoder centre-crops
 *                      and resizes every image to its codec's square side)
 * @param fileNames     the uploaded file name of each image (display only; never used as a key), size B
 * @param labels        attributes of each image (e.g. {@code {"blond": "true", "hair": "red"}}), size B,
 *                      attribute names {@code [A-Za-z0-9][A-Za-z0-9_-]*}; null when the set has no labels.
 *                      Filtered by the engine's {@code AttributeFilter} ({@code blond=true,glasses!=true})
 * @param contentHash   {@code sha256:<64 hex>} over the images, see {@link #contentHashOf(List)}
 * @param createdAt     when the set was stored
 * @param align         null when the set is used as uploaded (each image centre-cropped); else the encoder
 *                      FFHQ-aligns every image before encoding it ({@code align=true} on upload), and the
 *                      result, with the kept images and each one's transform, is {@link SourceSetAlignment}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SourceSetManifest(
        @JsonProperty(required = true) int schemaVersion,
        @JsonProperty(required = true) String setId,
        @JsonProperty(required = true) int imageCount,
        @JsonProperty(required = true) List<ImageSize> sizes,
        @JsonProperty(required = true) List<String> fileNames,
        List<Map<String, String>> labels,
        @JsonProperty(required = true) String contentHash,
        @JsonProperty(required = true) Instant createdAt,
        AlignRequest align) implements Message {

    /**
     * How the set is to be aligned.
     *
     * @param failures {@link #FAIL}: a picture without a usable face (none, several, too small) fails the set's
     *                 first job naming the file, and nothing is stored; {@link #SKIP}: such pictures are left out
     *                 of the set (listed in {@link SourceSetAlignment#skipped})
     */
    public record AlignRequest(@JsonProperty(required = true) String failures) {
        public static final String FAIL = "fail";
        public static final String SKIP = "skip";

        public AlignRequest {
            if (!FAIL.equals(failures) && !SKIP.equals(failures)) {
                throw new InvalidMessageException("align.failures must be '" + FAIL + "' or '" + SKIP + "', got " + failures);
            }
        }

        /** Skip pictures that cannot be aligned instead of failing. */
        public boolean skipFailures() {
            return SKIP.equals(failures);
        }
    }

    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");

    public SourceSetManifest {
        SchemaVersion.require("SourceSetManifest", schemaVersion);
        Ids.require("setId", setId);
        Checks.atLeast("imageCount", imageCount, 1);
        sizes = Checks.copyOrNull("sizes", Checks.required("sizes", sizes));
        if (sizes.size() != imageCount) {
            throw new InvalidMessageException("sizes has " + sizes.size() + " entries for imageCount " + imageCount
                    + "; give one {width, height} per image");
        }
        fileNames = Checks.copyOrNull("fileNames", Checks.required("fileNames", fileNames));
        if (fileNames.size() != imageCount) {
            throw new InvalidMessageException("fileNames has " + fileNames.size() + " entries for imageCount " + imageCount);
        }
        if (labels != null) {
            if (labels.size() != imageCount) {
                throw new InvalidMessageException("labels has " + labels.size() + " entries for imageCount " + imageCount
                        + "; give one (possibly empty) object per image");
            }
            List<Map<String, String>> copy = new ArrayList<>(labels.size());
            for (int i = 0; i < labels.size(); i++) {
                Map<String, String> l = Checks.required("labels[" + i + "]", labels.get(i));
                for (Map.Entry<String, String> e : l.entrySet()) {
                    if (e.getKey() == null || !ATTRIBUTE.matcher(e.getKey()).matches()) {
                        throw new InvalidMessageException("labels[" + i + "]: '" + e.getKey()
                                + "' is not an attribute name; expected [A-Za-z0-9][A-Za-z0-9_-]*");
                    }
                    if (e.getValue() == null) {
                        throw new InvalidMessageException("labels[" + i + "]: attribute '" + e.getKey() + "' has no value");
                    }
                }
                copy.add(Collections.unmodifiableMap(new LinkedHashMap<>(l)));
            }
            labels = List.copyOf(copy);
        }
        if (contentHash == null || !HASH.matcher(contentHash).matches()) {
            throw new InvalidMessageException("contentHash must look like sha256:<64 lower-case hex>, got " + contentHash);
        }
        Checks.required("createdAt", createdAt);
    }

    /** This manifest with {@code align} (null: not aligned). */
    public SourceSetManifest withAlign(AlignRequest align) {
        return new SourceSetManifest(schemaVersion, setId, imageCount, sizes, fileNames, labels, contentHash, createdAt, align);
    }

    /**
     * The set as the engine sees it: the images at {@code indices} (uploaded order, strictly increasing), with their
     * sizes, names and labels, so image i of the result is uploaded image {@code indices[i]}. Used for an aligned set
     * whose unalignable pictures were skipped ({@link SourceSetAlignment#restrict}); the content hash stays the upload's.
     */
    public SourceSetManifest keepOnly(List<Integer> indices) {
        List<ImageSize> s = new ArrayList<>(indices.size());
        List<String> f = new ArrayList<>(indices.size());
        List<Map<String, String>> l = labels == null ? null : new ArrayList<>(indices.size());
        int previous = -1;
        for (int i : indices) {
            Checks.inRange("kept image index", i, previous + 1, imageCount - 1);
            previous = i;
            s.add(sizes.get(i));
            f.add(fileNames.get(i));
            if (l != null) l.add(labels.get(i));
        }
        return new SourceSetManifest(schemaVersion, setId, indices.size(), s, f, l, contentHash, createdAt, align);
    }

    /** A manifest at the current schema version, with {@link #contentHashOf(List)} of {@code images}. */
    public static SourceSetManifest of(String setId, List<ImageSize> sizes, List<String> fileNames,
                                       List<Map<String, String>> labels, List<byte[]> images, Instant createdAt) {
        return new SourceSetManifest(SchemaVersion.CURRENT, setId, images.size(), sizes, fileNames, labels,
                contentHashOf(images), createdAt, null);
    }

    /** Pixel size of image {@code i}. */
    public ImageSize sizeOf(int i) {
        Checks.inRange("image index", i, 0, imageCount - 1);
        return sizes.get(i);
    }

    /** Attributes of image {@code i}; empty when the set has no labels. */
    public Map<String, String> labelsOf(int i) {
        Checks.inRange("image index", i, 0, imageCount - 1);
        return labels == null ? Map.of() : labels.get(i);
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
