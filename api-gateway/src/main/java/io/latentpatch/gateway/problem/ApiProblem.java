package io.latentpatch.gateway.problem;

import io.latentpatch.gateway.problem.Problem.FieldError;
import java.util.List;

/**
 * A request the gateway refuses, with everything the problem document needs except the request
 * path (added by the exception mapper). Thrown by the plain validation classes, so they stay free of
 * JAX-RS.
 */
public final class ApiProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ProblemType problemType;
    private final int status;
    private final List<FieldError> errors;
    private final long retryAfterSeconds;

    public ApiProblem(ProblemType type, int status, String detail, List<FieldError> errors) {
        this(type, status, detail, errors, 0);
    }

    /** A problem whose response says when to retry ({@code Retry-After}, seconds; 0 = no header). */
    public ApiProblem(ProblemType type, int status, String detail, List<FieldError> errors, long retryAfterSeconds) {
        super(detail);
        this.problemType = type;
        this.status = status;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A problem of the type's usual status with a {@code Retry-After} of {@code seconds}. */
    public static ApiProblem retryLater(ProblemType type, String detail, long seconds) {
        return new ApiProblem(type, type.status(), detail, List.of(), Math.max(1, seconds));
    }

    /** Seconds for the {@code Retry-After} header, 0 when none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** A problem with the type's usual status. */
    public ApiProblem(ProblemType type, String detail) {
        this(type, type.status(), detail, List.of());
    }

    /** 422 validation-failed listing every invalid field; {@code detail} summarises them. */
    public static ApiProblem validation(List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).pointer() + ": " + errors.get(0).detail()
                : errors.size() + " invalid fields: " + summary(errors);
        return new ApiProblem(ProblemType.VALIDATION_FAILED, ProblemType.VALIDATION_FAILED.status(), detail, errors);
    }

    /** 422 validation-failed for one field. */
    public static ApiProblem invalid(String pointer, String detail) {
        return validation(List.of(new FieldError(pointer, detail)));
    }

    /** 404 not-found. */
    public static ApiProblem notFound(String detail) {
        return new ApiProblem(ProblemType.NOT_FOUND, detail);
    }

    public ProblemType problemType() {
        return problemType;
    }

    public int status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }

    private static String summary(List<FieldError> errors) {
        StringBuilder sb = new StringBuilder();
        for (FieldError e : errors) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(e.pointer()).append(": ").append(e.detail());
        }
        return sb.toString();
    }
}
