package io.latentpatch.cli;

import io.latentpatch.localstack.ControlServer;
import io.latentpatch.localstack.LocalInfra;
import io.latentpatch.localstack.LocalInfraMain;
import io.latentpatch.localstack.ServiceStack;
import io.latentpatch.localstack.Supervisor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code latentpatch up}: the whole system on this machine, no Docker: Kafka, S3, and the four services. */
@Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Starts a Kafka broker (KRaft), an S3-compatible server and the four services as separate processes",
                       "(--scale: any number of replicas per stage), prints every replica and runs until Ctrl-C (clean shutdown;",
                       "children never outlive it). A replica that dies is restarted with backoff; after too many exits within the",
                       "window its stage is reported FAILING. `latentpatch scale STAGE=N` and `latentpatch status --stack` talk to",
                       "the control endpoint on 127.0.0.1 whose address is written to DATA-DIR/control.json."})
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

    @Option(names = "--gateway-port", description = "Gateway HTTP port (default: 8080, or free with --free-ports; 0 = any free port).")
    Integer gatewayPort;

    @Option(names = "--free-ports", description = "Every service on a free port (the gateway too unless --gateway-port is given).")
    boolean freePorts;

    @Option(names = "--scale", paramLabel = "STAGE=N,...", defaultValue = "",
            description = "Replicas per stage, e.g. encoder=1,sampler=2,decoder=3 (stages gateway, encoder, sampler, decoder; 0..64; default 1 each).")
    String scale;

    @Option(names = "--control-port", defaultValue = "0",
            description = "Port of the control endpoint on 127.0.0.1 (default: any free port; the address goes to DATA-DIR/control.json).")
    int controlPort;

    @Option(names = "--max-restarts", defaultValue = "5",
            description = "Exits of one replica tolerated within --restart-window before its stage is FAILING (default: ${DEFAULT-VALUE}).")
    int maxRestarts;

    @Option(names = "--restart-window", defaultValue = "5m", converter = DurationConverter.class,
            description = "How far back exits count (default: ${DEFAULT-VALUE}); restarts wait 1 s, 2 s, 4 s ... at most 30 s.")
    Duration restartWindow;

    @Option(names = "--open", description = "Run the gateway without API keys (anyone who can reach it may use it).")
    boolean open;

    @Option(names = "--api-key", paramLabel = "KEY", description = "Let this key in instead of generating one"
            + " (default: $LATENTPATCH_API_KEY when set, else a fresh key, printed as 'API key: ...').")
    String apiKey;

    @Mixin
    StackOptions stack;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The tenant of the key {@code up} prints. */
    static final String LOCAL_TENANT = "local";

    @Override
    public Integer call() throws Exception {
        Map<ServiceStack.Service, Integer> replicas = ServiceStack.Service.parseCounts(scale);
        if (open && apiKey != null) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give --open or --api-key, not both");
        String given = GatewayClient.apiKey(apiKey);
        String key = open ? null : given != null ? given : io.latentpatch.contracts.ApiKeys.generate();
        StackOptions.requireBuilt();
        Path home = StackOptions.home();
        Path data = home.resolve(dataDir);
        LocalInfra.Builder infraBuilder = LocalInfra.builder().kafkaPort(kafkaPort).s3Port(s3Port);
        if (!temporary) infraBuilder.dataDir(data);
        System.err.println("latentpatch: starting Kafka and S3" + (temporary ? " (temporary data)" : " (data in " + data + ")") + " ...");
        long start = System.nanoTime();
        LocalInfra infra = infraBuilder.start();
        ServiceStack services;
        ControlServer control;
        try {
            System.err.println("latentpatch: starting api-gateway, encoder-worker, sampler-worker, decoder-worker ...");
            ServiceStack.Builder b = stack.services(infra, temporary ? home.resolve("var/logs") : data.resolve("logs"));
            if (freePorts) b.freePorts();
            if (gatewayPort != null || !freePorts) b.port(ServiceStack.Service.API_GATEWAY, gatewayPort == null ? 8080 : gatewayPort);
            if (open) b.openAccess();
            else b.apiKey(LOCAL_TENANT, key);
            b
                    .supervise(new Supervisor.Policy(true, Duration.ofSeconds(1), Duration.ofSeconds(30), maxRestarts, restartWindow))
                    .onEvent(m -> System.err.println("latentpatch: " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + m));
            replicas.forEach(b::replicas);
            services = b.start();
            control = ControlServer.start(services, controlPort, data.resolve(ControlServer.FILE));
        } catch (RuntimeException e) {
            infra.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("\nlatentpatch: stopping ...");
            control.close();
            services.close();
            infra.close();
            System.err.println("latentpatch: stopped.");
            stopped.countDown();
        }, "latentpatch-up-shutdown"));
        System.out.printf(Locale.ROOT, "LatentPatch is up (%.1f s).%n", (System.nanoTime() - start) / 1e9);
        for (Supervisor.ReplicaStatus r : services.status()) {
            System.out.printf(Locale.ROOT, "  %-16s %s   pid %-7d log %s%s%n", r.service().module() + "#" + r.index(),
                    services.url(r.service(), r.index()), r.pid(), services.logFile(r.service(), r.index()),
                    r.service() == ServiceStack.Service.API_GATEWAY ? "   (API /v1, OpenAPI /q/openapi, health /q/health, metrics /q/metrics)" : "");
        }
        System.out.println("  kafka          " + infra.bootstrapServers());
        System.out.println("  s3             " + infra.s3Endpoint() + "   bucket " + infra.bucket());
        System.out.println("  models         " + stack.modelsDir());
        System.out.println("  control        " + control.url() + "   (written to " + data.resolve(ControlServer.FILE) + ")");
        if (open) {
            System.out.println("API access: open (--open): no key needed; anyone who can reach " + services.gatewayUrl() + " may use it.");
        } else {
            System.out.println("API key: " + key);
            System.out.println("  (tenant '" + LOCAL_TENANT + "'; send it as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>';"
                    + " the CLI reads --api-key or " + GatewayClient.API_KEY_ENV + ", the web page asks for it once)");
        }
        if (replicas.getOrDefault(ServiceStack.Service.API_GATEWAY, 1) > 0) System.out.println("Try: " + (open ? "" : "export "
                + GatewayClient.API_KEY_ENV + "=" + key + "; ") + "./latentpatch submit --gateway " + services.gatewayUrl()
                + " --sources DIR --count 16 --wait");
        System.out.println("Scale: ./latentpatch scale decoder=3 ; watch: ./latentpatch status --stack");
        System.out.println("Ctrl-C stops everything.");
        stopped.await();
        return 0;
    }

    /** Parses {@code 90s}, {@code 5m}, {@code 1h} or an ISO-8601 duration. */
    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            try {
                if (v.startsWith("p")) return Duration.parse(v.toUpperCase(Locale.ROOT));
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                return switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> throw new IllegalArgumentException();
                };
            } catch (RuntimeException e) {
                throw new picocli.CommandLine.TypeConversionException("expected a duration such as 90s, 5m or 1h, got '" + value + "'");
            }
        }
    }
}
