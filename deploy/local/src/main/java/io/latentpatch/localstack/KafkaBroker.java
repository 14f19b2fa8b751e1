package io.latentpatch.localstack;

import io.latentpatch.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Apache Kafka broker in KRaft combined mode (one node, broker and controller), listening
 * on 127.0.0.1, started without Docker. It is the {@code kafka_2.13} artifact at the same version
 * as {@code kafka-clients} (root pom), which matters: a newer broker beside a 4.1.2 client failed.
 *
 * <p>Two modes: {@link Mode#CHILD_PROCESS} (default; its own JVM, isolated from the caller's
 * classpath and logging, cannot outlive the caller) and {@link Mode#IN_PROCESS} (same JVM, shares
 * its classpath). {@link #start()} returns once the broker answers and the topics exist with a
 * leader for every partition.
 *
 * <pre>{@code
 * try (KafkaBroker kafka = KafkaBroker.builder().partitions(4).start()) {
 *     props.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 */
public final class KafkaBroker implements AutoCloseable {

    /** Where the broker runs. */
    public enum Mode {
        /** A child JVM started with {@link JavaProcess}; logs to {@code <dataDir>/kafka.log}. */
        CHILD_PROCESS,
        /** A {@code KafkaRaftServer} inside this JVM; logs through this JVM's slf4j backend. */
        IN_PROCESS
    }

    private final Mode mode;
    private final int port;
    private final DataDirectory dataDir;
    /** Replaced by {@link #restart}; null in process. */
    private volatile JavaProcess child;
    private final JavaProcess.Builder childSpec;
    private final Builder spec;
    private final AutoCloseable inProcess;
    private final Duration startupTime;
    private final int partitions;

    private KafkaBroker(Mode mode, int port, DataDirectory dataDir, JavaProcess child, JavaProcess.Builder childSpec, Builder spec,
                        AutoCloseable inProcess, Duration startupTime, int partitions) {
        this.mode = mode;
        this.port = port;
        this.dataDir = dataDir;
        this.child = child;
        this.childSpec = childSpec;
        this.spec = spec;
        this.inProcess = inProcess;
        this.startupTime = startupTime;
        this.partitions = partitions;
    }

    /** A builder with the defaults: child process, free ports, temporary data, {@link Topics#ALL} with 4 partitions. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The broker's PLAINTEXT port. */
    public int port() {
        return port;
    }

    /** Partitions of the topics created at start. */
    public int partitions() {
        return partitions;
    }

    /** The data directory (log dirs, config, log file). */
    public Path dataDir() {
        return dataDir.path();
    }

    /** Where the broker runs. */
    public Mode mode() {
        return mode;
    }

    /** The child's pid in {@link Mode#CHILD_PROCESS}; empty in process. */
    public OptionalLong pid() {
        return child == null ? OptionalLong.empty() : OptionalLong.of(child.pid());
    }

    /** The child's log file ({@link Mode#CHILD_PROCESS}); null in process. */
    public Path logFile() {
        return child == null ? null : child.logFile();
    }

    /** Wall time from {@link Builder#start()} to ready (broker answering, topics created). */
    public Duration startupTime() {
        return startupTime;
    }

    /** A fresh admin client for this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.CLIENT_ID_CONFIG, "latentpatch-local-stack"));
    }

    /**
     * Creates {@code topics} with {@code partitions} partitions each (replication 1), skipping
     * those that exist, and waits until every partition has a leader.
     */
    public void createTopics(Collection<String> topics, int partitions) {
        if (topics.isEmpty()) {
            return;
        }
        try (Admin admin = admin()) {
            createTopics(admin, topics, partitions, System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
        }
    }

    /**
     * Stops the broker and starts it again on the same ports and data (a crash with {@code crash}: SIGKILL, no clean
     * shutdown), {@code downtime} after it is gone; returns once it answers again. Clients see an outage, as in an
     * operator's rolling restart or a broker crash. Only in {@link Mode#CHILD_PROCESS}.
     */
    public void restart(boolean crash, Duration downtime) {
        if (child == null) throw new IllegalStateException("restart needs Mode.CHILD_PROCESS, this broker runs " + mode);
        if (crash) child.kill();
        else child.close();
        sleep(downtime.toMillis());
        child = childSpec.start();
        spec.awaitReady(this, child, System.nanoTime() + spec.startTimeout.toNanos());
    }

    /** Stops the broker (clean shutdown) and deletes the data directory if it was temporary. */
    @Override
    public void close() {
        try {
            if (child != null) {
                child.close();
            } else if (inProcess != null) {
                inProcess.close();
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new LocalStackException("stopping the in-process Kafka broker failed: " + e.getMessage(), e);
        } finally {
            dataDir.release();
        }
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", " + mode + ", data " + dataDir.path() + "]";
    }

    private static void createTopics(Admin admin, Collection<String> topics, int partitions, long deadline) {
        List<NewTopic> newTopics = new ArrayList<>();
        for (String t : topics) {
            newTopics.add(new NewTopic(t, partitions, (short) 1));
        }
        admin.createTopics(newTopics).values().forEach((name, future) -> {
            try {
                future.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new LocalStackException("cannot create topic " + name + ": " + e.getCause().getMessage(), e);
                }
            } catch (TimeoutException e) {
                throw new LocalStackException("creating topic " + name + " timed out", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalStackException("interrupted while creating topic " + name, e);
            }
        });
        while (true) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
                boolean allLed = true;
                for (TopicDescription d : described.values()) {
                    for (TopicPartitionInfo p : d.partitions()) {
                        allLed &= p.leader() != null && !p.leader().isEmpty();
                    }
                }
                if (allLed) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // Metadata not propagated yet; retry below until the deadline.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalStackException("interrupted while waiting for topic leaders", e);
            }
            if (System.nanoTime() > deadline) {
                throw new LocalStackException("topics " + topics + " still have partitions without a leader");
            }
            sleep(50);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while starting Kafka", e);
        }
    }

    /** Configures and starts a {@link KafkaBroker}. */
    public static final class Builder {
        private Mode mode = Mode.CHILD_PROCESS;
        private int port;
        private int controllerPort;
        private Path dataDir;
        private int partitions = 4;
        private List<String> topics = Topics.ALL;
        private Duration startTimeout = Duration.ofSeconds(90);
        private Duration stopGrace = Duration.ofSeconds(20);
        private List<String> jvmArgs = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

        private Builder() {
        }

        /** Child JVM (default) or in this JVM. */
        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /** PLAINTEXT port on 127.0.0.1; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** KRaft controller port on 127.0.0.1; 0 (default) picks a free one. */
        public Builder controllerPort(int port) {
            this.controllerPort = port;
            return this;
        }

        /**
         * Persistent data directory: formatted on first use, reused (topics, records, offsets) on
         * later starts. Default null: a temporary directory deleted on {@link #close()}.
         */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** Partitions of every created topic and of auto-created ones (default 4). */
        public Builder partitions(int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
            }
            this.partitions = partitions;
            return this;
        }

        /** Topics to create at start (default {@link Topics#ALL}: the pipeline topics and their dead letters). */
        public Builder topics(Collection<String> topics) {
            this.topics = List.copyOf(topics);
            return this;
        }

        /** How long to wait for the broker to answer (default 90 s). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** How long {@link #close()} waits for a clean child shutdown before killing it (default 20 s). */
        public Builder stopGrace(Duration grace) {
            this.stopGrace = grace;
            return this;
        }

        /** JVM options of the child (default {@code -Xms64m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}). */
        public Builder jvmArgs(List<String> args) {
            this.jvmArgs = List.copyOf(args);
            return this;
        }

        /** Starts the broker and returns once it is ready; on failure nothing is left running. */
        public KafkaBroker start() {
            long t0 = System.nanoTime();
            int brokerPort = Ports.orFree(port);
            int ctlPort = Ports.orFree(controllerPort);
            if (ctlPort == brokerPort) {
                ctlPort = Ports.freePort();
            }
            Ports.requireFree(brokerPort, "Kafka broker");
            Ports.requireFree(ctlPort, "Kafka controller");
            DataDirectory dir = DataDirectory.of(dataDir, "latentpatch-kafka-");
            Path config = KafkaConfigFile.write(dir.path(), KafkaConfigFile.create(dir.path(), brokerPort, ctlPort, partitions));
            JavaProcess child = null;
            JavaProcess.Builder childSpec = null;
            AutoCloseable server = null;
            try {
                if (mode == Mode.CHILD_PROCESS) {
                    Path log4j = writeLog4jConfig(dir.path());
                    childSpec = JavaProcess.builder("kafka")
                            .classpath(Artifacts.kafkaChildClasspath())
                            .jvmArgs(jvmArgs)
                            .jvmArgs(quietUnsafeWarnings())
                            .systemProperty("log4j2.configurationFile", log4j.toString())
                            // Keep logging through Kafka's own shutdown hook instead of stopping first.
                            .systemProperty("log4j2.shutdownHookEnabled", "false")
                            .systemProperty("java.awt.headless", "true")
                            .mainClass(KafkaServerMain.class.getName())
                            .args(config.toString())
                            .logFile(dir.path().resolve("kafka.log"))
                            .stopGrace(stopGrace);
                    child = childSpec.start();
                } else {
                    server = startInProcess(config);
                }
                KafkaBroker broker = new KafkaBroker(mode, brokerPort, dir, child, childSpec, this, server, null, partitions);
                awaitReady(broker, child, t0 + startTimeout.toNanos());
                return new KafkaBroker(mode, brokerPort, dir, child, childSpec, this, server, Ports.since(t0), partitions);
            } catch (RuntimeException e) {
                if (child != null) {
                    child.stop(Duration.ofSeconds(5));
                }
                if (server != null) {
                    try {
                        server.close();
                    } catch (Exception suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                dir.release();
                throw e;
            }
        }

        private static AutoCloseable startInProcess(Path config) {
            try {
                return KafkaNode.startInProcess(config);
            } catch (NoClassDefFoundError e) {
                throw new LocalStackException("Mode.IN_PROCESS needs the broker on this JVM's classpath: add"
                        + " org.apache.kafka:kafka_2.13, kafka-server and kafka-server-common (version of kafka-clients)"
                        + " as test dependencies, or use Mode.CHILD_PROCESS (the default). Missing: " + e.getMessage(), e);
            }
        }

        private void awaitReady(KafkaBroker broker, JavaProcess child, long deadline) {
            // Poll the port first: it is cheap and avoids the admin client's connection-refused noise.
            while (!Ports.isOpen(broker.port)) {
                if (child != null) {
                    child.requireAlive("starting");
                }
                if (System.nanoTime() > deadline) {
                    throw timeout(broker, child);
                }
                sleep(50);
            }
            try (Admin admin = broker.admin()) {
                while (true) {
                    if (child != null) {
                        child.requireAlive("starting");
                    }
                    try {
                        if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                            break;
                        }
                    } catch (ExecutionException | TimeoutException e) {
                        // Not ready yet.
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new LocalStackException("interrupted while starting Kafka", e);
                    }
                    if (System.nanoTime() > deadline) {
                        throw timeout(broker, child);
                    }
                    sleep(50);
                }
                createTopics(admin, topics, partitions, deadline);
            }
        }

        private LocalStackException timeout(KafkaBroker broker, JavaProcess child) {
            return new LocalStackException("Kafka on " + broker.bootstrapServers() + " not ready after "
                    + startTimeout.toSeconds() + " s" + (child == null ? "" : "; last lines of " + child.logFile() + ":\n"
                    + child.logTail(40)));
        }

        /** Kafka 4.1 frees mapped buffers through sun.misc.Unsafe, which JDK 24+ warns about on every start. */
        private static List<String> quietUnsafeWarnings() {
            return Runtime.version().feature() >= 24 ? List.of("--sun-misc-unsafe-memory-access=allow") : List.of();
        }

        private static Path writeLog4jConfig(Path dir) {
            Path file = dir.resolve("kafka-log4j2.properties");
            String config = """
                    # Kafka child JVM logging (rewritten on every start): warnings and errors only.
                    status = warn
                    appender.console.type = Console
                    appender.console.name = STDOUT
                    appender.console.layout.type = PatternLayout
                    appender.console.layout.pattern = [kafka] %d{HH:mm:ss.SSS} %-5p %c{1.} - %m%n
                    rootLogger.level = warn
                    rootLogger.appenderRef.stdout.ref = STDOUT
                    logger.kafka.name = kafka
                    logger.kafka.level = warn
                    logger.apache.name = org.apache.kafka
                    logger.apache.level = warn
                    logger.statechange.name = state.change.logger
                    logger.statechange.level = warn
                    """;
            try {
                Files.writeString(file, config, StandardCharsets.UTF_8);
                return file;
            } catch (java.io.IOException e) {
                throw new LocalStackException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
