package io.latentpatch.gateway.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem document, the body of every 4xx/5xx response
 * ({@code Content-Type: application/problem+json}).
 *
 * @param type     {@code urn:latentpatch:problem:<slug>}; the slugs are listed in docs/api.md
 * @param title    short summary of the problem type (the same for every occurrence)
 * @param status   the HTTP status code
 * @param detail   what went wrong this time, in words a client can act on
 * @param instance the request path that failed
 * @param errors   for validation problems: one entry per invalid field; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    /** Media type of problem documents. */
    public static final String MEDIA_TYPE = "application/problem+json";
    /** Prefix of every {@link #type()}. */
    public static final String TYPE_PREFIX = "urn:latentpatch:problem:";

    public Problem {
        errors = errors == null || errors.isEmpty() ? null : List.copyOf(errors);
    }

    /** The slug after {@link #TYPE_PREFIX}, e.g. {@code validation-failed}; used as the metrics reason tag. */
    public String slug() {
        return type.startsWith(TYPE_PREFIX) ? type.substring(TYPE_PREFIX.length()) : type;
    }

    /**
     * One invalid input.
     *
     * @param pointer JSON pointer into the request body ({@code /params/patch}) or the multipart part
     *                name ({@code images[3]}, {@code labels})
     * @param detail  what is wrong with it
     */
    public record FieldError(String pointer, String detail) {
    }
}
