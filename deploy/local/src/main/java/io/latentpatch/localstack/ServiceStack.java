package io.latentpatch.localstack;

import io.latentpatch.contracts.ConsumerGroups;
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
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The four LatentPatch services as separate child JVMs (each replica its own process, port and log file, as
 * operators would run them), wired to a {@link LocalInfra} and kept running by a {@link Supervisor}. Each child
 * runs its built Quarkus app ({@code <module>/target/quarkus-app/quarkus-run.jar}) under
 * {@link ParentWatchdogMain}, so none outlives the launcher; {@link #start()} returns once every replica reports
 * ready on {@code /q/health/ready}.
 *
 * <p>Replica 0 of a service listens on the builder's port (default 8080..8083) and logs to
 * {@code <module>.log}; replica {@code i > 0} gets a free port and {@code <module>-<i>.log}. Without
 * {@link Builder#supervise(Supervisor.Policy)} an exited replica stays down (tests crash services on purpose).
 */
public final class ServiceStack implements AutoCloseable {

    /** The services, with their module directory, default HTTP port and short stage name. */
    public enum Service {
        API_GATEWAY("api-gateway", 8080, "gateway"),
        ENCODER_WORKER("encoder-worker", 8081, "encoder"),
        SAMPLER_WORKER("sampler-worker", 8082, "sampler"),
        DECODER_WORKER("decoder-worker", 8083, "decoder");

        private final String module;
        private final int defaultPort;
        private final String stage;

        Service(String module, int defaultPort, String stage) {
            this.module = module;
            this.defaultPort = defaultPort;
            this.stage = stage;
        }

        public String module() { return module; }

        public int defaultPort() { return defaultPort; }

        /** {@code gateway}, {@code encoder}, {@code sampler} or {@code decoder}: the name operators type. */
        public String stage() { return stage; }

        /** The service named by its stage ({@code decoder}) or module ({@code decoder-worker}). */
        public static Service named(String name) {
            for (Service s : values()) {
                if (s.stage.equalsIgnoreCase(name) || s.module.equalsIgnoreCase(name)) return s;
            }
            throw new IllegalArgumentException("unknown stage '" + name + "'; one of gateway, encoder, sampler, decoder");
        }

        /** Parses {@code encoder=1,sampler=2,decoder=3}: replica counts (0..64) per named service. */
        public static Map<Service, Integer> parseCounts(String spec) {
            Map<Service, Integer> counts = new EnumMap<>(Service.class);
            for (String part : spec.split(",")) {
                String p = part.strip();
                if (p.isEmpty()) continue;
                int eq = p.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("expected STAGE=N (e.g. decoder=3), got '" + p + "'");
                Service s = named(p.substring(0, eq).strip());
                int n;
                try {
                    n = Integer.parseInt(p.substring(eq + 1).strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("replicas of " + s.stage + " must be a number, got '" + p.substring(eq + 1) + "'");
                }
                if (n < 0 || n > MAX_REPLICAS) {
                    throw new IllegalArgumentException("replicas of " + s.stage + " must be 0.." + MAX_REPLICAS + ", got " + n);
                }
                counts.put(s, n);
            }
            return counts;
        }
    }

    /** Most replicas of one service this launcher starts. */
    public static final int MAX_REPLICAS = 64;

    private static final String AUTH_KEYS = "api-gateway.latentpatch.auth.keys";
    private static final String QUARKUS_MAIN = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final Path repoRoot;
    private final LocalInfra infra;
    private final Path logDir;
    private final Path modelsDir;
    private final Map<Service, Integer> ports;
    private final Map<Service, Integer> replicaCounts;
    private final Map<String, Integer> replicaPorts = new ConcurrentHashMap<>();
    private final Map<String, String> extraProperties;
    private final Duration readyTimeout;
    private final Supervisor supervisor;
    private final ScheduledExecutorService ticker;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private ServiceStack(Builder b) {
        this.repoRoot = b.repoRoot;
        this.infra = b.infra;
        this.logDir = b.logDir;
        this.modelsDir = b.modelsDir;
        this.ports = new EnumMap<>(b.ports);
        this.replicaCounts = new EnumMap<>(b.replicas);
        this.extraProperties = new LinkedHashMap<>(b.extraProperties);
        this.readyTimeout = b.readyTimeout;
        this.supervisor = new Supervisor(this::launchChild, InstantSource.system(), b.policy, b.events);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "service-stack-supervisor");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tickQuietly, 250, 250, TimeUnit.MILLISECONDS);
    }

    public static Builder builder(Path repoRoot, LocalInfra infra) {
        return new Builder(repoRoot, infra);
    }

    /** The built app of {@code s} under {@code repoRoot}. */
    public static Path appJar(Path repoRoot, Service s) {
        return repoRoot.resolve(s.module()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /**
     * Starts the builder's replicas of every service (in parallel) and waits until all are ready and every
     * consumer group has all its replicas as members with partitions handed out (group STABLE), so the first
     * job after this returns does not wait for a group to form.
     */
    public ServiceStack start() {
        for (Service s : Service.values()) {
            if (supervisor.replicas(s) == 0) stopAll(supervisor.scale(s, replicaCounts.get(s)));
        }
        for (Service s : Service.values()) awaitReady(s);
        awaitConsumerGroups();
        return this;
    }

    /** The consumer group each service's replicas join (one member per replica). */
    static final Map<Service, ConsumerGroups.Group> GROUPS = Map.of(
            Service.API_GATEWAY, ConsumerGroups.EVENTS, Service.ENCODER_WORKER, ConsumerGroups.ENCODE,
            Service.SAMPLER_WORKER, ConsumerGroups.SAMPLE, Service.DECODER_WORKER, ConsumerGroups.DECODE);

    /** Waits (within the ready timeout) until every group with replicas is STABLE with one member per replica. */
    private void awaitConsumerGroups() {
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (Service s : Service.values()) {
            int n = supervisor.replicas(s);
            if (n > 0) expected.put(GROUPS.get(s).groupId(), n);
        }
        if (expected.isEmpty()) return;
        java.util.Properties p = new java.util.Properties();
        p.put(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        String last = "";
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            while (System.nanoTime() < deadline) {
                try {
                    Map<String, org.apache.kafka.clients.admin.ConsumerGroupDescription> groups =
                            admin.describeConsumerGroups(List.copyOf(expected.keySet())).all().get(5, TimeUnit.SECONDS);
                    List<String> waiting = new ArrayList<>();
                    for (Map.Entry<String, Integer> e : expected.entrySet()) {
                        var d = groups.get(e.getKey());
                        int members = d == null ? 0 : d.members().size();
                        if (d == null || d.groupState() != org.apache.kafka.common.GroupState.STABLE || members != e.getValue()) {
                            waiting.add(e.getKey() + " (" + (d == null ? "absent" : d.groupState()) + ", " + members + "/" + e.getValue() + " members)");
                        }
                    }
                    if (waiting.isEmpty()) return;
                    last = String.join(", ", waiting);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    last = e.getMessage();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LocalStackException("interrupted");
                }
                sleep(200);
            }
        }
        throw new LocalStackException("consumer groups not formed after " + readyTimeout.toSeconds() + " s: " + last);
    }

    /** Starts a service again (after {@link #stop(Service)} or {@link #kill(Service)}) and waits until it is ready. */
    public void start(Service s) {
        if (supervisor.replicas(s) == 0) supervisor.scale(s, Math.max(1, replicaCounts.get(s)));
        else supervisor.revive(s);
        awaitReady(s);
    }

    /** Stops every replica of one service: SIGTERM (Quarkus shuts down gracefully), then SIGKILL after 15 s. */
    public void stop(Service s) {
        stopAll(supervisor.scale(s, 0));
    }

    /**
     * Changes the number of replicas of {@code s}: new ones are started (this returns at once; {@link #status()}
     * shows when they are ready), removed ones (the highest indices) are stopped gracefully before this returns,
     * so their partitions move to the others and their unacknowledged messages are redelivered.
     */
    public void scale(Service s, int replicas) {
        if (replicas > MAX_REPLICAS) throw new IllegalArgumentException("at most " + MAX_REPLICAS + " replicas of " + s.stage());
        stopAll(supervisor.scale(s, replicas));
    }

    /** Kills every replica of one service at once (SIGKILL), as a crash would; a supervised stack restarts them. */
    public void kill(Service s) {
        for (Supervisor.Child c : supervisor.children(s)) c.stop(Duration.ZERO);
    }

    /** Kills replica {@code index} of {@code s} (SIGKILL); returns its pid. */
    public long kill(Service s, int index) {
        Supervisor.Child c = supervisor.child(s, index);
        if (c == null) throw new IllegalArgumentException(s.module() + " has no replica " + index);
        c.stop(Duration.ZERO);
        return c.pid();
    }

    /**
     * Freezes replica {@code index} of {@code s} (SIGSTOP), as a long GC pause or a hung host would: it neither works
     * nor heartbeats, so the broker moves its partitions away once the session times out. Returns its pid.
     */
    public long suspend(Service s, int index) {
        return signal(s, index, "STOP");
    }

    /** Lets a {@link #suspend suspended} replica run on (SIGCONT): it resumes what it was doing, as a zombie would. */
    public long resume(Service s, int index) {
        return signal(s, index, "CONT");
    }

    private long signal(Service s, int index, String signal) {
        Supervisor.Child c = supervisor.child(s, index);
        if (c == null) throw new IllegalArgumentException(s.module() + " has no replica " + index);
        long pid = c.pid();
        try {
            // The JDK sends only TERM and KILL; kill(1) is POSIX and on every machine that runs the stack.
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            String out = new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            if (kill.waitFor() != 0) throw new LocalStackException("kill -" + signal + " " + pid + " failed: " + out);
        } catch (java.io.IOException e) {
            throw new LocalStackException("cannot send SIG" + signal + " to " + c + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted sending SIG" + signal + " to " + c, e);
        }
        return pid;
    }

    /** True while some replica of {@code s} runs. */
    public boolean isRunning(Service s) {
        return supervisor.children(s).stream().anyMatch(Supervisor.Child::isAlive);
    }

    /** Every replica with its state and restarts. */
    public List<Supervisor.ReplicaStatus> status() {
        return supervisor.status();
    }

    /** True when a replica of {@code s} exited too often and is no longer restarted. */
    public boolean failing(Service s) {
        return supervisor.failing(s);
    }

    /** Replica 0's URL. */
    public String url(Service s) {
        return url(s, 0);
    }

    public String url(Service s, int index) {
        return "http://127.0.0.1:" + port(s, index);
    }

    public String gatewayUrl() {
        return url(Service.API_GATEWAY);
    }

    /** Replica 0's log. */
    public Path logFile(Service s) {
        return logFile(s, 0);
    }

    /** {@code <module>.log} for replica 0, {@code <module>-<index>.log} for the others. */
    public Path logFile(Service s, int index) {
        return logDir.resolve(index == 0 ? s.module() + ".log" : s.module() + "-" + index + ".log");
    }

    /** The HTTP port of replica {@code index}: the builder's for 0, a free one (kept across restarts) for the others. */
    public int port(Service s, int index) {
        if (index == 0) return ports.get(s);
        return replicaPorts.computeIfAbsent(s.module() + "#" + index, k -> Ports.freePort());
    }

    /** The broker and store this stack runs on. */
    public LocalInfra infra() {
        return infra;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        // Every replica at once, each gracefully (SIGTERM, then SIGKILL after the grace period).
        List<Supervisor.Child> all = supervisor.close();
        stopAll(all);
    }

    private void stopAll(List<Supervisor.Child> children) {
        if (children.isEmpty()) return;
        List<Thread> stopping = new ArrayList<>();
        for (Supervisor.Child c : children) stopping.add(Thread.ofPlatform().daemon().start(() -> c.stop(STOP_GRACE)));
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void tickQuietly() {
        try {
            supervisor.tick();
        } catch (RuntimeException e) {
            System.err.println("latentpatch: supervisor: " + e);
        }
    }

    private Supervisor.Child launchChild(Service s, int index) {
        JavaProcess p = launch(s, index);
        URI ready = URI.create(url(s, index) + "/q/health/ready");
        return new Supervisor.Child() {
            @Override public long pid() { return p.pid(); }

            @Override public boolean isAlive() { return p.isAlive(); }

            @Override public int exitCode() { return p.exitCode(); }

            @Override public boolean ready() { return probe(ready); }

            @Override public void stop(Duration grace) {
                if (grace.isZero()) p.kill();
                else p.stop(grace);
            }

            @Override public String toString() { return p.name() + " pid " + p.pid(); }
        };
    }

    private boolean probe(URI ready) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofMillis(800)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private JavaProcess launch(Service s, int index) {
        Path jar = appJar(repoRoot, s);
        if (!Files.isRegularFile(jar)) {
            throw new LocalStackException(s.module() + " is not built (" + jar + " is missing); run ./mvnw -B -q install -DskipTests");
        }
        JavaProcess.Builder b = JavaProcess.builder(Supervisor.name(s, index))
                .classpath(List.of(jar))
                .mainClass(QUARKUS_MAIN)
                // --add-opens: jboss-threads resets thread locals of pooled threads (Java 24+ refuses it otherwise).
                .jvmArgs(List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                        "-Xmx" + (s == Service.API_GATEWAY || s == Service.SAMPLER_WORKER ? "1g" : "2g"),
                        "-XX:+UseParallelGC"))
                .systemProperty("quarkus.http.port", Integer.toString(port(s, index)))
                .systemProperty("quarkus.http.host", "127.0.0.1")
                // The replica's name in events, logs and traces: module#index.
                .systemProperty("quarkus.otel.resource.attributes", "service.instance.id=" + Supervisor.name(s, index))
                .workingDirectory(repoRoot)
                .logFile(logFile(s, index));
        // Only the workers open models; the gateway validates jobs against the registry they publish to the store.
        if (s != Service.API_GATEWAY) b.systemProperty("latentpatch.models.dir", modelsDir.toString());
        // The gateway's work is HTTP, JSON and Kafka glue: C2 compiling it costs more CPU on a small machine than it
        // saves within a job (docs/benchmarks.md); the workers' kernels need C2.
        if (s == Service.API_GATEWAY) b.jvmArgs(List.of("-XX:TieredStopAtLevel=1"));
        // The gateway checks header values itself and answers with problem+json (HttpLayerProblems).
        if (s == Service.API_GATEWAY) b.systemProperty("vertx.disableHttpHeadersValidation", "true");
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

    /** Waits until every replica of {@code s} is ready; fails with the log tail of one that exited or failed. */
    private void awaitReady(Service s) {
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean allReady = true;
            for (Supervisor.ReplicaStatus r : supervisor.status()) {
                if (r.service() != s) continue;
                if (r.state() == Supervisor.State.FAILED || r.state() == Supervisor.State.EXITED) {
                    throw new LocalStackException(String.format(Locale.ROOT, "%s exited with code %s while starting; last lines of %s:%n%s",
                            Supervisor.name(s, r.index()), r.lastExitCode(), logFile(s, r.index()), tail(s, r.index())));
                }
                allReady &= r.state() == Supervisor.State.RUNNING;
            }
            if (allReady) return;
            sleep(200);
        }
        throw new LocalStackException(String.format(Locale.ROOT, "%s not ready after %d s; last log lines:%n%s",
                s.module(), readyTimeout.toSeconds(), tail(s, 0)));
    }

    private String tail(Service s, int index) {
        return JavaProcess.logTail(logFile(s, index), 30);
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
        private final Map<Service, Integer> replicas = new EnumMap<>(Service.class);
        private Supervisor.Policy policy = Supervisor.Policy.none();
        private java.util.function.Consumer<String> events = m -> { };

        private Builder(Path repoRoot, LocalInfra infra) {
            this.repoRoot = Objects.requireNonNull(repoRoot, "repoRoot").toAbsolutePath().normalize();
            this.infra = Objects.requireNonNull(infra, "infra");
            this.logDir = this.repoRoot.resolve("var/logs");
            this.modelsDir = this.repoRoot.resolveSibling("shared").resolve("models");
            for (Service s : Service.values()) {
                ports.put(s, s.defaultPort());
                replicas.put(s, 1);
            }
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

        /**
         * Lets {@code key} in as tenant {@code tenant}: the gateway gets only the key's SHA-256
         * ({@code latentpatch.auth.keys}). Call once per key; without any key and without {@link #openAccess()} the
         * gateway refuses to start.
         */
        public Builder apiKey(String tenant, String key) {
            String entry = io.latentpatch.contracts.ApiKeys.configEntry(tenant, key);
            extraProperties.merge(AUTH_KEYS, entry, (a, b) -> a + "," + b);
            return this;
        }

        /** Runs the gateway without authentication (one tenant, {@code default}): {@code latentpatch.auth.mode=open}. */
        public Builder openAccess() {
            extraProperties.put(Service.API_GATEWAY.module() + ".latentpatch.auth.mode", "open");
            return this;
        }

        /** A configuration property for every service, or for one with a {@code <module>.} prefix. */
        public Builder property(String key, String value) { extraProperties.put(key, value); return this; }

        public Builder readyTimeout(Duration timeout) { this.readyTimeout = timeout; return this; }

        /** Replicas of {@code s} that {@link ServiceStack#start()} starts (default 1; 0..{@value ServiceStack#MAX_REPLICAS}). */
        public Builder replicas(Service s, int n) {
            if (n < 0 || n > MAX_REPLICAS) throw new IllegalArgumentException("replicas of " + s.stage() + " must be 0.." + MAX_REPLICAS);
            replicas.put(s, n);
            return this;
        }

        /** Restart exited replicas under {@code policy} (default {@link Supervisor.Policy#none()}: they stay down). */
        public Builder supervise(Supervisor.Policy policy) { this.policy = Objects.requireNonNull(policy); return this; }

        /** Where the supervisor reports starts, exits, restarts and failures (one line each). */
        public Builder onEvent(java.util.function.Consumer<String> sink) { this.events = Objects.requireNonNull(sink); return this; }

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
