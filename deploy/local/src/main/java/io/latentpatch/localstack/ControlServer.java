package io.latentpatch.localstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.latentpatch.contracts.ConsumerGroups;
import io.latentpatch.localstack.ServiceStack.Service;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The control endpoint of {@code latentpatch up}, on loopback only (no authentication: anyone who can reach
 * 127.0.0.1 on this machine can scale the stack):
 * <ul>
 *   <li>{@code GET /v1/stack}: every replica (state, pid, port, restarts, last exit, log) and per stage the
 *       wanted and ready replicas, whether it is failing, and its consumer group's members and lag;</li>
 *   <li>{@code POST /v1/scale?stage=decoder&replicas=3}: sets a stage's replica count (removed replicas are
 *       stopped gracefully before the answer), then answers like {@code GET /v1/stack}.</li>
 * </ul>
 * Its address is written to {@code control.json} ({@code {"url": ..., "pid": ...}}) in the stack's data
 * directory, where {@code latentpatch scale} and {@code latentpatch status --stack} find it; the file is removed
 * on close.
 */
public final class ControlServer implements AutoCloseable {
    /** The file name of the address file in the data directory. */
    public static final String FILE = "control.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServiceStack stack;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Admin admin;
    private final Path file;

    private ControlServer(ServiceStack stack, HttpServer server, ExecutorService executor, Admin admin, Path file) {
        this.stack = stack;
        this.server = server;
        this.executor = executor;
        this.admin = admin;
        this.file = file;
    }

    /** Serves {@code stack} on 127.0.0.1:{@code port} (0 = a free port) and writes its address to {@code file}. */
    public static ControlServer start(ServiceStack stack, int port, Path file) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
            ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "stack-control");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.infra().bootstrapServers());
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
            ControlServer c = new ControlServer(stack, server, executor, Admin.create(p), file);
            server.createContext("/v1/stack", c::stackHandler);
            server.createContext("/v1/scale", c::scaleHandler);
            server.start();
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "control", ".tmp");
            ObjectNode doc = JSON.createObjectNode().put("url", c.url()).put("pid", ProcessHandle.current().pid());
            Files.writeString(tmp, doc.toPrettyString() + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return c;
        } catch (IOException e) {
            throw new LocalStackException("cannot start the control endpoint on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The stack document served at {@code GET /v1/stack}. */
    public ObjectNode document() {
        ObjectNode doc = JSON.createObjectNode();
        ArrayNode replicas = doc.putArray("replicas");
        Map<Service, int[]> counts = new HashMap<>();
        for (Supervisor.ReplicaStatus r : stack.status()) {
            ObjectNode n = replicas.addObject();
            n.put("stage", r.service().stage()).put("module", r.service().module()).put("index", r.index())
                    .put("pid", r.pid()).put("state", r.state().name()).put("url", stack.url(r.service(), r.index()))
                    .put("restarts", r.restarts()).put("log", stack.logFile(r.service(), r.index()).toString());
            if (r.lastExitCode() != null) n.put("lastExitCode", r.lastExitCode()).put("lastExitAt", r.lastExitAt().toString());
            if (r.restartAt() != null) n.put("restartAt", r.restartAt().toString());
            int[] c = counts.computeIfAbsent(r.service(), s -> new int[3]);
            c[0]++;
            if (r.state() == Supervisor.State.RUNNING) c[1]++;
            c[2] += r.restarts();
        }
        ArrayNode stages = doc.putArray("stages");
        for (Service s : Service.values()) {
            int[] c = counts.getOrDefault(s, new int[3]);
            ObjectNode n = stages.addObject().put("stage", s.stage()).put("module", s.module()).put("replicas", c[0])
                    .put("ready", c[1]).put("restarts", c[2]).put("failing", stack.failing(s));
            ConsumerGroups.Group g = groupOf(s);
            ObjectNode consumer = n.putObject("consumer").put("group", g.groupId()).put("topic", g.topic());
            try {
                StageLag lag = StageLag.read(admin, g, Duration.ofSeconds(3));
                consumer.put("members", lag.members()).put("lag", lag.lag());
            } catch (LocalStackException e) {
                consumer.put("error", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                consumer.put("error", "interrupted");
            }
        }
        return doc;
    }

    /** The consumer group a service's replicas join. */
    public static ConsumerGroups.Group groupOf(Service s) {
        return switch (s) {
            case API_GATEWAY -> ConsumerGroups.EVENTS;
            case ENCODER_WORKER -> ConsumerGroups.ENCODE;
            case SAMPLER_WORKER -> ConsumerGroups.SAMPLE;
            case DECODER_WORKER -> ConsumerGroups.DECODE;
        };
    }

    private void stackHandler(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod())) {
                problem(ex, 405, "use GET " + ex.getRequestURI().getPath());
                return;
            }
            send(ex, 200, document());
        }
    }

    private void scaleHandler(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                problem(ex, 405, "use POST /v1/scale?stage=STAGE&replicas=N");
                return;
            }
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            String stage = q.get("stage");
            String replicas = q.get("replicas");
            if (stage == null || replicas == null) {
                problem(ex, 400, "expected ?stage=gateway|encoder|sampler|decoder&replicas=N");
                return;
            }
            Map<Service, Integer> counts;
            try {
                counts = Service.parseCounts(stage + "=" + replicas);
            } catch (IllegalArgumentException e) {
                problem(ex, 400, e.getMessage());
                return;
            }
            counts.forEach(stack::scale);
            send(ex, 200, document());
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void problem(HttpExchange ex, int status, String detail) throws IOException {
        ObjectNode p = JSON.createObjectNode().put("type", "urn:latentpatch:problem:stack-control").put("title", "bad request")
                .put("status", status).put("detail", detail);
        ex.getResponseHeaders().set("Content-Type", "application/problem+json");
        byte[] body = p.toString().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    private static void send(HttpExchange ex, int status, ObjectNode doc) throws IOException {
        byte[] body = doc.toPrettyString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        admin.close(Duration.ofSeconds(2));
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A stale file names a dead pid; the CLI says so.
        }
    }
}
