package io.latentpatch.gateway.problem;

/** The problem types the gateway answers with: slug (after {@code urn:latentpatch:problem:}), title, usual status. */
public enum ProblemType {
    MALFORMED_REQUEST("malformed-request", "Malformed request", 400),
    VALIDATION_FAILED("validation-failed", "Invalid request", 422),
    IMAGE_REJECTED("image-rejected", "Image refused", 400),
    UPLOAD_LIMIT("upload-limit-exceeded", "Upload limit exceeded", 413),
    UNAUTHORIZED("unauthorized", "API key missing or invalid", 401),
    RATE_LIMITED("rate-limited", "Too many requests", 429),
    CONCURRENT_JOBS("concurrent-jobs-limit", "Too many jobs running", 429),
    DAILY_IMAGES("daily-images-limit", "Daily image allowance used up", 429),
    STORAGE_QUOTA("storage-quota-exceeded", "Storage quota exceeded", 403),
    NOT_FOUND("not-found", "Not found", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable", 406),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
    IDEMPOTENCY_CONFLICT("idempotency-key-reused", "Idempotency key reused with a different request", 409),
    IDEMPOTENCY_IN_FLIGHT("idempotency-key-in-flight", "A request with this Idempotency-Key is still being accepted", 409),
    JOB_FINISHED("job-already-finished", "Job already finished", 409),
    JOB_RUNNING("job-not-finished", "Job not finished", 409),
    HTTP_ERROR("http-error", "Request refused", 400),
    STORE_UNAVAILABLE("store-unavailable", "Object store unavailable", 503),
    BROKER_UNAVAILABLE("broker-unavailable", "Message broker unavailable", 503),
    INTERNAL_ERROR("internal-error", "Internal error", 500);

    private final String slug;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    /** The status this type is usually sent with (some types vary, e.g. image-rejected 400/413/415). */
    public int status() {
        return status;
    }

    /** {@code urn:latentpatch:problem:<slug>}. */
    public String uri() {
        return Problem.TYPE_PREFIX + slug;
    }

    /** A problem document of this type. */
    public Problem problem(int status, String detail, String instance, java.util.List<Problem.FieldError> errors) {
        return new Problem(uri(), title, status, detail, instance, errors);
    }
}
