package io.latentpatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentpatch.contracts.GenerationParams;
import io.latentpatch.contracts.JsonCodec;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The gateway's HTTP API as a client sees it (docs/api.md): upload a source set, submit a job, poll its
 * status, cancel it, download results. Errors come back as problem+json; their {@code detail} becomes the
 * message of the {@link IOException} every method throws. One instance per gateway; thread-safe.
 */
public final class GatewayClient {
    private static final ObjectMapper JSON = JsonCodec.shared().mapper();
    private final URI base;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param baseUrl the gateway's root URL, e.g. {@code http://127.0.0.1:8080} (a trailing slash is ignored) */
    public GatewayClient(String baseUrl) {
        this(baseUrl, null);
    }

    /**
     * @param baseUrl the gateway's root URL
     * @param apiKey  sent as {@code Authorization: Bearer <key>} with every request; null or blank = none (an open gateway)
     */
    public GatewayClient(String baseUrl, String apiKey) {
        String b = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.base = URI.create(b);
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
    }

    /** The key from {@code --api-key}, else the environment variable {@value #API_KEY_ENV}, else null. */
    public static String apiKey(String option) {
        if (option != null && !option.isBlank()) return option;
        String env = System.getenv(API_KEY_ENV);
        return env == null || env.isBlank() ? null : env;
    }

    /** Environment variable the CLI reads the API key from when {@code --api-key} is not given. */
    public static final String API_KEY_ENV = "LATENTPATCH_API_KEY";

    /** A request to {@code path} with the key header, when there is a key. */
    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
        if (apiKey != null) b.header("Authorization", "Bearer " + apiKey);
        return b;
    }

    /** The gateway's root URL, without a trailing slash. */
    public String baseUrl() { return base.toString(); }

    /**
     * Uploads images (and an optional labels file, CSV or JSON) as a source set; returns its id. The files
     * are streamed from disk as one multipart body with a known length, never held in memory whole.
     */
    public String uploadSourceSet(List<Path> images, Path labels) throws IOException {
        String boundary = "latentpatch-" + UUID.randomUUID();
        HttpRequest request = request("/v1/source-sets")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(multipart(boundary, images, labels)).build();
        return idOf(send(request, 201));
    }

    /**
     * The multipart/form-data body of an upload: a part {@code images} per image and an optional part
     * {@code labels}, each file read from disk only while the body is sent.
     */
    static HttpRequest.BodyPublisher multipart(String boundary, List<Path> images, Path labels) throws IOException {
        List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
        for (Path image : images) {
            parts.addAll(part(boundary, "images", image, contentType(image)));
        }
        if (labels != null) {
            String type = labels.toString().endsWith(".json") ? "application/json" : "text/csv";
            parts.addAll(part(boundary, "labels", labels, type));
        }
        parts.add(HttpRequest.BodyPublishers.ofString("--" + boundary + "--\r\n", StandardCharsets.UTF_8));
        return HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new));
    }

    /**
     * The JSON body of {@code POST /v1/jobs}: the source set, model, count, seed and the generation
     * parameters in the contracts' wire form ({@link JsonCodec#writeParams}).
     */
    public static ObjectNode jobBody(String sourceSetId, String model, int count, long seed, GenerationParams params) {
        ObjectNode job = JSON.createObjectNode();
        job.put("sourceSetId", sourceSetId);
        job.put("model", model);
        job.put("count", count);
        job.put("seed", seed);
        job.set("params", JsonCodec.shared().writeParams(params));
        return job;
    }

    /** Submits a job ({@link #jobBody}); returns its id. With an idempotency key, a resubmission returns the same job. */
    public String submitJob(ObjectNode job, String idempotencyKey) throws IOException {
        HttpRequest.Builder b = request("/v1/jobs")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(job)));
        if (idempotencyKey != null) b.header("Idempotency-Key", idempotencyKey);
        return idOf(send(b.build(), 202, 200));
    }

    /** The job's status view ({@code GET /v1/jobs/{id}}): state, progress, reason, links. */
    public JsonNode status(String jobId) throws IOException {
        return send(request("/v1/jobs/" + jobId).GET().build(), 200);
    }

    /**
     * Follows the job's server-sent events ({@code GET /v1/jobs/{id}/events}: the status view on every change) and
     * hands each to {@code onStatus} until it returns true. Returns true when {@code onStatus} stopped it; false when
     * the gateway offers no stream (any answer but 200), the stream ended first, or {@code timeout} passed.
     */
    public boolean followEvents(String jobId, Duration timeout, java.util.function.Predicate<JsonNode> onStatus) throws IOException {
        HttpRequest request = request("/v1/jobs/" + jobId + "/events")
                .header("Accept", "text/event-stream").timeout(timeout).GET().build();
        HttpResponse<java.util.stream.Stream<String>> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (ConnectException e) {
            throw new IOException("cannot reach the gateway at " + base + " (is the stack up? ./latentpatch up)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        try (java.util.stream.Stream<String> lines = r.body()) {
            if (r.statusCode() != 200) return false;
            // Ends a stream that stays silent past the timeout: closing it ends the iteration below.
            Thread closer = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(timeout);
                    lines.close();
                } catch (InterruptedException done) {
                    // the stream ended first
                }
            });
            try {
                // One event = its data lines joined by newlines, ended by an empty line (the SSE format).
                StringBuilder data = new StringBuilder();
                for (java.util.Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (line.startsWith("data:")) {
                        if (!data.isEmpty()) data.append('\n');
                        data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
                    } else if (line.isEmpty() && !data.isEmpty()) {
                        JsonNode status = JSON.readTree(data.toString());
                        data.setLength(0);
                        if (onStatus.test(status)) return true;
                    }
                }
                return false;
            } catch (java.io.UncheckedIOException | IllegalStateException e) {
                return false; // closed at the timeout, or the connection dropped
            } finally {
                closer.interrupt();
            }
        }
    }

    /** Cancels the job ({@code DELETE /v1/jobs/{id}}); cancelling an ended job changes nothing. */
    public void cancel(String jobId) throws IOException {
        send(request("/v1/jobs/" + jobId).DELETE().build(), 202, 200);
    }

    /** Downloads {@code /v1/jobs/{id}/{path}} to {@code file}. */
    public void download(String jobId, String path, Path file) throws IOException {
        byte[] body = fetch(jobId, path);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, body);
    }

    /** The bytes of {@code /v1/jobs/{id}/{path}} (an image, provenance map or latent of the job). */
    public byte[] fetch(String jobId, String path) throws IOException {
        HttpResponse<byte[]> r = exchange(request("/v1/jobs/" + jobId + "/" + path).GET().build());
        if (r.statusCode() != 200) throw new IOException(problem(r));
        return r.body();
    }

    private JsonNode send(HttpRequest request, int... expected) throws IOException {
        HttpResponse<byte[]> r = exchange(request);
        for (int code : expected) {
            if (r.statusCode() == code) return r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
        }
        throw new IOException(problem(r));
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new IOException("cannot reach the gateway at " + base + " (is the stack up? ./latentpatch up)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String problem(HttpResponse<byte[]> r) {
        String text = new String(r.body(), StandardCharsets.UTF_8);
        try {
            JsonNode p = JSON.readTree(text);
            String detail = p.path("detail").asText(p.path("title").asText(text));
            StringBuilder m = new StringBuilder("gateway answered " + r.statusCode() + ": " + detail);
            if (r.statusCode() == 401) m.append(" (give the key with --api-key or " + API_KEY_ENV + "; ./latentpatch up prints it)");
            JsonNode errors = p.path("errors");
            // The detail already quotes a single error; list them only when there are several.
            if (errors.size() > 1) {
                for (JsonNode e : errors) m.append("\n  ").append(e.path("pointer").asText("")).append(": ").append(e.path("detail").asText(e.toString()));
            }
            return m.toString();
        } catch (IOException e) {
            return "gateway answered " + r.statusCode() + ": " + text;
        }
    }

    private static String idOf(JsonNode node) throws IOException {
        for (String field : new String[] {"id", "jobId", "setId", "sourceSetId"}) {
            if (node.hasNonNull(field)) return node.get(field).asText();
        }
        throw new IOException("gateway response has no id: " + node);
    }

    private static String contentType(Path p) {
        String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".png") ? "image/png" : n.endsWith(".jpg") || n.endsWith(".jpeg") ? "image/jpeg" : "application/octet-stream";
    }

    private static List<HttpRequest.BodyPublisher> part(String boundary, String name, Path file, String type)
            throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString());
        String header = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                + file.getFileName().toString().replace("\"", "") + "\"\r\nContent-Type: " + type + "\r\n\r\n";
        return List.of(HttpRequest.BodyPublishers.ofString(header, StandardCharsets.UTF_8),
                HttpRequest.BodyPublishers.ofFile(file),
                HttpRequest.BodyPublishers.ofString("\r\n", StandardCharsets.UTF_8));
    }
}
