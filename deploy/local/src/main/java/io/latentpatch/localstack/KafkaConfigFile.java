package io.latentpatch.localstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The {@code server.properties} of the local Kafka node. Layout of its data directory:
 * {@code server.properties} (rewritten on every start), {@code logs/} (the formatted log
 * directory; reused as is when already formatted), {@code kafka.log} (child output).
 */
final class KafkaConfigFile {

    static final String PROPERTIES_FILE = "server.properties";
    static final String LOG_DIR = "logs";

    private KafkaConfigFile() {
    }

    /**
     * Broker configuration for a single local node: PLAINTEXT on {@code brokerPort}, controller on
     * {@code controllerPort} (both 127.0.0.1), every replication factor 1, internal topics with few
     * partitions and no initial rebalance delay (fast consumer-group starts).
     */
    static Properties create(Path dataDir, int brokerPort, int controllerPort, int defaultPartitions) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        // Static voters keep the quorum out of the log, so a persistent data dir survives a change of ports.
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dataDir.resolve(LOG_DIR).toAbsolutePath().toString());
        p.setProperty("num.partitions", Integer.toString(defaultPartitions));
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "4");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "true");
        return p;
    }

    /** Writes {@code config} to {@code dataDir/server.properties} and returns the file. */
    static Path write(Path dataDir, Properties config) {
        Path file = dataDir.resolve(PROPERTIES_FILE);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            config.store(w, "written by the LatentPatch local stack; rewritten on every start");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Properties read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Kafka config " + file, e);
        }
    }
}
