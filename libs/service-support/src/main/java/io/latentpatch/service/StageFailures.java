package io.latentpatch.service;

import io.latentpatch.storage.StoreUnavailableException;
import java.util.concurrent.TimeoutException;

/**
 * How a stage failure is treated. Transient: the object store could not be reached or an operation timed
 * out; the same input may succeed later, so the worker retries with backoff. Everything else (invalid
 * messages, a job the engine cannot plan, corrupt tensors, codec errors) is permanent: the message is
 * dead-lettered at once and its job fails with {@link #reason}.
 */
public final class StageFailures {
    /** Longest reason put into a FAILED event. */
    public static final int MAX_REASON = 2000;

    private StageFailures() {}

    /** True when {@code t} or one of its causes is a store outage or a timeout. */
    public static boolean isTransient(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof StoreUnavailableException || c instanceof TimeoutException) return true;
        }
        return false;
    }

    /**
     * The text a user reads in the failed job's status: the exception's own message for the project's
     * errors (they already say what to do), prefixed by its type for anything unexpected.
     */
    public static String reason(Throwable t) {
        String message = t.getMessage();
        String text;
        if (t instanceof IllegalArgumentException && message != null && !message.isBlank()) {
            text = message;
        } else {
            text = t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
        }
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON - 1) + "…";
    }
}
