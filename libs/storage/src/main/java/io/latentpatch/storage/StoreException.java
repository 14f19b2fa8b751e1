package io.latentpatch.storage;

/**
 * An object-store operation failed for a reason retrying will not fix (access denied, missing
 * bucket, bad request). Subclasses: {@link ObjectNotFoundException} and
 * {@link StoreUnavailableException} (the only kind that is retried).
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int attempts;

    public StoreException(String message, Throwable cause) {
        this(message, cause, 1);
    }

    StoreException(String message, Throwable cause, int attempts) {
        super(message, cause);
        this.attempts = attempts;
    }

    /** How many times the operation was tried before this was thrown (1 = not retried). */
    public int attempts() {
        return attempts;
    }

    /** The same failure reported after {@code attempts} tries. */
    StoreException afterAttempts(int attempts) {
        return new StoreException(getMessage(), getCause(), attempts);
    }
}
