package io.latentpatch.storage;

/**
 * An object-store operation failed for a reason retrying will not fix (access denied, missing
 * bucket, bad request). Subclasses: {@link ObjectNotFoundException} and
 * {@link StoreUnavailableException} (the only kind a caller should retry).
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
