package io.latentpatch.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** Loopback port helpers. */
public final class Ports {

    private Ports() {
    }

    /** A port that was free on 127.0.0.1 a moment ago (bind to port 0, read it, close). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free local port", e);
        }
    }

    /** {@code port} unless it is 0, then a {@link #freePort()}. */
    static int orFree(int port) {
        return port == 0 ? freePort() : port;
    }

    /** True when something accepts TCP connections on 127.0.0.1:{@code port}. */
    public static boolean isOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails with a clear message when {@code port} is already taken on 127.0.0.1. */
    static void requireFree(int port, String what) {
        if (isOpen(port)) {
            throw new LocalStackException(what + " port " + port + " on 127.0.0.1 is already in use; stop whatever"
                    + " holds it (is another local stack running?) or choose another port (0 = any free port)");
        }
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
