package io.latentpatch.localstack;

import io.latentpatch.contracts.Topics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The whole local infrastructure: a {@link KafkaBroker} with the pipeline topics and an
 * {@link S3Server} with the bucket, started in parallel; what integration tests of every module and
 * {@code ./latentpatch up} run against.
 *
 * <pre>{@code
 * try (LocalInfra infra = LocalInfra.builder().start()) {
 *     infra.bootstrapServers();  // 127.0.0.1:40123
 *     infra.s3Endpoint();        // http://127.0.0.1:40125
 *     infra.properties();        // the same as config keys, for a Quarkus test resource
 * }
 * }</pre>
 *
 * A Quarkus test resource is a few lines: {@code start()} returns
 * {@code LocalInfra.shared().properties()} (renamed to the service's keys if they differ);
 * {@code stop()} does nothing, the shared instance stops when the JVM exits.
 */
public final class LocalInfra implements AutoCloseable {

    /** Config key of the Kafka bootstrap servers in {@link #properties()}. */
    public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    /** Config key of the S3 endpoint URL in {@link #properties()}. */
    public static final String STORAGE_ENDPOINT = "latentpatch.storage.endpoint";
    /** Config key of the S3 access key in {@link #properties()}. */
    public static final String STORAGE_ACCESS_KEY = "latentpatch.storage.access-key";
    /** Config key of the S3 secret key in {@link #properties()}. */
    public static final String STORAGE_SECRET_KEY = "latentpatch.storage.secret-key";
    /** Config key of the bucket in {@link #properties()}. */
    public static final String STORAGE_BUCKET = "latentpatch.storage.bucket";
    /** Config key of the S3 region in {@link #properties()}. */
    public static final String STORAGE_REGION = "latentpatch.storage.region";

    /** Default bucket name. */
    public static final String DEFAULT_BUCKET = "latentpatch";

    private static LocalInfra shared;

    private final KafkaBroker kafka;
    private final S3Server s3;
    private final String bucket;
    private final Duration startupTime;

    private LocalInfra(KafkaBroker kafka, S3Server s3, String bucket, Duration startupTime) {
        this.kafka = kafka;
        this.s3 = s3;
        this.bucket = bucket;
        this.startupTime = startupTime;
    }

    /** A builder with the defaults: free ports, temporary data, Kafka in a child JVM, bucket {@value #DEFAULT_BUCKET}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * One instance per JVM with the defaults, started on first call and stopped when the JVM exits:
     * what test suites share so that each starts the infrastructure once.
     */
    public static synchronized LocalInfra shared() {
        if (shared == null) {
            LocalInfra infra = builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(infra::close, "stop-local-infra"));
            shared = infra;
        }
        return shared;
    }

    /** The broker. */
    public KafkaBroker kafka() {
        return kafka;
    }

    /** The object store. */
    public S3Server s3() {
        return s3;
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String s3Endpoint() {
        return s3.endpoint();
    }

    /** S3 access key. */
    public String accessKey() {
        return s3.accessKey();
    }

    /** S3 secret key. */
    public String secretKey() {
        return s3.secretKey();
    }

    /** S3 region ({@value S3Server#REGION}). */
    public String region() {
        return s3.region();
    }

    /** The bucket (created at start when the store keeps files; else by the first client). */
    public String bucket() {
        return bucket;
    }

    /** Wall time to start both servers (in parallel). */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * The endpoints as configuration: {@value #KAFKA_BOOTSTRAP_SERVERS}, {@value #STORAGE_ENDPOINT},
     * {@value #STORAGE_ACCESS_KEY}, {@value #STORAGE_SECRET_KEY}, {@value #STORAGE_BUCKET},
     * {@value #STORAGE_REGION} (insertion-ordered).
     */
    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(KAFKA_BOOTSTRAP_SERVERS, bootstrapServers());
        p.put(STORAGE_ENDPOINT, s3Endpoint());
        p.put(STORAGE_ACCESS_KEY, accessKey());
        p.put(STORAGE_SECRET_KEY, secretKey());
        p.put(STORAGE_BUCKET, bucket);
        p.put(STORAGE_REGION, region());
        return p;
    }

    /** Stops both servers (in parallel) and deletes temporary data. */
    @Override
    public void close() {
        CompletableFuture<Void> s3Stop = CompletableFuture.runAsync(s3::close);
        RuntimeException failure = null;
        try {
            kafka.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            s3Stop.join();
        } catch (CompletionException e) {
            RuntimeException cause = e.getCause() instanceof RuntimeException re ? re : e;
            if (failure == null) {
                failure = cause;
            } else {
                failure.addSuppressed(cause);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "LocalInfra[kafka " + bootstrapServers() + ", s3 " + s3Endpoint() + ", bucket " + bucket + "]";
    }

    /** Configures and starts a {@link LocalInfra}. */
    public static final class Builder {
        private final KafkaBroker.Builder kafka = KafkaBroker.builder();
        private final S3Server.Builder s3 = S3Server.builder();
        private String bucket = DEFAULT_BUCKET;

        private Builder() {
        }

        /**
         * Persistent root directory: Kafka under {@code dir/kafka}, objects under {@code dir/s3};
         * both reused on the next start. Default: temporary directories deleted on close.
         */
        public Builder dataDir(Path dir) {
            kafka.dataDir(dir.resolve("kafka"));
            s3.dataDir(dir.resolve("s3"));
            return this;
        }

        /** Kafka port (0 = any free port, the default). */
        public Builder kafkaPort(int port) {
            kafka.port(port);
            return this;
        }

        /** S3 port (0 = any free port, the default). */
        public Builder s3Port(int port) {
            s3.port(port);
            return this;
        }

        /** Kafka in a child JVM (default) or in this JVM. */
        public Builder kafkaMode(KafkaBroker.Mode mode) {
            kafka.mode(mode);
            return this;
        }

        /** Partitions per topic (default 4). */
        public Builder partitions(int partitions) {
            kafka.partitions(partitions);
            return this;
        }

        /** Topics to create (default {@link Topics#ALL}). */
        public Builder topics(Collection<String> topics) {
            kafka.topics(topics);
            return this;
        }

        /** The bucket to create (default {@value LocalInfra#DEFAULT_BUCKET}). */
        public Builder bucket(String bucket) {
            this.bucket = bucket;
            return this;
        }

        /** S3 access key and secret key. */
        public Builder credentials(String accessKey, String secretKey) {
            s3.credentials(accessKey, secretKey);
            return this;
        }

        /** Keep objects in memory instead of files. */
        public Builder s3InMemory() {
            s3.inMemory();
            return this;
        }

        /** Direct access to the Kafka builder for options not mirrored here. */
        public KafkaBroker.Builder kafka() {
            return kafka;
        }

        /** Direct access to the S3 builder for options not mirrored here. */
        public S3Server.Builder s3() {
            return s3;
        }

        /** Starts Kafka and S3 in parallel; if either fails the other is stopped and the first failure thrown. */
        public LocalInfra start() {
            long t0 = System.nanoTime();
            CompletableFuture<S3Server> s3Start = CompletableFuture.supplyAsync(s3::start);
            KafkaBroker broker = null;
            RuntimeException failure = null;
            try {
                broker = kafka.start();
            } catch (RuntimeException e) {
                failure = e;
            }
            S3Server server = null;
            try {
                server = s3Start.join();
                server.ensureBucket(bucket);
            } catch (RuntimeException e) {
                RuntimeException cause = e instanceof CompletionException && e.getCause() instanceof RuntimeException re ? re : e;
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
            if (failure != null) {
                for (AutoCloseable started : new AutoCloseable[] {broker, server}) {
                    if (started != null) {
                        try {
                            started.close();
                        } catch (Exception e) {
                            failure.addSuppressed(e);
                        }
                    }
                }
                throw failure;
            }
            return new LocalInfra(broker, server, bucket, Ports.since(t0));
        }
    }
}
