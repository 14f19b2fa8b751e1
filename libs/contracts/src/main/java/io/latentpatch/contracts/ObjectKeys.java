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
 * <p>Everything a client creates lives under its tenant's prefix {@code tenants/{tenant}/}: the gateway builds
 * every key from the caller's tenant (never from a client-supplied path), and the messages carry the tenant so
 * the workers read and write under the same prefix. A key of one tenant can therefore never name an object of
 * another, whatever ids or keys a client sends.
 *
 * <pre>
 * tenants/{t}/sources/{setId}/manifest.json              SourceSetManifest
 * tenants/{t}/sources/{setId}/images/{i}.png             source image i (0-based, manifest order)
 * tenants/{t}/sources/{setId}/aligned/{i}.png            aligned image i of a set uploaded with align=true (8-bit square)
 * tenants/{t}/sources/{setId}/aligned/alignment.json     SourceSetAlignment: kept images, their transforms, skipped ones
 * tenants/{t}/sources/{setId}/{model}/latents.npy        float32 [B, L, M, M], B = image count
 * tenants/{t}/sources/{setId}/{model}/pca-{r}/mean.npy   float32 [L]      PCA over all B images
 * tenants/{t}/sources/{setId}/{model}/pca-{r}/basis.npy  float32 [r, L]   rows = components
 * tenants/{t}/sources/{setId}/{model}/pca-{r}-{subset}/  same, fitted on a subset (see subsetId)
 * tenants/{t}/jobs/{id}/request.json                     JobRequest
 * tenants/{t}/jobs/{id}/status.json                      JobStatus (written by the gateway only)
 * tenants/{t}/jobs/{id}/mask.png                         uploaded edit mask (optional)
 * tenants/{t}/jobs/{id}/cancelled                        marker: the job was cancelled (workers skip its tasks)
 * tenants/{t}/jobs/{id}/latents/{i}.npy                  float32 [L, M, M] generated latent of image i
 * tenants/{t}/jobs/{id}/provenance/{i}.npy               int32 [M, M] source index per cell
 * tenants/{t}/jobs/{id}/provenance/{i}.png               provenance picture (hue = source / B)
 * tenants/{t}/jobs/{id}/images/{i}.png                   decoded output image i
 * tenants/{t}/jobs/{id}/reports/{i}.json                 per-image report (seed, timings, sources used)
 * tenants/{t}/idempotency/{sha256(key)}.json             gateway: Idempotency-Key -> (body hash, job id)
 * tenants/{t}/active/{id}                                gateway: marker of a job not finished yet (concurrent-jobs limit)
 * tenants/{t}/usage/{yyyy-mm-dd}/{id}.{count}            gateway: images accepted that UTC day (images-per-day limit)
 * owners/jobs/{id}                                       gateway: the tenant of job id (UTF-8), read only by workers failing a
 *                                                        record that names its job but not its tenant; never served
 * models/{name}/model.json                               ModelInfo: the registry of models the workers can open
 * </pre>
 *
 * Tensors are NumPy {@code .npy} (little endian, C order). Every method validates its ids (the tenant too) with
 * {@link Ids#require} and indices {@code >= 0}, so a key can never escape its prefix.
 */
public final class ObjectKeys {

    /** Root of every tenant's objects. */
    public static final String TENANTS = "tenants/";
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

    // ---- tenants ------------------------------------------------------------------------------

    /** {@code tenants/{tenant}/}: everything one tenant owns. */
    public static String tenantPrefix(String tenant) {
        return TENANTS + Ids.require("tenant", tenant) + "/";
    }

    /** The tenant of a key under {@link #TENANTS}, or null when {@code key} is not one. */
    public static String tenantOf(String key) {
        if (key == null || !key.startsWith(TENANTS)) return null;
        int end = key.indexOf('/', TENANTS.length());
        String tenant = end < 0 ? null : key.substring(TENANTS.length(), end);
        return Ids.isValid(tenant) ? tenant : null;
    }

    /** True when {@code key} is a safe key under {@code tenant}'s prefix. */
    public static boolean belongsTo(String tenant, String key) {
        return isSafeKey(key) && key.startsWith(tenantPrefix(tenant));
    }

    /** {@code tenants/{tenant}/sources/}: the tenant's source sets. */
    public static String sourcesPrefix(String tenant) {
        return tenantPrefix(tenant) + "sources/";
    }

    /** {@code tenants/{tenant}/jobs/}: the tenant's jobs. */
    public static String jobsPrefix(String tenant) {
        return tenantPrefix(tenant) + "jobs/";
    }

    /**
     * {@code owners/jobs/{jobId}}: an object holding only the name of the job's tenant, written by the gateway when
     * it accepts the job, so that a worker can fail the job of a poison record whose key names the job but whose value
     * is unreadable. No API path leads to it.
     */
    public static String jobOwner(String jobId) {
        return "owners/jobs/" + Ids.require("jobId", jobId);
    }

    // ---- source sets --------------------------------------------------------------------------

    /** {@code sources/{setId}/}: everything of one source set, for listing and deletion. */
    public static String sourcePrefix(String tenant, String setId) {
        return sourcesPrefix(tenant) + Ids.require("setId", setId) + "/";
    }

    /** {@code sources/{setId}/manifest.json}. */
    public static String sourceManifest(String tenant, String setId) {
        return sourcePrefix(tenant, setId) + "manifest.json";
    }

    /** {@code sources/{setId}/images/}. */
    public static String sourceImagesPrefix(String tenant, String setId) {
        return sourcePrefix(tenant, setId) + "images/";
    }

    /** {@code sources/{setId}/images/{i}.png}. */
    public static String sourceImage(String tenant, String setId, int index) {
        return sourceImagesPrefix(tenant, setId) + index("index", index) + ".png";
    }

    /** {@code sources/{setId}/aligned/}: the alignment of a set uploaded with {@code align=true}. */
    public static String sourceAlignedPrefix(String tenant, String setId) {
        return sourcePrefix(tenant, setId) + "aligned/";
    }

    /**
     * {@code sources/{setId}/aligned/{i}.png}: image i of the aligned set (i counts the images {@link SourceSetAlignment}
     * kept, so it is the index jobs and provenance use), FFHQ-aligned to {@link SourceSetAlignment#size}, 8-bit RGB.
     */
    public static String sourceAlignedImage(String tenant, String setId, int index) {
        return sourceAlignedPrefix(tenant, setId) + index("index", index) + ".png";
    }

    /** {@code sources/{setId}/aligned/alignment.json}: the {@link SourceSetAlignment}, written after every aligned image. */
    public static String sourceAlignment(String tenant, String setId) {
        return sourceAlignedPrefix(tenant, setId) + "alignment.json";
    }

    /**
     * {@code sources/{setId}/masks/{maskId}.png}: an edit mask uploaded for the set's images (white = regenerate);
     * {@code maskId} is the mask's content hash, so uploading the same picture twice names one object.
     */
    public static String sourceMask(String tenant, String setId, String maskId) {
        return sourcePrefix(tenant, setId) + "masks/" + Ids.require("maskId", maskId) + ".png";
    }

    /**
     * {@code sources/{setId}/references/{imageId}.{png|jpg}}: an image that is not one of the set's sources, uploaded as the
     * reference or edit target of jobs on the set; {@code imageId} is its content hash.
     */
    public static String sourceReference(String tenant, String setId, String imageId, boolean jpeg) {
        return sourcePrefix(tenant, setId) + "references/" + Ids.require("imageId", imageId) + (jpeg ? ".jpg" : ".png");
    }

    /** {@code sources/{setId}/references/}: prefix of {@link #sourceReference}. */
    public static String sourceReferencesPrefix(String tenant, String setId) {
        return sourcePrefix(tenant, setId) + "references/";
    }

    /** {@code sources/{setId}/{model}/}: everything derived from the set with one model. */
    public static String sourceModelPrefix(String tenant, String setId, String model) {
        return sourcePrefix(tenant, setId) + Ids.require("model", model) + "/";
    }

    /** {@code sources/{setId}/{model}/latents.npy}: float32 {@code [B, L, M, M]}. */
    public static String sourceLatents(String tenant, String setId, String model) {
        return sourceModelPrefix(tenant, setId, model) + "latents.npy";
    }

    /**
     * {@code sources/{setId}/{model}/pca-{r}/} or, for a basis fitted on a subset of the images,
     * {@code .../pca-{r}-{subset}/}.
     *
     * @param subset null for the whole set, else an id from {@link #subsetId(List)}
     */
    public static String pcaPrefix(String tenant, String setId, String model, int r, String subset) {
        String dir = "pca-" + Checks.atLeast("r", r, 1);
        if (subset != null) {
            dir += "-" + Ids.require("subset", subset);
        }
        return sourceModelPrefix(tenant, setId, model) + dir + "/";
    }

    /** {@code .../pca-{r}[-{subset}]/mean.npy}: float32 {@code [L]}. */
    public static String pcaMean(String tenant, String setId, String model, int r, String subset) {
        return pcaPrefix(tenant, setId, model, r, subset) + "mean.npy";
    }

    /** {@code .../pca-{r}[-{subset}]/basis.npy}: float32 {@code [r, L]}, one component per row. */
    public static String pcaBasis(String tenant, String setId, String model, int r, String subset) {
        return pcaPrefix(tenant, setId, model, r, subset) + "basis.npy";
    }

    /** {@link #pcaMean(String, String, int, String)} over the whole set. */
    public static String pcaMean(String tenant, String setId, String model, int r) {
        return pcaMean(tenant, setId, model, r, null);
    }

    /** {@link #pcaBasis(String, String, int, String)} over the whole set. */
    public static String pcaBasis(String tenant, String setId, String model, int r) {
        return pcaBasis(tenant, setId, model, r, null);
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
    public static String jobPrefix(String tenant, String jobId) {
        return jobsPrefix(tenant) + Ids.require("jobId", jobId) + "/";
    }

    /** {@code jobs/{id}/request.json}: the {@link JobRequest} as accepted. */
    public static String jobRequest(String tenant, String jobId) {
        return jobPrefix(tenant, jobId) + "request.json";
    }

    /** {@code jobs/{id}/status.json}: the {@link JobStatus}; only the gateway writes it. */
    public static String jobStatus(String tenant, String jobId) {
        return jobPrefix(tenant, jobId) + "status.json";
    }

    /**
     * {@code jobs/{id}/reference.npy}: float32 {@code [L, M, M]}, the job's outside reference / edit target
     * ({@code params.referenceImage}) encoded by the encoder with the job's codec; read by the sampler.
     */
    public static String jobReferenceLatent(String tenant, String jobId) {
        return jobPrefix(tenant, jobId) + "reference.npy";
    }

    /** {@code jobs/{id}/mask.png}: an edit mask uploaded with the job (white = region to regenerate). */
    public static String jobMask(String tenant, String jobId) {
        return jobPrefix(tenant, jobId) + "mask.png";
    }

    /**
     * {@code jobs/{id}/cancelled}: an empty marker the gateway writes when a job is cancelled; workers
     * check it (one HEAD) and skip the job's remaining tasks.
     */
    public static String jobCancelled(String tenant, String jobId) {
        return jobPrefix(tenant, jobId) + "cancelled";
    }

    /** {@code jobs/{id}/latents/{i}.npy}: float32 {@code [L, M, M]}. */
    public static String jobLatent(String tenant, String jobId, int imageIndex) {
        return jobPrefix(tenant, jobId) + "latents/" + index("imageIndex", imageIndex) + ".npy";
    }

    /** {@code jobs/{id}/provenance/{i}.npy}: int32 {@code [M, M]}, the source index of every cell. */
    public static String jobProvenanceNpy(String tenant, String jobId, int imageIndex) {
        return jobPrefix(tenant, jobId) + "provenance/" + index("imageIndex", imageIndex) + ".npy";
    }

    /** {@code jobs/{id}/provenance/{i}.png}: the provenance picture at image resolution. */
    public static String jobProvenancePng(String tenant, String jobId, int imageIndex) {
        return jobPrefix(tenant, jobId) + "provenance/" + index("imageIndex", imageIndex) + ".png";
    }

    /** {@code jobs/{id}/images/{i}.png}: decoded output image. */
    public static String jobImage(String tenant, String jobId, int imageIndex) {
        return jobPrefix(tenant, jobId) + "images/" + index("imageIndex", imageIndex) + ".png";
    }

    /** {@code jobs/{id}/reports/{i}.json}: per-image report (seed, timings, sources used). */
    public static String jobReport(String tenant, String jobId, int imageIndex) {
        return jobPrefix(tenant, jobId) + "reports/" + index("imageIndex", imageIndex) + ".json";
    }

    // ---- gateway ------------------------------------------------------------------------------

    /**
     * {@code tenants/{tenant}/idempotency/{sha256(key)}.json}: the gateway's record of which job an
     * {@code Idempotency-Key} created (hex SHA-256 of the key's UTF-8 bytes, so any client string
     * becomes a safe key and every gateway replica finds the same record). Per tenant: two tenants
     * choosing the same key get two jobs.
     */
    public static String idempotencyRecord(String tenant, String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isEmpty()) {
            throw new InvalidMessageException("an idempotency key must not be empty");
        }
        return tenantPrefix(tenant) + "idempotency/" + sha256Hex(idempotencyKey) + ".json";
    }

    /** {@code tenants/{tenant}/active/}: one empty marker per job of the tenant that has not finished. */
    public static String activeJobsPrefix(String tenant) {
        return tenantPrefix(tenant) + "active/";
    }

    /** {@code tenants/{tenant}/active/{jobId}}: written when a job is accepted, deleted when it finishes. */
    public static String activeJob(String tenant, String jobId) {
        return activeJobsPrefix(tenant) + Ids.require("jobId", jobId);
    }

    /** {@code tenants/{tenant}/usage/}: the tenant's daily usage ledger. */
    public static String usagePrefix(String tenant) {
        return tenantPrefix(tenant) + "usage/";
    }

    /** {@code tenants/{tenant}/usage/{yyyy-mm-dd}/}: the jobs accepted on one UTC day. */
    public static String usageDayPrefix(String tenant, java.time.LocalDate day) {
        return usagePrefix(tenant) + Checks.required("day", day) + "/";
    }

    /**
     * {@code tenants/{tenant}/usage/{yyyy-mm-dd}/{jobId}.{count}}: an empty object whose name records that job
     * {@code jobId} asked for {@code count} images that day, so one listing sums a day's images.
     */
    public static String usageEntry(String tenant, java.time.LocalDate day, String jobId, int count) {
        return usageDayPrefix(tenant, day) + Ids.require("jobId", jobId) + "." + Checks.atLeast("count", count, 1);
    }

    /** The image count of a {@link #usageEntry} key, or 0 when {@code key} is not one. */
    public static int usageCountOf(String key) {
        int dot = key == null ? -1 : key.lastIndexOf('.');
        if (dot < 0 || !key.contains("/usage/")) return 0;
        try {
            return Math.max(0, Integer.parseInt(key.substring(dot + 1)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
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
