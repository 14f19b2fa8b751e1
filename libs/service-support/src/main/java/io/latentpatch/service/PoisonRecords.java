package io.latentpatch.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.latentpatch.contracts.Ids;
import io.latentpatch.contracts.JsonCodec;
import java.util.Optional;

/**
 * Which job a record that cannot be parsed belongs to, so the job can be failed instead of waiting
 * forever. The record key says it first ({@code jobId} on {@code latentpatch.encode} and
 * {@code latentpatch.events}, {@code jobId/imageIndex} on the per-image topics); failing that, a
 * {@code "jobId"} field of whatever JSON the value holds. The job's tenant comes from a {@code "tenant"} field of
 * the value; record keys do not carry it (a worker then asks the store: {@code ObjectKeys.jobOwner}).
 * Only valid ids ({@link Ids}) are returned.
 */
public final class PoisonRecords {
    private PoisonRecords() {}

    public static Optional<String> jobIdOf(String key, String value) {
        if (key != null) {
            int slash = key.indexOf('/');
            String id = slash < 0 ? key : key.substring(0, slash);
            if (Ids.isValid(id)) return Optional.of(id);
        }
        if (value != null) {
            try {
                JsonNode node = JsonCodec.shared().mapper().readTree(value);
                if (node != null && node.path("jobId").isTextual() && Ids.isValid(node.path("jobId").asText())) {
                    return Optional.of(node.path("jobId").asText());
                }
            } catch (java.io.IOException | RuntimeException e) {
                // Not JSON at all: only the key could have told.
            }
        }
        return Optional.empty();
    }

    /** The {@code "tenant"} of whatever JSON {@code value} holds, when it is a valid id. */
    public static Optional<String> tenantOf(String value) {
        if (value == null) return Optional.empty();
        try {
            JsonNode node = JsonCodec.shared().mapper().readTree(value);
            if (node != null && node.path("tenant").isTextual() && Ids.isValid(node.path("tenant").asText())) {
                return Optional.of(node.path("tenant").asText());
            }
        } catch (java.io.IOException | RuntimeException e) {
            // Not JSON: no tenant to tell.
        }
        return Optional.empty();
    }

    /** The image index of a per-image key {@code jobId/i}, or null. */
    public static Integer imageIndexOf(String key) {
        if (key == null) return null;
        int slash = key.indexOf('/');
        if (slash < 0) return null;
        try {
            int i = Integer.parseInt(key.substring(slash + 1));
            return i >= 0 ? i : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
