package io.latentpatch.localstack;

import kafka.server.KafkaRaftServer;

import java.nio.file.Path;

/**
 * Main of the Kafka child JVM: {@code KafkaServerMain <server.properties>}. Formats the log
 * directory if needed, starts the node and runs until SIGTERM (clean shutdown through a shutdown
 * hook). Started by {@link KafkaBroker} through {@link ParentWatchdogMain}.
 */
public final class KafkaServerMain {

    private KafkaServerMain() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: KafkaServerMain <server.properties>");
            System.exit(2);
        }
        long t0 = System.nanoTime();
        KafkaRaftServer server = KafkaNode.start(Path.of(args[0]));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("[local-stack] stopping Kafka");
            KafkaNode.stop(server);
            System.out.println("[local-stack] Kafka stopped");
        }, "kafka-shutdown"));
        System.out.println("[local-stack] Kafka node started in " + Ports.since(t0).toMillis() + " ms");
        server.awaitShutdown();
    }
}
