package io.latentpatch.localstack;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * An S3-compatible object store for local runs and tests: S3Proxy ({@code org.gaul:s3proxy},
 * jar-with-dependencies) in a child JVM, on 127.0.0.1, AWS signature v2 or v4 with the configured
 * access and secret key, region {@code us-east-1}, path-style URLs.
 *
 * <p>Storage: {@code filesystem-nio2} under {@code <dataDir>/objects} (one directory per bucket;
 * kept across restarts when a data directory is given), or {@code transient-nio2} (in memory) with
 * {@link Builder#inMemory()}. Runs in a child JVM rather than in process because its jar bundles
 * some 160 libraries and DEBUG logging.
 *
 * <pre>{@code
 * try (S3Server s3 = S3Server.builder().start()) {
 *     MinioClient c = MinioClient.builder().endpoint(s3.endpoint())
 *             .credentials(s3.accessKey(), s3.secretKey()).region(s3.region()).build();
 * }
 * }</pre>
 */
public final class S3Server implements AutoCloseable {

    /** The only region S3Proxy answers for. */
    public static final String REGION = "us-east-1";
    /** Default access key (identity). */
    public static final String DEFAULT_ACCESS_KEY = "latentpatch";
    /** Default secret key (credential). */
    public static final String DEFAULT_SECRET_KEY = "latentpatch-secret";

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private final int port;
    private final String accessKey;
    private final String secretKey;
    private final DataDirectory dataDir;
    private final boolean inMemory;
    /** Replaced by {@link #outage}. */
    private volatile JavaProcess child;
    private final JavaProcess.Builder childSpec;
    private final Builder spec;
    private final Duration startupTime;

    private S3Server(int port, String accessKey, String secretKey, DataDirectory dataDir, boolean inMemory,
                     JavaProcess child, JavaProcess.Builder childSpec, Builder spec, Duration startupTime) {
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.dataDir = dataDir;
        this.inMemory = inMemory;
        this.child = child;
        this.childSpec = childSpec;
        this.spec = spec;
        this.startupTime = startupTime;
    }

    /** A builder with the defaults: free port, temporary filesystem storage, default keys. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The HTTP port. */
    public int port() {
        return port;
    }

    /** The access key (S3 identity). */
    public String accessKey() {
        return accessKey;
    }

    /** The secret key (S3 credential). */
    public String secretKey() {
        return secretKey;
    }

    /** {@value #REGION}. */
    public String region() {
        return REGION;
    }

    /** The data directory (config, log file and, unless in memory, {@code objects/}). */
    public Path dataDir() {
        return dataDir.path();
    }

    /** The child's pid. */
    public long pid() {
        return child.pid();
    }

    /** The child's log file. */
    public Path logFile() {
        return child.logFile();
    }

    /** Wall time from {@link Builder#start()} to answering HTTP. */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * Makes sure {@code bucket} exists. With filesystem storage a bucket is a directory, so this
     * needs no S3 client; in memory it is a no-op (the object-store client creates buckets).
     */
    public void ensureBucket(String bucket) {
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("'" + bucket + "' is not a valid S3 bucket name (3-63 of [a-z0-9.-])");
        }
        if (!inMemory) {
            try {
                Files.createDirectories(dataDir.path().resolve("objects").resolve(bucket));
            } catch (IOException e) {
                throw new LocalStackException("cannot create bucket directory for " + bucket + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Makes the store unreachable for {@code downtime}: the server is killed (connections refused, as when it or its
     * network is down) and started again on the same port and data; returns once it answers. With {@link Builder#inMemory()}
     * the objects are lost, so use it only with filesystem storage.
     */
    public void outage(Duration downtime) {
        if (inMemory) throw new IllegalStateException("an outage of an in-memory S3 server would lose every object");
        child.kill();
        try {
            Thread.sleep(downtime.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted during an S3 outage", e);
        }
        child = childSpec.start();
        spec.awaitHttp(child, port, System.nanoTime() + spec.startTimeout.toNanos());
    }

    /** Stops the server and deletes the data directory if it was temporary. */
    @Override
    public void close() {
        try {
            child.close();
        } finally {
            dataDir.release();
        }
    }

    @Override
    public String toString() {
        return "S3Server[" + endpoint() + ", " + (inMemory ? "in memory" : "data " + dataDir.path()) + "]";
    }

    /** Configures and starts an {@link S3Server}. */
    public static final class Builder {
        private int port;
        private Path dataDir;
        private boolean inMemory;
        private String accessKey = DEFAULT_ACCESS_KEY;
        private String secretKey = DEFAULT_SECRET_KEY;
        private Duration startTimeout = Duration.ofSeconds(60);
        private List<String> jvmArgs = List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

        private Builder() {
        }

        /** HTTP port on 127.0.0.1; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Persistent data directory (objects kept across restarts). Default: temporary, deleted on close. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** Keep objects in the child's memory ({@code transient-nio2}) instead of files. */
        public Builder inMemory() {
            this.inMemory = true;
            return this;
        }

        /** Access key and secret key clients must sign with. */
        public Builder credentials(String accessKey, String secretKey) {
            this.accessKey = accessKey;
            this.secretKey = secretKey;
            return this;
        }

        /** How long to wait for the server to answer (default 60 s). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** JVM options of the child. */
        public Builder jvmArgs(List<String> args) {
            this.jvmArgs = List.copyOf(args);
            return this;
        }

        /** Starts S3Proxy and returns once it answers HTTP; on failure nothing is left running. */
        public S3Server start() {
            long t0 = System.nanoTime();
            Path jar = Artifacts.s3ProxyJar();
            int httpPort = Ports.orFree(port);
            Ports.requireFree(httpPort, "S3");
            DataDirectory dir = DataDirectory.of(dataDir, "latentpatch-s3-");
            JavaProcess child = null;
            try {
                Path config = writeConfig(dir.path(), httpPort);
                JavaProcess.Builder childSpec = JavaProcess.builder("s3proxy")
                        .classpath(List.of(jar))
                        .jvmArgs(jvmArgs)
                        .systemProperty("LOG_LEVEL", "warn")
                        .systemProperty("JETTY_LOG_LEVEL", "warn")
                        // Logback prints its own configuration chatter because S3Proxy's logback.xml has an unused appender.
                        .systemProperty("logback.statusListenerClass", "ch.qos.logback.core.status.NopStatusListener")
                        .systemProperty("java.awt.headless", "true")
                        .mainClass("org.gaul.s3proxy.Main")
                        .args("--properties", config.toString())
                        .logFile(dir.path().resolve("s3proxy.log"))
                        .stopGrace(Duration.ofSeconds(10));
                child = childSpec.start();
                awaitHttp(child, httpPort, t0 + startTimeout.toNanos());
                return new S3Server(httpPort, accessKey, secretKey, dir, inMemory, child, childSpec, this, Ports.since(t0));
            } catch (RuntimeException e) {
                if (child != null) {
                    child.stop(Duration.ofSeconds(5));
                }
                dir.release();
                throw e;
            }
        }

        private Path writeConfig(Path dir, int httpPort) {
            Properties p = new Properties();
            p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + httpPort);
            p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            p.setProperty("s3proxy.identity", accessKey);
            p.setProperty("s3proxy.credential", secretKey);
            p.setProperty("jclouds.identity", accessKey);
            p.setProperty("jclouds.credential", secretKey);
            if (inMemory) {
                p.setProperty("jclouds.provider", "transient-nio2");
            } else {
                p.setProperty("jclouds.provider", "filesystem-nio2");
                p.setProperty("jclouds.filesystem.basedir", dir.resolve("objects").toAbsolutePath().toString());
            }
            Path file = dir.resolve("s3proxy.properties");
            try {
                Files.createDirectories(dir.resolve("objects"));
                try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    p.store(w, "written by the LatentPatch local stack; rewritten on every start");
                }
                return file;
            } catch (IOException e) {
                throw new LocalStackException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }

        /** Ready = the S3 handler answers an HTTP request (any status: anonymous requests get 403). */
        private void awaitHttp(JavaProcess child, int httpPort, long deadline) {
            HttpRequest ping = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build()) {
                poll(child, http, ping, httpPort, deadline);
            }
        }

        private void poll(JavaProcess child, HttpClient http, HttpRequest ping, int httpPort, long deadline) {
            while (true) {
                child.requireAlive("starting");
                if (Ports.isOpen(httpPort)) {
                    try {
                        http.send(ping, HttpResponse.BodyHandlers.discarding());
                        return;
                    } catch (IOException e) {
                        // Port open but the handler is not up yet.
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new LocalStackException("interrupted while starting S3Proxy", e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new LocalStackException("S3Proxy on port " + httpPort + " not answering after "
                            + startTimeout.toSeconds() + " s; last lines of " + child.logFile() + ":\n" + child.logTail(40));
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LocalStackException("interrupted while starting S3Proxy", e);
                }
            }
        }
    }
}
