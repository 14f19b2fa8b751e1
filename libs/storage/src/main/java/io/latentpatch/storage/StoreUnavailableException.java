package io.latentpatch.storage;

/**
 * The object store could not be reached or answered with a server error: connection refused,
 * timeout, connection reset, HTTP 5xx. Transient by nature: the caller's retry layer tries again
 * with backoff.
 */
public final class StoreUnavailableException extends StoreException {

    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
