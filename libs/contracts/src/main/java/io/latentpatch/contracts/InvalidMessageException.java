package io.latentpatch.contracts;

/**
 * A message or document that breaks its contract: malformed JSON, an unsupported
 * {@code schemaVersion}, a missing required field, a value out of range or an unsafe id.
 *
 * <p>Thrown by {@link JsonCodec} when reading and by the record constructors when a message is
 * built in code, so a bad message is rejected at the edge whichever way it arrives. A consumer
 * that receives one should dead-letter the record (see {@link Topics#dlq(String)}): retrying
 * cannot fix it.
 */
public final class InvalidMessageException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidMessageException(String message) {
        super(message);
    }

    public InvalidMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
