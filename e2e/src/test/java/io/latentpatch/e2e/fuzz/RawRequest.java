package io.latentpatch.e2e.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One HTTP/1.1 request written byte for byte, so it can be anything a client might send: any method or
 * request target, duplicated, missing or control-character headers, a Content-Length that lies. Immutable;
 * the {@code with*} methods return changed copies.
 *
 * <p>Unless told otherwise the request carries {@code Host}, {@code Connection: close} and a
 * {@code Content-Length} matching its body (when it has one).
 */
public record RawRequest(String method, String target, List<String[]> headers, byte[] body, boolean autoLength) {

    public RawRequest {
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    public static RawRequest of(String method, String target) {
        return new RawRequest(method, target, List.of(), null, true);
    }

    public static RawRequest json(String method, String target, String json) {
        return of(method, target).withHeader("Content-Type", "application/json").withBody(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds a header (a second one of the same name is kept: duplicates are a fuzz case). */
    public RawRequest withHeader(String name, String value) {
        List<String[]> h = new ArrayList<>(headers);
        h.add(new String[] {name, value});
        return new RawRequest(method, target, h, body, autoLength);
    }

    /** Drops every header named {@code name} (case-insensitive). */
    public RawRequest withoutHeader(String name) {
        List<String[]> h = new ArrayList<>(headers);
        h.removeIf(e -> e[0].equalsIgnoreCase(name));
        return new RawRequest(method, target, h, body, autoLength);
    }

    /** Replaces every header named {@code name} by one with {@code value}. */
    public RawRequest replacingHeader(String name, String value) {
        return withoutHeader(name).withHeader(name, value);
    }

    public RawRequest withBody(byte[] newBody) {
        return new RawRequest(method, target, headers, newBody, autoLength);
    }

    /** No automatic Content-Length: the case sets its own (or none). */
    public RawRequest withoutAutoLength() {
        return new RawRequest(method, target, headers, body, false);
    }

    public RawRequest withTarget(String newTarget) {
        return new RawRequest(method, newTarget, headers, body, autoLength);
    }

    public boolean hasHeader(String name) {
        return headers.stream().anyMatch(h -> h[0].equalsIgnoreCase(name));
    }

    /** The bytes on the wire for a server at {@code hostPort}; header text is sent as UTF-8 (control characters included). */
    public byte[] toBytes(String hostPort) {
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        if (!hasHeader("Host")) head.append("Host: ").append(hostPort).append("\r\n");
        if (!hasHeader("Connection")) head.append("Connection: close\r\n");
        for (String[] h : headers) head.append(h[0]).append(": ").append(h[1]).append("\r\n");
        if (autoLength && (body.length > 0 || method.toUpperCase(Locale.ROOT).matches("POST|PUT|PATCH")) && !hasHeader("Content-Length")
                && !hasHeader("Transfer-Encoding")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + body.length);
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** A short description for reports: method, target (abbreviated) and body size. */
    public String summary() {
        String t = target.length() > 80 ? target.substring(0, 80) + "..." : target;
        return method + " " + printable(t) + (body.length > 0 ? " (" + body.length + " B body)" : "");
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) b.append(c < 0x20 || c == 0x7f ? String.format(Locale.ROOT, "\\x%02x", (int) c) : c);
        return b.toString();
    }
}
