package io.latentpatch.localstack;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the local infrastructure and keeps it up until Ctrl-C (or SIGTERM), then stops it
 * cleanly. The base of {@code ./latentpatch up}.
 *
 * <pre>
 * LocalInfraMain [--data-dir DIR] [--temporary] [--kafka-port N] [--s3-port N] [--partitions N]
 *   --data-dir DIR   keep Kafka and S3 data under DIR (default var/local-stack)
 *   --temporary      keep nothing: temporary directories, deleted on exit
 *   --kafka-port N   Kafka port (default 9092; 0 = any free port)
 *   --s3-port N      S3 port (default 9000; 0 = any free port)
 *   --partitions N   partitions per topic (default 4)
 * </pre>
 */
public final class LocalInfraMain {

    /** Default Kafka port of {@code up}, the port Kafka clients try by default. */
    public static final int DEFAULT_KAFKA_PORT = 9092;
    /** Default S3 port of {@code up}, MinIO's usual port. */
    public static final int DEFAULT_S3_PORT = 9000;
    /** Default persistent data directory of {@code up}, relative to the working directory. */
    public static final Path DEFAULT_DATA_DIR = Path.of("var", "local-stack");

    private LocalInfraMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalInfra.Builder builder = LocalInfra.builder().kafkaPort(DEFAULT_KAFKA_PORT).s3Port(DEFAULT_S3_PORT);
        Path dataDir = DEFAULT_DATA_DIR;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--data-dir" -> dataDir = Path.of(value(args, ++i));
                    case "--temporary" -> dataDir = null;
                    case "--kafka-port" -> builder.kafkaPort(Integer.parseInt(value(args, ++i)));
                    case "--s3-port" -> builder.s3Port(Integer.parseInt(value(args, ++i)));
                    case "--partitions" -> builder.partitions(Integer.parseInt(value(args, ++i)));
                    case "-h", "--help" -> {
                        usage();
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("local-stack: " + e.getMessage());
            usage();
            System.exit(2);
        }
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }

        System.out.println("Starting Kafka and S3" + (dataDir == null ? " (temporary data)" : " (data in "
                + dataDir.toAbsolutePath() + ")") + " ...");
        LocalInfra infra;
        try {
            infra = builder.start();
        } catch (LocalStackException e) {
            System.err.println("local-stack: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the local stack ...");
            infra.close();
            System.out.println("Stopped.");
            stopped.countDown();
        }, "local-stack-shutdown"));

        System.out.printf(Locale.ROOT, "Local stack up in %.1f s%n", infra.startupTime().toMillis() / 1000.0);
        System.out.printf("  Kafka  %s   (%d partitions per topic; log %s)%n", infra.bootstrapServers(),
                infra.kafka().partitions(), infra.kafka().logFile());
        System.out.printf("  S3     %s   bucket %s, access key %s, secret key %s, region %s (log %s)%n",
                infra.s3Endpoint(), infra.bucket(), infra.accessKey(), infra.secretKey(), infra.region(),
                infra.s3().logFile());
        System.out.println("Configuration:");
        infra.properties().forEach((k, v) -> System.out.println("  " + k + "=" + v));
        System.out.println("Press Ctrl-C to stop.");

        // Stay up; if a server dies on its own, say so and exit non-zero.
        while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
            if (infra.kafka().pid().isPresent() && !ProcessHandle.of(infra.kafka().pid().getAsLong()).map(ProcessHandle::isAlive).orElse(false)) {
                System.err.println("local-stack: Kafka exited unexpectedly; see " + infra.kafka().logFile());
                System.exit(1);
            }
            if (!ProcessHandle.of(infra.s3().pid()).map(ProcessHandle::isAlive).orElse(false)) {
                System.err.println("local-stack: S3Proxy exited unexpectedly; see " + infra.s3().logFile());
                System.exit(1);
            }
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void usage() {
        System.err.println("""
                usage: LocalInfraMain [--data-dir DIR] [--temporary] [--kafka-port N] [--s3-port N] [--partitions N]
                  --data-dir DIR   keep Kafka and S3 data under DIR (default var/local-stack)
                  --temporary      keep nothing: temporary directories, deleted on exit
                  --kafka-port N   Kafka port (default 9092; 0 = any free port)
                  --s3-port N      S3 port (default 9000; 0 = any free port)
                  --partitions N   partitions per topic (default 4)""");
    }
}
