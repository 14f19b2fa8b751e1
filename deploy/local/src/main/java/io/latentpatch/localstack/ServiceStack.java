package io.latentpatch.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The four LatentPatch services as separate child JVMs (each its own process, as operators would run
 * them), wired to a {@link LocalInfra}. Each child runs its built Quarkus app
 * ({@code <module>/target/quarkus-app/quarkus-run.jar}) under {@link ParentWatchdogMain}, so none
 * outlives the launcher; {@link #start()} returns once every service reports ready on
 * {@code /q/health/ready}.
 */
public final class ServiceStack implements AutoCloseable {

    /** The services, with their module directory and default HTTP port. */
    public enum Service {
        API_GATEWAY("api-gateway", 8080),
        ENCODER_WORKER("encoder-worker", 8081),
        SAMPLER_WORKER("sampler-worker", 8082),
        DECODER_WORKER("decoder-worker", 8083);

        private final String module;
        private final int defaultPort;

        Service(String module, int defaultPort) {
            this.module = module;
            this.defaultPort = defaultPort;
        }

        public String module() { return module; }

        public int defaultPort() { return defaultPort; }
    }

    private static final String QUARKUS_MAIN = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";

    private final Path repoRoot;
    private final LocalInfra infra;
    private final Path logDir;
    private final Path modelsDir;
    private final Map<Service, Integer> ports;
    private final Map<String, String> extraProperties;
    private final Duration readyTimeout;
    private final Map<Service, JavaProcess> running = new EnumMap<>(Service.class);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServiceStack(Builder b) {
        this.repoRoot = b.repoRoot;
        this.infra = b.infra;
        this.logDir = b.logDir;
        this.modelsDir = b.modelsDir;
        this.ports = new EnumMap<>(b.ports);
        this.extraProperties = new LinkedHashMap<>(b.extraProperties);
        this.readyTimeout = b.readyTimeout;
    }

    public static Builder builder(Path repoRoot, LocalInfra infra) {
        return new Builder(repoRoot, infra);
    }

    /** The built app of {@code s} under {@code repoRoot}. */
    public static Path appJar(Path repoRoot, Service s) {
        return repoRoot.resolve(s.module()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Starts every service not yet running (in parallel) and waits until all are ready. */
    public ServiceStack start() {
        for (Service s : Service.values()) {
            if (!running.containsKey(s)) running.put(s, launch(s));
        }
        for (Service s : Service.values()) awaitReady(s);
        return this;
    }

    /** Starts one service (after {@link #stop(Service)}) and waits until it is ready. */
    public void start(Service s) {
        if (running.containsKey(s)) return;
        running.put(s, launch(s));
        awaitReady(s);
    }

    /** Stops one service: SIGTERM, then SIGKILL after the grace period. */
    public void stop(Service s) {
        JavaProcess p = running.remove(s);
        if (p != null) p.stop(Duration.ofSeconds(15));
    }

    /** Kills one service at once (SIGKILL), as a crash would. */
    public void kill(Service s) {
        JavaProcess p = running.remove(s);
        if (p != null) p.stop(Duration.ZERO);
    }

    public boolean isRunning(Service s) {
        JavaProcess p = running.get(s);
        return p != null && p.isAlive();
    }

    public String url(Service s) {
        return "http://127.0.0.1:" + ports.get(s);
    }

    public String gatewayUrl() {
        return url(Service.API_GATEWAY);
    }

    public Path logFile(Service s) {
        return logDir.resolve(s.module() + ".log");
    }

    @Override
    public void close() {
        // Gateway first so no new work arrives, then the stages in pipeline order.
        for (Service s : Service.values()) stop(s);
    }

    private JavaProcess launch(Service s) {
        Path jar = appJar(repoRoot, s);
        if (!Files.isRegularFile(jar)) {
            throw new LocalStackException(s.module() + " is not built (" + jar + " is missing); run ./mvnw -B -q install -DskipTests");
        }
        JavaProcess.Builder b = JavaProcess.builder(s.module())
                .classpath(List.of(jar))
                .mainClass(QUARKUS_MAIN)
                .jvmArgs(List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                        "-Xmx" + (s == Service.API_GATEWAY || s == Service.SAMPLER_WORKER ? "1g" : "2g"),
                        "-XX:+UseParallelGC"))
                .systemProperty("quarkus.http.port", Integer.toString(ports.get(s)))
                .systemProperty("quarkus.http.host", "127.0.0.1")
                .workingDirectory(repoRoot)
                .logFile(logFile(s));
        // Only the workers open models; the gateway validates jobs against the registry they publish to the store.
        if (s != Service.API_GATEWAY) b.systemProperty("latentpatch.models.dir", modelsDir.toString());
        infra.properties().forEach(b::systemProperty);
        extraProperties.forEach((k, v) -> {
            Service target = targetOf(k);
            if (target == null) b.systemProperty(k, v);
            else if (target == s) b.systemProperty(k.substring(s.module().length() + 1), v);
        });
        return b.start();
    }

    /** The service a {@code <module>.key} property is meant for, or null for every service. */
    private static Service targetOf(String key) {
        for (Service s : Service.values()) {
            if (key.startsWith(s.module() + ".")) return s;
        }
        return null;
    }

    private void awaitReady(Service s) {
        JavaProcess p = running.get(s);
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        URI ready = URI.create(url(s) + "/q/health/ready");
        while (System.nanoTime() < deadline) {
            p.requireAlive("starting " + s.module());
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalStackException("interrupted while waiting for " + s.module());
            }
            sleep(250);
        }
        throw new LocalStackException(String.format(Locale.ROOT, "%s not ready after %d s; last log lines:%n%s",
                s.module(), readyTimeout.toSeconds(), p.logTail(30)));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted");
        }
    }

    /** Builds a {@link ServiceStack}. */
    public static final class Builder {
        private final Path repoRoot;
        private final LocalInfra infra;
        private Path logDir;
        private Path modelsDir;
        private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
        private final Map<String, String> extraProperties = new LinkedHashMap<>();
        private Duration readyTimeout = Duration.ofSeconds(120);

        private Builder(Path repoRoot, LocalInfra infra) {
            this.repoRoot = Objects.requireNonNull(repoRoot, "repoRoot").toAbsolutePath().normalize();
            this.infra = Objects.requireNonNull(infra, "infra");
            this.logDir = this.repoRoot.resolve("var/logs");
            this.modelsDir = this.repoRoot.resolveSibling("shared").resolve("models");
            for (Service s : Service.values()) ports.put(s, s.defaultPort());
        }

        /** Where each service writes {@code <module>.log}; default {@code var/logs}. */
        public Builder logDir(Path dir) { this.logDir = dir.toAbsolutePath(); return this; }

        /** Directory of ONNX model subdirectories; default {@code ../shared/models} beside the repository. */
        public Builder modelsDir(Path dir) { this.modelsDir = dir.toAbsolutePath(); return this; }

        /** HTTP port of one service (0 = pick a free one now). */
        public Builder port(Service s, int port) {
            ports.put(s, port == 0 ? Ports.freePort() : port);
            return this;
        }

        /** Every service on a free port (tests). */
        public Builder freePorts() {
            for (Service s : Service.values()) port(s, 0);
            return this;
        }

        /** A configuration property for every service, or for one with a {@code <module>.} prefix. */
        public Builder property(String key, String value) { extraProperties.put(key, value); return this; }

        public Builder readyTimeout(Duration timeout) { this.readyTimeout = timeout; return this; }

        public ServiceStack build() { return new ServiceStack(this); }

        /** Builds and {@link ServiceStack#start() starts}. */
        public ServiceStack start() {
            ServiceStack stack = build();
            try {
                return stack.start();
            } catch (RuntimeException e) {
                stack.close();
                throw e;
            }
        }
    }

    /** The modules whose apps must be built, for messages. */
    public static List<String> modules() {
        List<String> out = new ArrayList<>();
        for (Service s : Service.values()) out.add(s.module());
        return out;
    }
}
