package io.latentpatch.core.npy;

import java.io.IOException;

/** A {@code .npy} or {@code .npz} file that cannot be read: bad magic, unsupported dtype, truncated data, ... */
public final class NpyFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public NpyFormatException(String message) {
        super(message);
    }

    public NpyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
