package io.latentpatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentpatch.localstack.ControlServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** A client of {@code latentpatch up}'s control endpoint ({@link ControlServer}), for {@code scale} and {@code status --stack}. */
final class StackControl {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    StackControl(String url) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** {@code control} when given, else the URL in {@code DATA-DIR/control.json} written by a running {@code up}. */
    static StackControl locate(String control, Path dataDir) throws IOException {
        if (control != null) return new StackControl(control);
        Path file = StackOptions.home().resolve(dataDir).resolve(ControlServer.FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no running stack: " + file + " is missing (start one with ./latentpatch up, or pass --control URL)");
        }
        return new StackControl(JSON.readTree(file.toFile()).path("url").asText());
    }

    JsonNode stack() throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url + "/v1/stack")).GET());
    }

    JsonNode scale(String stage, int replicas) throws IOException, InterruptedException {
        String q = "stage=" + URLEncoder.encode(stage, StandardCharsets.UTF_8) + "&replicas=" + replicas;
        return send(HttpRequest.newBuilder(URI.create(url + "/v1/scale?" + q)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r;
        try {
            r = http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IllegalArgumentException("the stack's control endpoint " + url + " does not answer (is ./latentpatch up running?)");
        }
        JsonNode body = JSON.readTree(r.body());
        if (r.statusCode() != 200) throw new IllegalArgumentException(body.path("detail").asText(r.body()));
        return body;
    }

    /** Stages (replicas, ready, restarts, failing, consumer members and lag), then every replica. */
    static void print(JsonNode doc, PrintStream out) {
        out.printf(Locale.ROOT, "%-8s %8s %5s %8s %-8s %-28s %7s %7s%n", "stage", "replicas", "ready", "restarts", "failing",
                "consumer group", "members", "lag");
        for (JsonNode s : doc.path("stages")) {
            JsonNode c = s.path("consumer");
            out.printf(Locale.ROOT, "%-8s %8d %5d %8d %-8s %-28s %7s %7s%n", s.path("stage").asText(), s.path("replicas").asInt(),
                    s.path("ready").asInt(), s.path("restarts").asInt(), s.path("failing").asBoolean() ? "FAILING" : "no",
                    c.path("group").asText(), c.has("members") ? c.path("members").asText() : "?", c.has("lag") ? c.path("lag").asText() : "?");
        }
        out.println();
        out.printf(Locale.ROOT, "%-18s %-9s %8s %8s %-10s %-24s %s%n", "replica", "state", "pid", "restarts", "last exit", "url", "log");
        for (JsonNode r : doc.path("replicas")) {
            out.printf(Locale.ROOT, "%-18s %-9s %8d %8d %-10s %-24s %s%n", r.path("module").asText() + "#" + r.path("index").asInt(),
                    r.path("state").asText(), r.path("pid").asLong(), r.path("restarts").asInt(),
                    r.has("lastExitCode") ? "code " + r.path("lastExitCode").asInt() : "-", r.path("url").asText(), r.path("log").asText());
        }
    }
}
