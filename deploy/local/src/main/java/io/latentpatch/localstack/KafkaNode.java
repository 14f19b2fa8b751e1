package io.latentpatch.localstack;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs one Kafka node in KRaft combined mode (broker + controller, node id 1) from a
 * {@link KafkaConfigFile}: the same code in the child JVM ({@link KafkaServerMain}) and in process.
 * The only class of the launcher side that touches the broker artifacts ({@code kafka_2.13},
 * {@code kafka-server}), which are optional dependencies: a child-process broker never loads it
 * in the caller's JVM.
 */
final class KafkaNode {

    private KafkaNode() {
    }

    /**
     * Formats the log directory with a new cluster id unless it already holds a
     * {@code meta.properties} (then it is reused as is, with its cluster id and data).
     * Uses {@link StorageTool#execute} rather than its main, which would call {@code System.exit}.
     */
    static void formatIfNeeded(Path configFile) {
        String logDirs = KafkaConfigFile.read(configFile).getProperty("log.dirs");
        if (Files.exists(Path.of(logDirs, "meta.properties"))) {
            // Formatted before: keep its cluster id (formatting again with a new id is refused).
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {"format", "--config", configFile.toString(),
                    "--cluster-id", Uuid.randomUuid().toString()}, ps);
        } catch (Exception e) {
            throw new LocalStackException("formatting Kafka storage with " + configFile + " failed: " + e.getMessage()
                    + "\n" + out.toString(StandardCharsets.UTF_8), e);
        }
        if (rc != 0) {
            throw new LocalStackException("formatting Kafka storage with " + configFile + " failed (exit " + rc + "):\n"
                    + out.toString(StandardCharsets.UTF_8));
        }
    }

    /** Formats if needed and starts the node; returns once it is started. */
    static KafkaRaftServer start(Path configFile) {
        formatIfNeeded(configFile);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(KafkaConfigFile.read(configFile)), Time.SYSTEM);
        server.startup();
        return server;
    }

    /** Clean shutdown: controlled shutdown, then wait until every thread has stopped. */
    static void stop(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    /** Starts a node in this JVM; closing the result stops it. */
    static AutoCloseable startInProcess(Path configFile) {
        KafkaRaftServer server = start(configFile);
        return () -> stop(server);
    }
}
