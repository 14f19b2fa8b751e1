package io.latentpatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GatewayClient}'s uploads against a JDK HTTP server on loopback that records what arrives. */
class GatewayClientTest {
    private record Received(String contentType, String contentLength, String transferEncoding, byte[] body) {}

    private final AtomicReference<Received> received = new AtomicReference<>();
    private HttpServer server;
    private String url;

    @TempDir
    Path dir;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/source-sets", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            received.set(new Received(exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Content-Length"),
                    exchange.getRequestHeaders().getFirst("Transfer-Encoding"), body));
            byte[] answer = "{\"id\":\"set-1\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private final java.util.concurrent.atomic.AtomicReference<String> authorization = new java.util.concurrent.atomic.AtomicReference<>();

    @Test
    void aKeyGoesAsABearerTokenAndNoKeyAsNoHeader() throws IOException {
        Path one = write("a.png", random(100, 3));
        new GatewayClient(url, "lp_secret").uploadSourceSet(List.of(one), null);
        assertThat(authorization.get()).isEqualTo("Bearer lp_secret");
        new GatewayClient(url, " ").uploadSourceSet(List.of(one), null);
        assertThat(authorization.get()).isNull();
        assertThat(GatewayClient.apiKey("lp_given")).isEqualTo("lp_given");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void anUploadArrivesByteForByteAsOneMultipartBodyOfKnownLength() throws IOException {
        Path big = write("face_0000.png", random(3 << 20, 1));
        Path small = write("face_0001.jpg", random(1000, 2));
        Path labels = write("labels.csv", "file,blond\nface_0000.png,true\n".getBytes(StandardCharsets.UTF_8));

        String id = new GatewayClient(url + "/").uploadSourceSet(List.of(big, small), labels);

        assertThat(id).isEqualTo("set-1");
        Received r = received.get();
        assertThat(r.contentType()).startsWith("multipart/form-data; boundary=");
        String boundary = r.contentType().substring(r.contentType().indexOf("boundary=") + 9);
        byte[] expected = concat(
                part(boundary, "images", "face_0000.png", "image/png", Files.readAllBytes(big)),
                part(boundary, "images", "face_0001.jpg", "image/jpeg", Files.readAllBytes(small)),
                part(boundary, "labels", "labels.csv", "text/csv", Files.readAllBytes(labels)),
                ("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        assertThat(r.body()).as("the multipart body, every file intact").isEqualTo(expected);
        assertThat(r.contentLength()).as("sent with a Content-Length, not chunked").isEqualTo("" + expected.length);
        assertThat(r.transferEncoding()).isNull();
    }

    @Test
    void theBodyIsReadFromTheFilesWhileItIsSentNotCopiedWhenItIsBuilt() throws Exception {
        Path image = write("a.png", random(200_000, 3));
        HttpRequest.BodyPublisher body = GatewayClient.multipart("b", List.of(image), null);
        long length = body.contentLength();
        // Rewrite the file after the body exists: what arrives is the new content, so nothing was buffered.
        byte[] rewritten = random(200_000, 4);
        Files.write(image, rewritten);

        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/v1/source-sets"))
                .header("Content-Type", "multipart/form-data; boundary=b").POST(body).build(), HttpResponse.BodyHandlers.discarding());

        byte[] expected = concat(part("b", "images", "a.png", "image/png", rewritten), "--b--\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(received.get().body()).isEqualTo(expected);
        assertThat(length).as("the length is known up front from the file sizes").isEqualTo(expected.length);
    }

    @Test
    void aMissingImageFailsBeforeAnythingIsSent() {
        assertThatThrownBy(() -> new GatewayClient(url).uploadSourceSet(List.of(dir.resolve("missing.png")), null))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("missing.png");
        assertThat(received.get()).isNull();
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] part(String boundary, String name, String filename, String type, byte[] content) throws IOException {
        String header = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + type + "\r\n\r\n";
        return concat(header.getBytes(StandardCharsets.UTF_8), content, "\r\n".getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.write(p);
        return out.toByteArray();
    }
}
