package io.latentpatch.contracts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The object-key layout of the bucket (default {@code latentpatch}); the only place keys are spelled.
 *
 * <pre>
 * sources/{setId}/manifest.json                    SourceSetManifest
 * sources/{setId}/images/{i}.png                   source image i (0-based, manifest order)
 * sources/{setId}/aligned/{i}.png                  aligned image i of a set uploaded with align=true (8-bit square)
 * sources/{setId}/aligned/alignment.json           SourceSetAlignment: kept images, their transforms, skipped ones
 * sources/{setId}/{model}/latents.npy              float32 [B, L, M, M], B = image count
 * sources/{setId}/{model}/normalized/{i}.png       source image i as the codec saw it (square, 8-bit)
 * sources/{setId}/{model}/pca-{r}/mean.npy         float32 [L]      PCA over all B images
 * sources/{setId}/{model}/pca-{r}/basis.npy        float32 [r, L]   rows = components
 * sources/{setId}/{model}/pca-{r}-{subset}/...     same, fitted on a subset (see subsetId)
 * jobs/{id}/request.json                           JobRequest
 * jobs/{id}/status.json                            JobStatus (written by the gateway only)
 * jobs/{id}/mask.png                               uploaded edit mask (optional)
 * jobs/{id}/cancelled                              marker: the job was cancelled (workers skip its tasks)
 * jobs/{id}/latents/{i}.npy                        float32 [L, M, M] generated latent of image i
 * jobs/{id}/provenance/{i}.npy                     int32 [M, M] source index per cell
 * jobs/{id}/provenance/{i}.png                     provenance picture (hue = source / B)
 * jobs/{id}/images/{i}.png                         decoded output image i
 * jobs/{id}/reports/{i}.json                       per-image report (seed, timings, sources used)
 * idempotency/{sha256(key)}.json                   gateway: Idempotency-Key -> (body hash, job id)
 * models/{name}/model.json                         ModelInfo: the registry of models the workers can open
 * </pre>
 *
 * Tensors are NumPy {@code .npy} (little endian, C order). Every method validates its ids with
 * {@link Ids#require} and indices {@code >= 0}, so a key can never escape its prefix.
 */
public final class ObjectKeys {

    /** Root of all source-set objects. */
    public static final String SOURCES = "sources/";
    /** Root of all job objects. */
    public static final String JOBS = "jobs/";
    /** Root of the gateway's Idempotency-Key records. */
    public static final String IDEMPOTENCY = "idempotency/";
    /** Root of the model registry. */
    public static final String MODELS = "models/";

    private static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");
    private static final int MAX_KEY_LENGTH = 512;

    private ObjectKeys() {
    }

    // ---- model registry -----------------------------------------------------------------------

    /** {@code models/{name}/model.json}: the registry entry of a model ({@link ModelInfo}). */
    public static String modelInfo(String name) {
        return MODELS + Ids.require("model", name) + "/model.json";
    }

    /** The model name of a registry key from {@link #modelInfo}, or null when {@code key} is not one. */
    public static String modelNameOf(String key) {
        if (key == null || !key.startsWith(MODELS) || !key.endsWith("/model.json")) return null;
        String name = key.substring(MODELS.length(), key.length() - "/model.json".length());
        return Ids.isValid(name) ? name : null;
    }

    // ---- source sets --------------------------------------------------------------------------

    /** {@code sources/{setId}/}: everything of one source set, for listing and deletion. */
    public static String sourcePrefix(String setId) {
        return SOURCES + Ids.require("setId", setId) + "/";
    }

    /** {@code sources/{setId}/manifest.json}. */
    public static String sourceManifest(String setId) {
        return sourcePrefix(setId) + "manifest.json";
    }

    /** {@code sources/{setId}/images/}. */
    public static String sourceImagesPrefix(String setId) {
        return sourcePrefix(setId) + "images/";
    }

    /** {@code sources/{setId}/images/{i}.png}. */
    public static String sourceImage(String setId, int index) {
        return sourceImagesPrefix(setId) + index("index", index) + ".png";
    }

    /** {@code sources/{setId}/aligned/}: the alignment of a set uploaded with {@code align=true}. */
    public static String sourceAlignedPrefix(String setId) {
        return sourcePrefix(setId) + "aligned/";
    }

    /**
     * {@code sources/{setId}/aligned/{i}.png}: image i of the aligned set (i counts the images {@link SourceSetAlignment}
     * kept, so it is the index jobs and provenance use), FFHQ-aligned to {@link SourceSetAlignment#size}, 8-bit RGB.
     */
    public static String sourceAlignedImage(String setId, int index) {
        return sourceAlignedPrefix(setId) + index("index", index) + ".png";
    }

    /** {@code sources/{setId}/aligned/alignment.json}: the {@link SourceSetAlignment}, written after every aligned image. */
    public static String sourceAlignment(String setId) {
        return sourceAlignedPrefix(setId) + "alignment.json";
    }

    /**
     * {@code sources/{setId}/masks/{maskId}.png}: an edit mask uploaded for the set's images (white = regenerate);
     * {@code maskId} is the mask's content hash, so uploading the same picture twice names one object.
     */
    public static String sourceMask(String setId, String maskId) {
        return sourcePrefix(setId) + "masks/" + Ids.require("maskId", maskId) + ".png";
    }

    /**
     * {@code sources/{setId}/references/{imageId}.{png|jpg}}: an image that is not one of the set's sources, uploaded as the
     * reference or edit target of jobs on the set; {@code imageId} is its content hash.
     */
    public static String sourceReference(String setId, String imageId, boolean jpeg) {
        return sourcePrefix(setId) + "references/" + Ids.require("imageId", imageId) + (jpeg ? ".jpg" : ".png");
    }

    /** {@code sources/{setId}/references/}: prefix of {@link #sourceReference}. */
    public static String sourceReferencesPrefix(String setId) {
        return sourcePrefix(setId) + "references/";
    }

    /** {@code sources/{setId}/{model}/}: everything derived from the set with one model. */
    public static String sourceModelPrefix(String setId, String model) {
        return sourcePrefix(setId) + Ids.require("model", model) + "/";
    }

    /** {@code sources/{setId}/{model}/latents.npy}: float32 {@code [B, L, M, M]}. */
    public static String sourceLatents(String setId, String model) {
        return sourceModelPrefix(setId, model) + "latents.npy";
    }

    /** {@code sources/{setId}/{model}/normalized/}: the normalised images the model encoded. */
    public static String sourceNormalizedPrefix(String setId, String model) {
        return sourceModelPrefix(setId, model) + "normalized/";
    }

    /**
     * {@code sources/{setId}/{model}/normalized/{i}.png}: source image i centre-cropped, resized to the
     * model's square input side and quantised to 8 bits, exactly the pixels the encoder fed the model.
     */
    public static String sourceNormalizedImage(String setId, String model, int index) {
        return sourceNormalizedPrefix(setId, model) + index("index", index) + ".png";
    }

    /**
     * {@code sources/{setId}/{model}/pca-{r}/} or, for a basis fitted on a subset of the images,
     * {@code .../pca-{r}-{subset}/}.
     *
     * @param subset null for the whole set, else an id from {@link #subsetId(List)}
     */
    public static String pcaPrefix(String setId, String model, int r, String subset) {
        String dir = "pca-" + Checks.atLeast("r", r, 1);
        if (subset != null) {
            dir += "-" + Ids.require("subset", subset);
        }
        return sourceModelPrefix(setId, model) + dir + "/";
    }

    /** {@code .../pca-{r}[-{subset}]/mean.npy}: float32 {@code [L]}. */
    public static String pcaMean(String setId, String model, int r, String subset) {
        return pcaPrefix(setId, model, r, subset) + "mean.npy";
    }

    /** {@code .../pca-{r}[-{subset}]/basis.npy}: float32 {@code [r, L]}, one component per row. */
    public static String pcaBasis(String setId, String model, int r, String subset) {
        return pcaPrefix(setId, model, r, subset) + "basis.npy";
    }

    /** {@link #pcaMean(String, String, int, String)} over the whole set. */
    public static String pcaMean(String setId, String model, int r) {
        return pcaMean(setId, model, r, null);
    }

    /** {@link #pcaBasis(String, String, int, String)} over the whole set. */
    public static String pcaBasis(String setId, String model, int r) {
        return pcaBasis(setId, model, r, null);
    }

    /**
     * A short deterministic id for a subset of source indices (e.g. after an attribute filter):
     * the first 16 hex digits of SHA-256 over the indices in the given order, comma separated.
     * Same indices in the same order, same id, whichever replica computes it.
     */
    public static String subsetId(List<Integer> indices) {
        if (indices == null || indices.isEmpty()) {
            throw new InvalidMessageException("a subset needs at least one source index");
        }
        StringBuilder sb = new StringBuilder();
        for (Integer i : indices) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(index("subset index", Checks.required("subset index", i)));
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    // ---- jobs ---------------------------------------------------------------------------------

    /** {@code jobs/{id}/}: everything of one job, for listing and deletion. */
    public static String jobPrefix(String jobId) {
        return JOBS + Ids.require("jobId", jobId) + "/";
    }

    /** {@code jobs/{id}/request.json}: the {@link JobRequest} as accepted. */
    public static String jobRequest(String jobId) {
        return jobPrefix(jobId) + "request.json";
    }

    /** {@code jobs/{id}/status.json}: the {@link JobStatus}; only the gateway writes it. */
    public static String jobStatus(String jobId) {
        return jobPrefix(jobId) + "status.json";
    }

    /**
     * {@code jobs/{id}/reference.npy}: float32 {@code [L, M, M]}, the job's outside reference / edit target
     * ({@code params.referenceImage}) encoded by the encoder with the job's codec; read by the sampler.
     */
    public static String jobReferenceLatent(String jobId) {
        return jobPrefix(jobId) + "reference.npy";
    }

    /** {@code jobs/{id}/mask.png}: an edit mask uploaded with the job (white = region to regenerate). */
    public static String jobMask(String jobId) {
        return jobPrefix(jobId) + "mask.png";
    }

    /**
     * {@code jobs/{id}/cancelled}: an empty marker the gateway writes when a job is cancelled; workers
     * check it (one HEAD) and skip the job's remaining tasks.
     */
    public static String jobCancelled(String jobId) {
        return jobPrefix(jobId) + "cancelled";
    }

    /** {@code jobs/{id}/latents/{i}.npy}: float32 {@code [L, M, M]}. */
    public static String jobLatent(String jobId, int imageIndex) {
        return jobPrefix(jobId) + "latents/" + index("imageIndex", imageIndex) + ".npy";
    }

    /** {@code jobs/{id}/provenance/{i}.npy}: int32 {@code [M, M]}, the source index of every cell. */
    public static String jobProvenanceNpy(String jobId, int imageIndex) {
        return jobPrefix(jobId) + "provenance/" + index("imageIndex", imageIndex) + ".npy";
    }

    /** {@code jobs/{id}/provenance/{i}.png}: the provenance picture at image resolution. */
    public static String jobProvenancePng(String jobId, int imageIndex) {
        return jobPrefix(jobId) + "provenance/" + index("imageIndex", imageIndex) + ".png";
    }

    /** {@code jobs/{id}/images/{i}.png}: decoded output image. */
    public static String jobImage(String jobId, int imageIndex) {
        return jobPrefix(jobId) + "images/" + index("imageIndex", imageIndex) + ".png";
    }

    /** {@code jobs/{id}/reports/{i}.json}: per-image report (seed, timings, sources used). */
    public static String jobReport(String jobId, int imageIndex) {
        return jobPrefix(jobId) + "reports/" + index("imageIndex", imageIndex) + ".json";
    }

    // ---- gateway ------------------------------------------------------------------------------

    /**
     * {@code idempotency/{sha256(key)}.json}: the gateway's record of which job an
     * {@code Idempotency-Key} created (hex SHA-256 of the key's UTF-8 bytes, so any client string
     * becomes a safe key and every gateway replica finds the same record).
     */
    public static String idempotencyRecord(String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isEmpty()) {
            throw new InvalidMessageException("an idempotency key must not be empty");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
            return IDEMPOTENCY + HexFormat.of().formatHex(digest) + ".json";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    // ---- validation ---------------------------------------------------------------------------

    /**
     * True when {@code key} is a relative object key made of {@code /}-separated segments from
     * {@code [A-Za-z0-9._-]}, no segment empty or starting with a dot (so no {@code ..}), at most
     * 512 characters.
     */
    public static boolean isSafeKey(String key) {
        return key != null && key.length() <= MAX_KEY_LENGTH && SAFE_KEY.matcher(key).matches();
    }

    /** Returns {@code key} when {@link #isSafeKey(String)}, else throws naming the field and value. */
    public static String requireSafeKey(String field, String key) {
        if (key == null) {
            throw new InvalidMessageException(field + " is required");
        }
        if (!isSafeKey(key)) {
            throw new InvalidMessageException(field + " '" + Ids.abbreviate(key) + "' is not a safe object key: expected"
                    + " '/'-separated segments of [A-Za-z0-9._-], no empty or dot-leading segment, at most "
                    + MAX_KEY_LENGTH + " characters");
        }
        return key;
    }

    private static int index(String field, int i) {
        return Checks.atLeast(field, i, 0);
    }
}
