package io.latentpatch.gateway.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.latentpatch.contracts.InvalidMessageException;
import io.latentpatch.imaging.ImageRejectedException;
import io.latentpatch.storage.ObjectNotFoundException;
import io.latentpatch.storage.StoreException;
import io.latentpatch.storage.StoreUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import java.util.List;
import java.util.UUID;

/**
 * Turns any exception a request can end with into the problem document sent to the client. Pure,
 * so every mapping is unit-tested. Client errors keep their message (it was written for the user);
 * server errors never show a message or stack trace, only a reference id that the log repeats.
 */
public final class Problems {

    private Problems() {
    }

    /**
     * The problem for {@code error} on the request to {@code instance}.
     *
     * @param reference a fresh id for server errors, so the client can quote it and an operator can
     *                  find the logged stack trace
     */
    public static Problem from(Throwable error, String instance, String reference) {
        if (error instanceof ApiProblem p) {
            return p.problemType().problem(p.status(), p.getMessage(), instance, p.errors());
        }
        if (error instanceof ImageRejectedException e) {
            return ProblemType.IMAGE_REJECTED.problem(imageStatus(e.reason()), e.getMessage(), instance, null);
        }
        if (error instanceof InvalidMessageException || error instanceof IllegalArgumentException) {
            return ProblemType.VALIDATION_FAILED.problem(422, error.getMessage(), instance, null);
        }
        if (error instanceof ObjectNotFoundException e) {
            return ProblemType.NOT_FOUND.problem(404, "nothing stored under " + e.key(), instance, null);
        }
        if (error instanceof StoreUnavailableException) {
            return ProblemType.STORE_UNAVAILABLE.problem(503, "the object store does not answer; retry in a few seconds"
                    + " (reference " + reference + ")", instance, null);
        }
        if (error instanceof StoreException) {
            return ProblemType.INTERNAL_ERROR.problem(500, "the object store refused the request; the gateway log has the"
                    + " details (reference " + reference + ")", instance, null);
        }
        if (error instanceof java.io.IOException e && isUnreadableRequest(e)) {
            return ProblemType.MALFORMED_REQUEST.problem(400, "the request body could not be read: " + unreadableReason(e),
                    instance, null);
        }
        if (error instanceof JsonProcessingException e) {
            return ProblemType.MALFORMED_REQUEST.problem(400, "the body is not valid JSON: " + e.getOriginalMessage(),
                    instance, null);
        }
        if (error instanceof WebApplicationException e && e.getResponse() != null && e.getResponse().getStatus() < 500) {
            return fromHttpStatus(e.getResponse().getStatus(), instance);
        }
        return ProblemType.INTERNAL_ERROR.problem(500, "unexpected error; the gateway log has the details (reference "
                + reference + ")", instance, null);
    }

    /**
     * Whether {@code e} says the request itself could not be read, the client's fault: a multipart body that ends
     * before its closing boundary (RESTEasy's parser, also for a body with no or another boundary), or a connection
     * the client closed while its body was being read. The object store's I/O errors come as {@link StoreException}s.
     */
    static boolean isUnreadableRequest(java.io.IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.channels.ClosedChannelException) return true;
            if (t.getMessage() != null && t.getMessage().contains(MULTIPART_TRUNCATED)) return true;
        }
        return false;
    }

    /** RESTEasy Reactive's message when a multipart body ends before its closing boundary. */
    static final String MULTIPART_TRUNCATED = "parsing multipart request";

    private static String unreadableReason(java.io.IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.channels.ClosedChannelException) return "the connection closed before the body had arrived";
        }
        return "a multipart/form-data body must be parts separated by the boundary of its Content-Type, ending with"
                + " '--<boundary>--'; this one ends before that (no or another boundary, or the body is cut short)";
    }

    /** The problem for a plain HTTP status raised by the framework (unknown route, wrong method, ...). */
    public static Problem fromHttpStatus(int status, String instance) {
        return switch (status) {
            case 404 -> ProblemType.NOT_FOUND.problem(404, "no resource at " + instance + "; the API lives under /v1"
                    + " (see /q/openapi)", instance, null);
            case 405 -> ProblemType.METHOD_NOT_ALLOWED.problem(405, "this method is not supported on " + instance,
                    instance, null);
            case 406 -> ProblemType.NOT_ACCEPTABLE.problem(406, "the Accept header asks for a media type this resource"
                    + " cannot produce", instance, null);
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE.problem(415, "this resource does not accept the request's"
                    + " Content-Type; POST /v1/jobs takes application/json, POST /v1/source-sets multipart/form-data",
                    instance, null);
            case 413 -> ProblemType.UPLOAD_LIMIT.problem(413, "the request body is larger than the server accepts",
                    instance, null);
            default -> ProblemType.HTTP_ERROR.problem(status, "the request was refused with HTTP " + status, instance, null);
        };
    }

    /** True when the problem is the server's fault (logged with its stack trace). */
    public static boolean isServerError(Problem p) {
        return p.status() >= 500;
    }

    /** A short random reference for server errors. */
    public static String newReference() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** Status for a refused image: too big 413, not PNG/JPEG 415, damaged or too many pixels 400. */
    public static int imageStatus(ImageRejectedException.Reason reason) {
        return switch (reason) {
            case TOO_MANY_BYTES -> 413;
            case UNSUPPORTED_FORMAT -> 415;
            default -> 400;
        };
    }

    /** A single-field list, for callers building {@link ApiProblem}s. */
    public static List<Problem.FieldError> field(String pointer, String detail) {
        return List.of(new Problem.FieldError(pointer, detail));
    }
}
