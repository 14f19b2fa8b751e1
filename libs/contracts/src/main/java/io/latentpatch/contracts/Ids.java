package io.latentpatch.contracts;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Validation of the ids that become parts of object keys and record keys: job ids, source-set
 * ids and model names.
 *
 * <p>A valid id is 1 to 64 characters from {@code [A-Za-z0-9_-]}, starting with a letter or digit.
 * That excludes {@code /}, {@code .}, spaces and anything else that could escape a key prefix
 * ({@code ../}) or need URL encoding. UUIDs, {@code taef2} and {@code pixel-f16} are valid.
 */
public final class Ids {

    /** Longest id accepted, in characters. */
    public static final int MAX_LENGTH = 64;

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0," + (MAX_LENGTH - 1) + "}");

    private Ids() {
    }

    /** A fresh random id (a lower-case UUID), for new jobs and source sets. */
    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** True when {@code id} is non-null and matches the safe pattern described above. */
    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /**
     * Returns {@code id} when valid, else throws an {@link InvalidMessageException} that names the
     * field and shows the rejected value.
     *
     * @param field what the id is, for the message (e.g. {@code "jobId"})
     */
    public static String require(String field, String id) {
        if (id == null) {
            throw new InvalidMessageException(field + " is required");
        }
        if (!VALID.matcher(id).matches()) {
            throw new InvalidMessageException(field + " '" + abbreviate(id) + "' is not a valid id: expected 1-"
                    + MAX_LENGTH + " characters from [A-Za-z0-9_-], starting with a letter or digit");
        }
        return id;
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
