package io.latentpatch.pipeline.stage;

/**
 * An input of a stage is missing or malformed (a source set without manifest, a corrupt {@code .npy}).
 * Permanent: the message is dead-lettered and its job fails with this message.
 */
public final class StageInputException extends IllegalArgumentException {
    public StageInputException(String message) {
        super(message);
    }

    public StageInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
