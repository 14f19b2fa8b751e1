package io.latentpatch.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny OTLP/HTTP trace receiver ({@code POST /v1/traces}, protobuf) for the end-to-end tests: the services run
 * with {@code quarkus.otel.exporter.otlp.traces.protocol=http/protobuf} and this endpoint, and every span they
 * export lands in {@link #spans()}. Decodes only what the tests read (service.name, span name, trace id) straight
 * from the protobuf wire format of {@code ExportTraceServiceRequest}, so it needs no generated classes.
 */
final class OtlpReceiver implements AutoCloseable {

    /** One exported span. */
    record Span(String service, String name, String traceId) {
    }

    private final HttpServer server;
    private final List<Span> spans = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        // Any path: the exporter posts to <endpoint>/v1/traces or to the endpoint itself, depending on its version.
        server.createContext("/", ex -> {
            try (ex; InputStream raw = ex.getRequestBody()) {
                requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " " + ex.getRequestHeaders().getFirst("Content-Type"));
                InputStream in = "gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))
                        ? new java.util.zip.GZIPInputStream(raw) : raw;
                byte[] body = in.readAllBytes();
                try {
                    decodeRequest(body);
                    ex.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                    ex.sendResponseHeaders(200, -1);
                } catch (RuntimeException e) {
                    requests.add("undecodable: " + e);
                    ex.sendResponseHeaders(400, -1);
                }
            }
        });
        server.start();
    }

    /** The URL to give {@code quarkus.otel.exporter.otlp.traces.endpoint}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Span> spans() {
        return List.copyOf(spans);
    }

    /** What arrived, for failure messages: requests (method, path, content type) and spans per service. */
    String describe() {
        java.util.Map<String, Long> perService = new java.util.TreeMap<>();
        for (Span sp : spans) perService.merge(sp.service(), 1L, Long::sum);
        return requests.size() + " requests " + requests.stream().distinct().limit(5).toList() + ", spans per service " + perService;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void decodeRequest(byte[] b) {
        Wire w = new Wire(b, 0, b.length);
        while (w.more()) {
            int tag = w.tag();
            if (tag >>> 3 == 1 && (tag & 7) == 2) decodeResourceSpans(w.sub());
            else w.skip(tag);
        }
    }

    private void decodeResourceSpans(Wire w) {
        String service = "?";
        List<Wire> scopes = new java.util.ArrayList<>();
        while (w.more()) {
            int tag = w.tag();
            if (tag >>> 3 == 1 && (tag & 7) == 2) service = serviceName(w.sub(), service);
            else if (tag >>> 3 == 2 && (tag & 7) == 2) scopes.add(w.sub());
            else w.skip(tag);
        }
        for (Wire scope : scopes) {
            while (scope.more()) {
                int tag = scope.tag();
                if (tag >>> 3 == 2 && (tag & 7) == 2) spans.add(span(scope.sub(), service));
                else scope.skip(tag);
            }
        }
    }

    /** Resource: attributes (1) are KeyValue {key 1, value 2: AnyValue {string_value 1}}. */
    private static String serviceName(Wire resource, String fallback) {
        String found = fallback;
        while (resource.more()) {
            int tag = resource.tag();
            if (tag >>> 3 == 1 && (tag & 7) == 2) {
                Wire kv = resource.sub();
                String key = null;
                String value = null;
                while (kv.more()) {
                    int t = kv.tag();
                    if (t >>> 3 == 1 && (t & 7) == 2) key = kv.string();
                    else if (t >>> 3 == 2 && (t & 7) == 2) {
                        Wire any = kv.sub();
                        while (any.more()) {
                            int a = any.tag();
                            if (a >>> 3 == 1 && (a & 7) == 2) value = any.string();
                            else any.skip(a);
                        }
                    } else kv.skip(t);
                }
                if ("service.name".equals(key) && value != null) found = value;
            } else {
                resource.skip(tag);
            }
        }
        return found;
    }

    /** Span: trace_id 1 (16 bytes), name 5. */
    private static Span span(Wire s, String service) {
        String traceId = null;
        String name = null;
        while (s.more()) {
            int tag = s.tag();
            if (tag >>> 3 == 1 && (tag & 7) == 2) traceId = HexFormat.of().formatHex(s.bytes());
            else if (tag >>> 3 == 5 && (tag & 7) == 2) name = s.string();
            else s.skip(tag);
        }
        return new Span(service, name, traceId);
    }

    /** A cursor over protobuf wire format: varints, length-delimited fields, fixed 32/64. */
    private static final class Wire {
        private final byte[] b;
        private int pos;
        private final int end;

        Wire(byte[] b, int from, int to) {
            this.b = b;
            this.pos = from;
            this.end = to;
        }

        boolean more() {
            return pos < end;
        }

        int tag() {
            return (int) varint();
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte x = b[pos++];
                v |= (long) (x & 0x7f) << shift;
                if ((x & 0x80) == 0) return v;
            }
            throw new IllegalArgumentException("bad varint");
        }

        Wire sub() {
            int len = (int) varint();
            Wire w = new Wire(b, pos, pos + len);
            pos += len;
            return w;
        }

        byte[] bytes() {
            int len = (int) varint();
            byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + len);
            pos += len;
            return out;
        }

        String string() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        void skip(int tag) {
            switch (tag & 7) {
                case 0 -> varint();
                case 1 -> pos += 8;
                case 2 -> {
                    int len = (int) varint(); // not "pos += varint()": Java reads pos before the call advances it
                    pos += len;
                }
                case 5 -> pos += 4;
                default -> throw new IllegalArgumentException("wire type " + (tag & 7));
            }
        }
    }
}
