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
 * {@code Idempotency-Key} semantics of {@code POST /v1/jobs}: the first request with a key claims it
 * by creating a PENDING record (body hash, the job id it will create) under
 * {@code ObjectKeys.idempotencyRecord(key)} with a conditional create ({@code If-None-Match: *}), then
 * stores and publishes the job, then marks the record PUBLISHED. Of several requests racing on one key
 * (on any replicas) exactly one claims it. A later request with the same key and the same body
 * (compared in canonical form) gets that job back without a second publish once the record is
 * PUBLISHED; while it is PENDING and younger than {@link #PENDING_GRACE} the request is answered 409
 * {@code idempotency-key-in-flight} (retry); a PENDING record older than that was left by a gateway
 * that died between claiming and recording, and the request completes that job's publish (same job
 * id, same stored request). The same key with another body is a 409 conflict.
 */
public final class Idempotency {

    /** Longest key accepted, in characters. */
    public static final int MAX_KEY_LENGTH = 255;

    private static final ObjectMapper MAPPER = JsonCodec.shared().mapper();

    private Idempotency() {
    }

    /**
     * How long a PENDING record is taken to mean "its creator is still publishing": longer than the
     * publisher's wait for the broker (40 s), so a live creator is never overtaken.
     */
    public static final java.time.Duration PENDING_GRACE = java.time.Duration.ofSeconds(60);

    /** Where the job of a record is. */
    public enum State {
        /** The key is claimed; the job may or may not be stored and published yet. */
        PENDING,
        /** The job was published (the broker acknowledged it). */
        PUBLISHED
    }

    /**
     * What the gateway stored for a key.
     *
     * @param bodyHash  canonical SHA-256 of the body that created the job
     * @param jobId     the job it created (or, PENDING, is creating)
     * @param createdAt when the key was claimed
     * @param state     PENDING or PUBLISHED (records written before states existed read as PUBLISHED)
     */
    public record Record(@JsonProperty("bodyHash") String bodyHash, @JsonProperty("jobId") String jobId,
                         @JsonProperty("createdAt") Instant createdAt, @JsonProperty("state") State state) {
        public Record {
            Objects.requireNonNull(bodyHash, "bodyHash");
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(createdAt, "createdAt");
            if (state == null) state = State.PUBLISHED;
        }

        /** The same record, PUBLISHED. */
        public Record published() {
            return new Record(bodyHash, jobId, createdAt, State.PUBLISHED);
        }

        /** True when PENDING for longer than {@link #PENDING_GRACE} at {@code now}: its creator is gone. */
        public boolean abandoned(Instant now) {
            return state == State.PENDING && createdAt.plus(PENDING_GRACE).isBefore(now);
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
        /** Same key, same body, PUBLISHED: answer with the recorded job. */
        REPLAY,
        /** Same key, same body, PENDING within the grace: its creator is still at work; 409, retry. */
        IN_FLIGHT,
        /** Same key, same body, PENDING past the grace: complete the recorded job's publish. */
        COMPLETE,
        /** Same key, another body: refuse. */
        CONFLICT
    }

    /** The decision at {@code now} for a request whose body hashes to {@code bodyHash}, given the key's record (null if none). */
    public static Decision decide(Record existing, String bodyHash, Instant now) {
        if (existing == null) {
            return Decision.CREATE;
        }
        if (!existing.bodyHash().equals(bodyHash)) {
            return Decision.CONFLICT;
        }
        if (existing.state() == State.PUBLISHED) {
            return Decision.REPLAY;
        }
        return existing.abandoned(now) ? Decision.COMPLETE : Decision.IN_FLIGHT;
    }

    /** The 409 problem for a key whose first request is still being accepted. */
    public static ApiProblem inFlight(Record existing) {
        return ApiProblem.retryLater(ProblemType.IDEMPOTENCY_IN_FLIGHT, "a request with this Idempotency-Key is still"
                + " creating job " + existing.jobId() + "; resend it in a few seconds to get that job", 2);
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
