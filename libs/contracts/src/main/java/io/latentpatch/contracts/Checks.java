package io.latentpatch.contracts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Field checks shared by the record constructors; every failure names the field and the value. */
final class Checks {

    private Checks() {
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidMessageException(field + " is required");
        }
        return value;
    }

    static String requiredText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidMessageException(field + " is required and must not be blank");
        }
        return value;
    }

    static int atLeast(String field, int value, int min) {
        if (value < min) {
            throw new InvalidMessageException(field + " must be >= " + min + ", got " + value);
        }
        return value;
    }

    static Integer atLeast(String field, Integer value, int min) {
        return value == null ? null : atLeast(field, value.intValue(), min);
    }

    static int inRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidMessageException(field + " must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    static String key(String field, String key) {
        return ObjectKeys.requireSafeKey(field, key);
    }

    /** A safe key under {@code tenant}'s prefix ({@link ObjectKeys#tenantPrefix}); anything else is refused. */
    static String ownedKey(String tenant, String field, String key) {
        ObjectKeys.requireSafeKey(field, key);
        if (!key.startsWith(ObjectKeys.tenantPrefix(tenant))) {
            throw new InvalidMessageException(field + " '" + Ids.abbreviate(key) + "' is not an object of tenant " + tenant
                    + " (expected a key under " + ObjectKeys.tenantPrefix(tenant) + ")");
        }
        return key;
    }

    /** Checks that the object keys a job's parameters name (mask, outside reference) belong to {@code tenant}. */
    static void keysOf(String tenant, GenerationParams params) {
        if (params.referenceImage() != null) ownedKey(tenant, "params.referenceImage", params.referenceImage());
        if (params.region() != null && params.region().maskKey() != null) {
            ownedKey(tenant, "params.region", params.region().maskKey());
        }
    }

    /** Unmodifiable copy, or null when {@code list} is null; rejects null elements. */
    static <T> List<T> copyOrNull(String field, Collection<T> list) {
        if (list == null) {
            return null;
        }
        List<T> copy = new ArrayList<>(list.size());
        for (T t : list) {
            if (t == null) {
                throw new InvalidMessageException(field + " must not contain null elements");
            }
            copy.add(t);
        }
        return Collections.unmodifiableList(copy);
    }

    /** Unmodifiable, key-sorted copy (empty when null) so documents serialise deterministically. */
    static Map<String, Long> sortedMillis(String field, Map<String, Long> map) {
        TreeMap<String, Long> copy = new TreeMap<>();
        if (map != null) {
            for (Map.Entry<String, Long> e : map.entrySet()) {
                if (e.getKey() == null || e.getKey().isBlank()) {
                    throw new InvalidMessageException(field + " has a blank timing name");
                }
                if (e.getValue() == null || e.getValue() < 0) {
                    throw new InvalidMessageException(field + "." + e.getKey() + " must be a duration >= 0 ms, got "
                            + e.getValue());
                }
                copy.put(e.getKey(), e.getValue());
            }
        }
        return Collections.unmodifiableMap(copy);
    }
}
