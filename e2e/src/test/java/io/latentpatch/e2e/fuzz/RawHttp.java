package io.latentpatch.e2e.fuzz;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends a {@link RawRequest} over a plain socket and reads one response (1xx interim responses skipped),
 * within a deadline. The JDK's HttpClient refuses most of what a fuzz must send (control characters,
 * duplicated or lying framing headers, odd request targets), hence a socket.
 *
 * <p>A server that stops reading (it answered early, e.g. 413 from the Content-Length) may make the write fail;
 * the response is still read. A connection closed before a status line arrived, or nothing within the deadline,
 * is an {@link Outcome} without a response.
 */
public final class RawHttp {

    private final String host;
    private final int port;
    private final Duration timeout;

    public RawHttp(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    /** A response as read: status, headers (names lower-cased, in order) and body (de-chunked). */
    public record Response(int status, Map<String, List<String>> headers, byte[] body) {

        /** The first value of header {@code name} (any case), or null. */
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * What came back: a response, or why none did ({@code hung}: the deadline passed; otherwise the connection
     * ended before a complete status line and headers).
     */
    public record Outcome(Response response, boolean hung, String failure, long nanos) {
        public boolean answered() {
            return response != null;
        }
    }

    public Outcome send(RawRequest request) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.toBytes(host + ":" + port));
                out.flush();
            } catch (IOException e) {
                // The server may close early after answering (413 from the Content-Length): read what it sent.
            }
            InputStream in = new BufferedInputStream(socket.getInputStream());
            while (true) {
                Response r = readResponse(in, request.method().equalsIgnoreCase("HEAD"), deadline);
                if (r.status() >= 200 || r.status() < 100) return new Outcome(r, false, null, System.nanoTime() - start);
            }
        } catch (SocketTimeoutException e) {
            return new Outcome(null, true, "no complete response within " + timeout.toSeconds() + " s", System.nanoTime() - start);
        } catch (IOException e) {
            return new Outcome(null, false, e.getClass().getSimpleName() + ": " + e.getMessage(), System.nanoTime() - start);
        }
    }

    private static Response readResponse(InputStream in, boolean head, long deadline) throws IOException {
        String statusLine = line(in, deadline);
        if (statusLine == null) throw new IOException("connection closed before a status line");
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) throw new IOException("not an HTTP status line: " + statusLine);
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String h = line(in, deadline); ; h = line(in, deadline)) {
            if (h == null) throw new IOException("connection closed inside the response headers");
            if (h.isEmpty()) break;
            int colon = h.indexOf(':');
            if (colon <= 0) throw new IOException("malformed response header: " + h);
            headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(h.substring(colon + 1).trim());
        }
        if (head || status < 200 || status == 204 || status == 304) return new Response(status, headers, new byte[0]);
        List<String> te = headers.get("transfer-encoding");
        List<String> cl = headers.get("content-length");
        byte[] body;
        if (te != null && te.get(0).toLowerCase(Locale.ROOT).contains("chunked")) {
            body = chunked(in, deadline);
        } else if (cl != null) {
            body = exactly(in, Integer.parseInt(cl.get(0)), deadline);
        } else {
            body = untilClose(in, deadline);
        }
        return new Response(status, headers, body);
    }

    private static byte[] chunked(InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String size = line(in, deadline);
            if (size == null) throw new IOException("connection closed inside a chunked body");
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
            if (n == 0) {
                for (String trailer = line(in, deadline); trailer != null && !trailer.isEmpty(); trailer = line(in, deadline)) {
                    // trailers are ignored
                }
                return out.toByteArray();
            }
            out.writeBytes(exactly(in, n, deadline));
            line(in, deadline);
        }
    }

    private static byte[] exactly(InputStream in, int n, long deadline) throws IOException {
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            checkDeadline(deadline);
            int r = in.read(b, off, n - off);
            if (r < 0) throw new IOException("connection closed after " + off + " of " + n + " body bytes");
            off += r;
        }
        return b;
    }

    private static byte[] untilClose(InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
            checkDeadline(deadline);
            out.write(buf, 0, r);
        }
        return out.toByteArray();
    }

    /** One CRLF- (or LF-) terminated line as ISO-8859-1, without the terminator; null at end of stream. */
    private static String line(InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); ; c = in.read()) {
            if (c < 0) return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
            if (c == '\n') break;
            b.write(c);
            if (b.size() > 65536) throw new IOException("response line longer than 64 KiB");
            if ((b.size() & 1023) == 0) checkDeadline(deadline);
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static void checkDeadline(long deadline) throws SocketTimeoutException {
        if (System.nanoTime() > deadline) throw new SocketTimeoutException("deadline passed");
    }
}
