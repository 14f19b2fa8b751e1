package io.latentpatch.cli;

import io.latentpatch.localstack.LocalInfra;
import io.latentpatch.localstack.LocalInfraMain;
import io.latentpatch.localstack.ServiceStack;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code latentpatch up}: the whole system on this machine, no Docker: Kafka, S3, and the four services. */
@Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Starts a Kafka broker (KRaft), an S3-compatible server and the four services as separate processes,",
                       "prints their URLs and runs until Ctrl-C (clean shutdown; children never outlive it)."})
final class UpCommand implements Callable<Integer> {
    @Option(names = "--data-dir", defaultValue = "var/local-stack", paramLabel = "DIR",
            description = "Persistent Kafka and S3 data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--temporary", description = "Keep no data: temporary directories deleted on exit.")
    boolean temporary;

    @Option(names = "--kafka-port", defaultValue = "" + LocalInfraMain.DEFAULT_KAFKA_PORT, description = "Kafka port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int kafkaPort;

    @Option(names = "--s3-port", defaultValue = "" + LocalInfraMain.DEFAULT_S3_PORT, description = "S3 port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int s3Port;

    @Option(names = "--gateway-port", defaultValue = "8080", description = "Gateway HTTP port (default: ${DEFAULT-VALUE}).")
    int gatewayPort;

    @Mixin
    StackOptions stack;

    @Override
    public Integer call() throws Exception {
        StackOptions.requireBuilt();
        Path home = StackOptions.home();
        Path data = home.resolve(dataDir);
        LocalInfra.Builder infraBuilder = LocalInfra.builder().kafkaPort(kafkaPort).s3Port(s3Port);
        if (!temporary) infraBuilder.dataDir(data);
        System.err.println("latentpatch: starting Kafka and S3" + (temporary ? " (temporary data)" : " (data in " + data + ")") + " ...");
        long start = System.nanoTime();
        LocalInfra infra = infraBuilder.start();
        ServiceStack services;
        try {
            System.err.println("latentpatch: starting api-gateway, encoder-worker, sampler-worker, decoder-worker ...");
            services = stack.services(infra, temporary ? home.resolve("var/logs") : data.resolve("logs"))
                    .port(ServiceStack.Service.API_GATEWAY, gatewayPort).start();
        } catch (RuntimeException e) {
            infra.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("\nlatentpatch: stopping ...");
            services.close();
            infra.close();
            System.err.println("latentpatch: stopped.");
            stopped.countDown();
        }, "latentpatch-up-shutdown"));
        System.out.printf(Locale.ROOT, "LatentPatch is up (%.1f s).%n", (System.nanoTime() - start) / 1e9);
        System.out.println("  gateway        " + services.gatewayUrl() + "   (API /v1, OpenAPI /q/openapi, health /q/health, metrics /q/metrics)");
        for (ServiceStack.Service s : ServiceStack.Service.values()) {
            if (s != ServiceStack.Service.API_GATEWAY) {
                System.out.printf(Locale.ROOT, "  %-14s %s   (log %s)%n", s.module(), services.url(s), services.logFile(s));
            }
        }
        System.out.println("  kafka          " + infra.bootstrapServers());
        System.out.println("  s3             " + infra.s3Endpoint() + "   bucket " + infra.bucket());
        System.out.println("  models         " + stack.modelsDir());
        System.out.println("Try: ./latentpatch submit --gateway " + services.gatewayUrl() + " --sources DIR --count 16 --wait");
        System.out.println("Ctrl-C stops everything.");
        stopped.await();
        return 0;
    }
}
