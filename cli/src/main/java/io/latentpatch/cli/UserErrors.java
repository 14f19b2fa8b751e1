package io.latentpatch.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

/** Which exceptions are the user's to fix (bad input, missing files) and how to phrase them in one line. */
final class UserErrors {
    private UserErrors() {}

    static boolean isUserError(Throwable e) {
        return e instanceof IllegalArgumentException
                || e instanceof IOException
                || e instanceof UncheckedIOException
                || e.getClass().getName().startsWith("io.latentpatch.codec.")
                || e.getClass().getName().startsWith("io.latentpatch.imaging.")
                || e.getClass().getName().startsWith("io.latentpatch.alignment.")
                || e.getClass().getName().startsWith("io.latentpatch.core.npy.");
    }

    static String message(Throwable e) {
        if (e instanceof NoSuchFileException nsf) return noSuchFile(nsf);
        if (e instanceof UncheckedIOException u && u.getCause() instanceof NoSuchFileException nsf) return noSuchFile(nsf);
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static String noSuchFile(NoSuchFileException e) {
        return "no such file: " + e.getFile() + (e.getReason() == null ? "" : " (" + e.getReason() + ")");
    }
}
