package io.latentpatch.localstack;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM that cannot outlive its launcher.
 *
 * <p>It runs on the same {@code java} binary as this JVM, through {@link ParentWatchdogMain}
 * (which exits the child when this process disappears, even after {@code kill -9}), with stdout
 * and stderr appended to a log file. {@link #close()} stops it (SIGTERM, then SIGKILL after a
 * grace period), and a JVM shutdown hook does the same if the launcher exits without closing it.
 *
 * <p>Public so that launchers (e.g. {@code ./latentpatch up}) can start the services the same way.
 */
public final class JavaProcess implements AutoCloseable {

    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(20);

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Duration grace;
    private final Thread shutdownHook;

    private JavaProcess(String name, Process process, Path logFile, Duration grace) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.grace = grace;
        this.shutdownHook = new Thread(this::stopQuietly, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A builder for a child named {@code name} (used in thread names and messages). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    /** True while the child runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Where the child's stdout and stderr go. */
    public Path logFile() {
        return logFile;
    }

    /** The child's name. */
    public String name() {
        return name;
    }

    /** The exit code; only meaningful once {@link #isAlive()} is false. */
    public int exitCode() {
        return process.exitValue();
    }

    /** The last {@code lines} lines of the child's log (at most 64 KiB are read), for error messages. */
    public String logTail(int lines) {
        return logTail(logFile, lines);
    }

    /** The last {@code lines} lines of a log file (at most 64 KiB are read), each prefixed with {@code "  | "}. */
    public static String logTail(Path logFile, int lines) {
        try (RandomAccessFile f = new RandomAccessFile(logFile.toFile(), "r")) {
            long len = f.length();
            int n = (int) Math.min(len, 64 * 1024);
            byte[] buf = new byte[n];
            f.seek(len - n);
            f.readFully(buf);
            String[] all = new String(buf, StandardCharsets.UTF_8).split("\r?\n");
            StringBuilder sb = new StringBuilder();
            for (int i = Math.max(0, all.length - lines); i < all.length; i++) {
                sb.append("  | ").append(all[i]).append('\n');
            }
            return sb.toString();
        } catch (IOException e) {
            return "  (log " + logFile + " unreadable: " + e.getMessage() + ")\n";
        }
    }

    /** Throws a {@link LocalStackException} with the log tail if the child has exited. */
    public void requireAlive(String doing) {
        if (!process.isAlive()) {
            throw new LocalStackException(name + " exited with code " + process.exitValue() + " while " + doing
                    + "; last lines of " + logFile + ":\n" + logTail(40));
        }
    }

    /** Waits up to {@code timeout} for the child to exit by itself; true if it did. */
    public boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the child: SIGTERM so its shutdown hooks flush data, then SIGKILL if it has not
     * exited within {@code grace}. Idempotent.
     */
    public void stop(Duration grace) {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Already in shutdown: this is the hook itself or runs beside it.
        }
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        boolean interrupted = false;
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            interrupted = true;
            process.destroyForcibly();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL at once, as a crash would (no shutdown hooks run in the child); waits until it is gone. */
    public void kill() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Already in shutdown.
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #stop(Duration)} with the builder's grace period. */
    @Override
    public void close() {
        stop(grace);
    }

    private void stopQuietly() {
        try {
            stop(grace);
        } catch (RuntimeException e) {
            process.destroyForcibly();
        }
    }

    /** Builds and starts a {@link JavaProcess}. */
    public static final class Builder {
        private final String name;
        private final List<Path> classpath = new ArrayList<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> args = new ArrayList<>();
        private String mainClass;
        private Path logFile;
        private Path workingDirectory;
        private Duration grace = DEFAULT_GRACE;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Appends classpath entries (jars or class directories). */
        public Builder classpath(List<Path> entries) {
            classpath.addAll(entries);
            return this;
        }

        /** The class whose {@code main} the child runs. */
        public Builder mainClass(String mainClass) {
            this.mainClass = mainClass;
            return this;
        }

        /** Appends program arguments. */
        public Builder args(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        /** Appends JVM options such as {@code -Xmx512m}. */
        public Builder jvmArgs(List<String> more) {
            jvmArgs.addAll(more);
            return this;
        }

        /** Adds {@code -Dkey=value}. */
        public Builder systemProperty(String key, String value) {
            systemProperties.put(key, value);
            return this;
        }

        /** Sets an environment variable of the child. */
        public Builder environment(String key, String value) {
            environment.put(key, value);
            return this;
        }

        /** Appends stdout and stderr to {@code file} (required; parent directories are created). */
        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        /** The child's working directory; default the log file's directory. */
        public Builder workingDirectory(Path dir) {
            this.workingDirectory = dir;
            return this;
        }

        /** How long {@link #close()} waits after SIGTERM before SIGKILL; default 20 s. */
        public Builder stopGrace(Duration grace) {
            this.grace = grace;
            return this;
        }

        /** Starts the child. Returns at once; readiness is the caller's business. */
        public JavaProcess start() {
            Objects.requireNonNull(mainClass, "mainClass");
            Objects.requireNonNull(logFile, "logFile");
            try {
                Path logDir = logFile.toAbsolutePath().getParent();
                Files.createDirectories(logDir);
                List<Path> cp = new ArrayList<>();
                cp.add(watchdogClasspath(logDir));
                cp.addAll(classpath);

                List<String> command = new ArrayList<>();
                command.add(javaBinary());
                command.addAll(jvmArgs);
                systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
                command.add("-cp");
                command.add(String.join(File.pathSeparator, cp.stream().map(Path::toString).toList()));
                command.add(ParentWatchdogMain.class.getName());
                command.add(Long.toString(ProcessHandle.current().pid()));
                command.add(mainClass);
                command.addAll(args);

                Files.writeString(logFile, "---- " + java.time.Instant.now() + " starting " + name + "\n",
                        StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
                ProcessBuilder pb = new ProcessBuilder(command)
                        .directory((workingDirectory != null ? workingDirectory : logDir).toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
                pb.environment().putAll(environment);
                return new JavaProcess(name, pb.start(), logFile, grace);
            } catch (IOException e) {
                throw new LocalStackException("cannot start " + name + ": " + e.getMessage(), e);
            }
        }

        /** The same java binary as this JVM, so the children match its version. */
        private static String javaBinary() {
            return ProcessHandle.current().info().command()
                    .filter(c -> Files.isExecutable(Path.of(c)))
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }

        /** A directory holding only ParentWatchdogMain.class, safe to prepend to any classpath. */
        private static Path watchdogClasspath(Path logDir) throws IOException {
            Path root = logDir.resolve(".watchdog");
            Path file = root.resolve(ParentWatchdogMain.class.getName().replace('.', '/') + ".class");
            Files.createDirectories(file.getParent());
            // Write then rename: a sibling child may be starting from the same directory right now.
            Path tmp = Files.createTempFile(file.getParent(), "watchdog", ".tmp");
            Files.write(tmp, Artifacts.classBytes(ParentWatchdogMain.class));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return root;
        }
    }
}
