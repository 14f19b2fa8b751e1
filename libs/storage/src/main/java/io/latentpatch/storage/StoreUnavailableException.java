package io.latentpatch.storage;

/**
 * The object store could not be reached or answered with a server error: connection refused,
 * timeout, connection reset, HTTP 5xx. Transient by nature, so operations retry it with
 * exponential backoff; thrown once the attempts are used up ({@link #attempts()}).
 */
public final class StoreUnavailableException extends StoreException {

    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause, 1);
    }

    private StoreUnavailableException(String message, Throwable cause, int attempts) {
        super(message, cause, attempts);
    }

    @Override
    StoreUnavailableException afterAttempts(int attempts) {
        return new StoreUnavailableException(getMessage() + " (gave up after " + attempts + " attempt"
                + (attempts == 1 ? "" : "s") + ")", getCause(), attempts);
    }
}
