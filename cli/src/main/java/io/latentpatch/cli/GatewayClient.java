package io.latentpatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentpatch.contracts.JsonCodec;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The gateway's HTTP API as a client sees it (docs/api.md): upload a source set, submit a job, poll its
 * status, download results. Errors come back as problem+json; their {@code detail} becomes the message.
 */
final class GatewayClient {
    private static final ObjectMapper JSON = JsonCodec.shared().mapper();
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    GatewayClient(String baseUrl) {
        String b = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.base = URI.create(b);
    }

    String baseUrl() { return base.toString(); }

    /** Uploads images (and an optional labels file) as a source set; returns its id. */
    String uploadSourceSet(List<Path> images, Path labels) throws IOException {
        String boundary = "latentpatch-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Path image : images) {
            part(body, boundary, "images", image.getFileName().toString(), contentType(image), Files.readAllBytes(image));
        }
        if (labels != null) {
            String type = labels.toString().endsWith(".json") ? "application/json" : "text/csv";
            part(body, boundary, "labels", labels.getFileName().toString(), type, Files.readAllBytes(labels));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/source-sets"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return idOf(send(request, 201));
    }

    /** Submits a job; returns its id. */
    String submitJob(ObjectNode job, String idempotencyKey) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/v1/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(job)));
        if (idempotencyKey != null) b.header("Idempotency-Key", idempotencyKey);
        return idOf(send(b.build(), 202, 200));
    }

    JsonNode status(String jobId) throws IOException {
        return send(HttpRequest.newBuilder(base.resolve("/v1/jobs/" + jobId)).GET().build(), 200);
    }

    void cancel(String jobId) throws IOException {
        send(HttpRequest.newBuilder(base.resolve("/v1/jobs/" + jobId)).DELETE().build(), 202, 200);
    }

    /** Downloads {@code /v1/jobs/{id}/{path}} to {@code file}. */
    void download(String jobId, String path, Path file) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/jobs/" + jobId + "/" + path)).GET().build();
        HttpResponse<byte[]> r = exchange(request);
        if (r.statusCode() != 200) throw new IOException(problem(r));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, r.body());
    }

    static ObjectNode newObject() { return JSON.createObjectNode(); }

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

    private static void part(ByteArrayOutputStream out, String boundary, String name, String filename, String type,
                             byte[] content) throws IOException {
        String header = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                + filename.replace("\"", "") + "\"\r\nContent-Type: " + type + "\r\n\r\n";
        out.write(header.getBytes(StandardCharsets.UTF_8));
        out.write(content);
        out.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }
}
