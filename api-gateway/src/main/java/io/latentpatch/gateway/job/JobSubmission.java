package io.latentpatch.gateway.job;

import io.latentpatch.contracts.GenerationParams;
import io.latentpatch.gateway.sourceset.SourceSetUpload.UploadedImage;
import java.util.List;

/**
 * The body of {@code POST /v1/jobs}, parsed and type-checked (not yet validated against the model
 * and source set: see {@link JobValidator}).
 *
 * @param sourceSetId an uploaded source set, or null when {@code images} are inline
 * @param images      inline images (decoded from base64), or null
 * @param labels      labels for inline images (CSV or JSON text), or null
 * @param model       the codec, never null (the gateway's default when absent)
 * @param count       images to generate
 * @param seed        the job seed, or null for a random one
 * @param params      method and parameters, {@link GenerationParams#DEFAULTS} when absent
 * @param bodyHash    SHA-256 (hex) of the body in canonical form (object keys sorted, no whitespace):
 *                    what an {@code Idempotency-Key} is bound to
 */
public record JobSubmission(String sourceSetId, List<UploadedImage> images, String labels, String model, int count,
                            Long seed, GenerationParams params, String bodyHash) {

    public boolean hasInlineImages() {
        return images != null;
    }
}
