package io.latentpatch.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** A server's data directory: the one given (kept), or a temporary one (deleted on close). */
final class DataDirectory {

    private final Path path;
    private final boolean temporary;

    private DataDirectory(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    /** {@code given} (created if missing, kept afterwards), or a fresh temporary directory when null. */
    static DataDirectory of(Path given, String tempPrefix) {
        try {
            if (given != null) {
                return new DataDirectory(Files.createDirectories(given.toAbsolutePath()), false);
            }
            return new DataDirectory(Files.createTempDirectory(tempPrefix), true);
        } catch (IOException e) {
            throw new LocalStackException("cannot create data directory " + (given != null ? given : "(temporary)")
                    + ": " + e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    boolean isTemporary() {
        return temporary;
    }

    /** Deletes the directory if it is temporary (best effort: it is only temp space); leaves a given one alone. */
    void release() {
        if (temporary) {
            try {
                deleteRecursively(path);
            } catch (UncheckedIOException e) {
                System.err.println("[local-stack] could not delete temporary directory " + path + ": " + e.getMessage());
            }
        }
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
