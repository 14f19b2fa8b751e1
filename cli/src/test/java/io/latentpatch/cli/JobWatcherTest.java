package io.latentpatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link JobWatcher#await}: the event stream when the gateway has one, polling when it has not. */
class JobWatcherTest {
    private static String status(String state, int done) {
        return "{\"id\":\"job-1\",\"state\":\"" + state + "\",\"progress\":{\"done\":" + done + ",\"total\":4}"
                + (state.equals("FAILED") ? ",\"reason\":\"decoder exploded\"" : "") + "}";
    }

    private static void answer(HttpExchange exchange, int code, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A gateway whose /events streams {@code events} (or answers 404 when null) and whose status GET says {@code polled}. */
    private static HttpServer gateway(String[] events, String polled, AtomicInteger polls) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/jobs/job-1", exchange -> {
            if (exchange.getRequestURI().getPath().endsWith("/events")) {
                if (events == null) {
                    answer(exchange, 404, "application/problem+json", "{\"detail\":\"no streams here\"}");
                    return;
                }
                StringBuilder body = new StringBuilder();
                for (int i = 0; i < events.length; i++) {
                    body.append("id: ").append(i + 1).append("\nevent: status\ndata: ").append(events[i]).append("\n\n");
                }
                answer(exchange, 200, "text/event-stream", body.toString());
            } else {
                polls.incrementAndGet();
                answer(exchange, 200, "application/json", polled);
            }
        });
        server.start();
        return server;
    }

    @Test
    void theEventStreamEndsTheWaitAtTheTerminalStatusWithoutPolling() throws IOException {
        AtomicInteger polls = new AtomicInteger();
        HttpServer server = gateway(new String[] {status("QUEUED", 0), status("DECODING", 2), status("SUCCEEDED", 4)},
                status("QUEUED", 0), polls);
        try {
            JsonNode end = JobWatcher.await(new GatewayClient("http://127.0.0.1:" + server.getAddress().getPort()), "job-1",
                    Duration.ofSeconds(20));
            assertThat(JobWatcher.state(end)).isEqualTo("SUCCEEDED");
            assertThat(JobWatcher.done(end)).isEqualTo(4);
            assertThat(polls).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anObserverSeesEveryStreamedStatusInOrder() throws IOException {
        HttpServer server = gateway(new String[] {status("QUEUED", 0), status("DECODING", 2), status("SUCCEEDED", 4)},
                status("QUEUED", 0), new AtomicInteger());
        try {
            java.util.List<String> seen = new java.util.ArrayList<>();
            JsonNode end = JobWatcher.await(new GatewayClient("http://127.0.0.1:" + server.getAddress().getPort()), "job-1",
                    Duration.ofSeconds(20), s -> seen.add(JobWatcher.state(s)));
            assertThat(seen).containsExactly("QUEUED", "DECODING", "SUCCEEDED");
            assertThat(JobWatcher.state(end)).isEqualTo("SUCCEEDED");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aFailedJobOnTheStreamIsAnErrorWithItsReason() throws IOException {
        HttpServer server = gateway(new String[] {status("ENCODING", 0), status("FAILED", 1)}, status("QUEUED", 0), new AtomicInteger());
        try {
            GatewayClient client = new GatewayClient("http://127.0.0.1:" + server.getAddress().getPort());
            assertThatThrownBy(() -> JobWatcher.await(client, "job-1", Duration.ofSeconds(20)))
                    .isInstanceOf(IOException.class).hasMessage("job job-1 failed: decoder exploded");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void withoutAStreamItPollsTheStatus() throws IOException {
        AtomicInteger polls = new AtomicInteger();
        HttpServer server = gateway(null, status("SUCCEEDED", 4), polls);
        try {
            JsonNode end = JobWatcher.await(new GatewayClient("http://127.0.0.1:" + server.getAddress().getPort()), "job-1",
                    Duration.ofSeconds(20));
            assertThat(JobWatcher.state(end)).isEqualTo("SUCCEEDED");
            assertThat(polls).hasValue(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aStreamThatEndsBeforeTheJobFallsBackToPolling() throws IOException {
        AtomicInteger polls = new AtomicInteger();
        HttpServer server = gateway(new String[] {status("SAMPLING", 0)}, status("SUCCEEDED", 4), polls);
        try {
            JsonNode end = JobWatcher.await(new GatewayClient("http://127.0.0.1:" + server.getAddress().getPort()), "job-1",
                    Duration.ofSeconds(20));
            assertThat(JobWatcher.state(end)).isEqualTo("SUCCEEDED");
            assertThat(polls).hasValue(1);
        } finally {
            server.stop(0);
        }
    }
}
