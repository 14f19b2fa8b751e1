package io.latentpatch.codec;

/**
 * The one exception type that leaves this module for codec failures: a model directory that is
 * missing, malformed or inconsistent, an ONNX Runtime error, an execution provider that cannot
 * start, or a batch whose shape the codec cannot take. Messages name the file or value at fault
 * and, where there is one, the expected and the actual value.
 */
public class CodecException extends RuntimeException {

    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
