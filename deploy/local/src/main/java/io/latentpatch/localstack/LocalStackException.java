package io.latentpatch.localstack;

/**
 * The local stack could not start or stop a server: a missing artifact, a port in use, a child
 * process that died, a readiness timeout. The message says what to do; for child processes it
 * ends with the tail of the child's log.
 */
public final class LocalStackException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LocalStackException(String message) {
        super(message);
    }

    public LocalStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
