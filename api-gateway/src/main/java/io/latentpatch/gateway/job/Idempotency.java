package io.latentpatch.gateway.job;

import io.latentpatch.contracts.JsonCodec;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentpatch.gateway.problem.ApiProblem;
import io.latentpatch.gateway.problem.ProblemType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code Idempotency-Key} semantics of {@code POST /v1/jobs}: the first request with a key creates a
 * job and records (body hash, job id) under {@code ObjectKeys.idempotencyRecord(key)}; a later request
 * with the same key and the same body (compared in canonical form) gets that job back without a
 * second publish; the same key with another body is a 409 conflict. The record lives in the object
 * store, so every gateway replica honours it.
 */
public final class Idempotency {

    /** Longest key accepted, in characters. */
    public static final int MAX_KEY_LENGTH = 255;

    private static final ObjectMapper MAPPER = JsonCodec.shared().mapper();

    private Idempotency() {
    }

    /**
     * What the gateway stored for a key.
     *
     * @param bodyHash  canonical SHA-256 of the body that created the job
     * @param jobId     the job it created
     * @param createdAt when
     */
    public record Record(@JsonProperty("bodyHash") String bodyHash, @JsonProperty("jobId") String jobId,
                         @JsonProperty("createdAt") Instant createdAt) {
        public Record {
            Objects.requireNonNull(bodyHash, "bodyHash");
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(createdAt, "createdAt");
        }

        public byte[] toJson() {
            try {
                return MAPPER.writeValueAsBytes(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public static Record fromJson(byte[] json) {
            try {
                return MAPPER.readValue(json, Record.class);
            } catch (IOException e) {
                throw new IllegalStateException("unreadable idempotency record: " + e.getMessage(), e);
            }
        }
    }

    /** What to do with a request that carries a key. */
    public enum Decision {
        /** No job for this key yet: create one. */
        CREATE,
        /** Same key, same body: answer with the recorded job. */
        REPLAY,
        /** Same key, another body: refuse. */
        CONFLICT
    }

    /** The decision for a request whose body hashes to {@code bodyHash}, given the key's record (null if none). */
    public static Decision decide(Record existing, String bodyHash) {
        if (existing == null) {
            return Decision.CREATE;
        }
        return existing.bodyHash().equals(bodyHash) ? Decision.REPLAY : Decision.CONFLICT;
    }

    /**
     * Checks a client's key: 1 to {@value #MAX_KEY_LENGTH} visible ASCII characters (RFC 9110 token
     * characters and more; no spaces or control characters). Returns null for a null key.
     */
    public static String checkKey(String key) {
        if (key == null) {
            return null;
        }
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new ApiProblem(ProblemType.MALFORMED_REQUEST, "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH
                    + " characters, got " + key.length());
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new ApiProblem(ProblemType.MALFORMED_REQUEST, "Idempotency-Key may hold only visible ASCII"
                        + " characters (no spaces); a UUID is a good choice");
            }
        }
        return key;
    }

    /** The 409 problem for a reused key. */
    public static ApiProblem conflict(Record existing) {
        return new ApiProblem(ProblemType.IDEMPOTENCY_CONFLICT, "this Idempotency-Key already created job "
                + existing.jobId() + " with a different request body; use a new key for a new job, or resend the"
                + " original body to get that job back");
    }
}
