package io.latentpatch.localstack;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;

/**
 * Wrapper main of every child JVM the local stack starts: {@code ParentWatchdogMain <parentPid>
 * <realMainClass> [args...]}. It starts a daemon thread that ends this JVM as soon as the parent
 * process is gone, then runs the real main in the same thread.
 *
 * <p>This is what makes "no orphans" hold even when the launcher dies hard ({@code kill -9}):
 * the parent's shutdown hooks never run then, but the child notices within
 * {@value #POLL_MILLIS} ms and exits through {@link System#exit} (so the server's own shutdown
 * hooks flush its data), with a forced halt {@value #HALT_AFTER_MILLIS} ms later if that hangs.
 *
 * <p>Self-contained on purpose (JDK only, no nested classes): the launcher copies this one class
 * file next to foreign classpaths such as S3Proxy's.
 */
public final class ParentWatchdogMain {

    static final long POLL_MILLIS = 250;
    static final long HALT_AFTER_MILLIS = 15_000;

    private ParentWatchdogMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: ParentWatchdogMain <parentPid> <mainClass> [args...]");
            System.exit(2);
        }
        long parentPid = Long.parseLong(args[0]);
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            System.err.println("[watchdog] parent process " + parentPid + " is already gone; not starting " + args[1]);
            System.exit(3);
        }
        ProcessHandle parentHandle = parent.get();
        Thread watchdog = new Thread(() -> {
            try {
                while (parentHandle.isAlive()) {
                    Thread.sleep(POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            System.err.println("[watchdog] parent process " + parentPid + " is gone; shutting down");
            Thread halter = new Thread(() -> {
                try {
                    Thread.sleep(HALT_AFTER_MILLIS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                System.err.println("[watchdog] clean shutdown took over " + HALT_AFTER_MILLIS + " ms; halting");
                Runtime.getRuntime().halt(1);
            }, "parent-watchdog-halt");
            halter.setDaemon(true);
            halter.start();
            System.exit(0);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
