package io.latentpatch.gateway.sourceset;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.latentpatch.contracts.ImageSize;
import io.latentpatch.contracts.SourceSetManifest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A source set as the API shows it.
 *
 * @param id          the set id, for {@code POST /v1/jobs} {@code sourceSetId}
 * @param imageCount  B
 * @param sizes       pixel size of each image ({@code {width, height}}), index order; sizes may differ
 * @param fileNames   uploaded names, index order
 * @param attributes  attribute names used by the labels (sorted), empty without labels
 * @param labels      per-image attributes, or null without labels
 * @param contentHash sha256 over the stored images
 * @param createdAt   when it was stored
 * @param self        its URL path
 * @param images      URL path of each image ({@code GET} gives the uploaded bytes), index order
 * @param encodedWith models the set's latents are already stored for (listed sets only; null otherwise)
 * @param align       the alignment asked for on upload ({@code {"failures": "fail"|"skip"}}), null when none
 * @param alignment   URL path of the set's {@code alignment.json} (the kept images and their transforms, once the
 *                    encoder aligned the set), null when not uploaded with {@code align=true}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourceSetView(String id, int imageCount, List<ImageSize> sizes, List<String> fileNames,
                            List<String> attributes, List<Map<String, String>> labels, String contentHash,
                            Instant createdAt, String self, List<String> images, List<String> encodedWith,
                            SourceSetManifest.AlignRequest align, String alignment) {

    public static SourceSetView of(SourceSetManifest m) {
        return of(m, null);
    }

    /** The view with the models the set is encoded for. */
    public static SourceSetView of(SourceSetManifest m, List<String> encodedWith) {
        return new SourceSetView(m.setId(), m.imageCount(), m.sizes(), m.fileNames(),
                UploadLabels.attributes(m.labels()), m.labels(), m.contentHash(), m.createdAt(), path(m.setId()),
                java.util.stream.IntStream.range(0, m.imageCount()).mapToObj(i -> path(m.setId()) + "/images/" + i).toList(), encodedWith,
                m.align(), m.align() == null ? null : path(m.setId()) + "/aligned/alignment.json");
    }

    /** {@code /v1/source-sets/{id}}. */
    public static String path(String setId) {
        return "/v1/source-sets/" + setId;
    }
}
