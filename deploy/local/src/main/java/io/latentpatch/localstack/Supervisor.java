package io.latentpatch.localstack;

import io.latentpatch.localstack.ServiceStack.Service;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Keeps the wanted number of replicas of each service running: a replica whose process exits without being
 * asked to is started again after an exponential backoff ({@link Policy}); a replica that exits more than
 * {@link Policy#maxRestarts()} times within {@link Policy#window()} is left {@link State#FAILED} and its
 * service reported failing, while every other replica keeps running. Every exit and restart is reported to
 * the event sink and counted.
 *
 * <p>Pure bookkeeping: processes come from a {@link Launcher}, time from an {@link InstantSource}, and nothing
 * happens except in {@link #tick()} (called every 250 ms by {@link ServiceStack}) and {@link #scale}, so tests
 * drive it with a fake clock and fake processes. Thread-safe (one lock); stopping removed replicas is the
 * caller's job, outside the lock, because a graceful stop takes seconds.
 */
public final class Supervisor {

    /** Starts replica {@code index} of a service (returns at once; readiness is asked later). */
    public interface Launcher {
        Child launch(Service service, int index);
    }

    /** A running replica as the supervisor sees it. */
    public interface Child {
        long pid();

        boolean isAlive();

        /** The exit code; only asked once {@link #isAlive()} is false. */
        int exitCode();

        /** True once the replica reports ready (a short probe; false while starting). */
        boolean ready();

        /** SIGTERM, then SIGKILL after {@code grace} ({@link Duration#ZERO}: SIGKILL at once). */
        void stop(Duration grace);
    }

    /**
     * When to restart.
     *
     * @param restart        false: an exited replica stays {@link State#EXITED} (tests that crash a service on purpose)
     * @param initialBackoff wait before the first restart; doubled for each further exit within the window
     * @param maxBackoff     the longest wait
     * @param maxRestarts    exits tolerated within {@code window}; one more and the replica is {@link State#FAILED}
     * @param window         how far back exits count
     */
    public record Policy(boolean restart, Duration initialBackoff, Duration maxBackoff, int maxRestarts, Duration window) {
        public Policy {
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            Objects.requireNonNull(window, "window");
            if (maxRestarts < 0) throw new IllegalArgumentException("maxRestarts must be >= 0, got " + maxRestarts);
        }

        /** Restart after 1 s, 2 s, 4 s … at most 30 s; a replica exiting a 6th time within 5 minutes is failed. */
        public static Policy restarting() {
            return new Policy(true, Duration.ofSeconds(1), Duration.ofSeconds(30), 5, Duration.ofMinutes(5));
        }

        /** No restarts: exits are only recorded. */
        public static Policy none() {
            return new Policy(false, Duration.ZERO, Duration.ZERO, 0, Duration.ZERO);
        }

        /** The wait before the restart after the {@code exits}-th exit within the window (1-based). */
        public Duration backoff(int exits) {
            Duration d = initialBackoff;
            for (int i = 1; i < exits && d.compareTo(maxBackoff) < 0; i++) d = d.multipliedBy(2);
            return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
        }
    }

    /** Where a replica is. */
    public enum State {
        /** Launched, not ready yet. */
        STARTING,
        /** Ready. */
        RUNNING,
        /** Exited; waiting to be restarted. */
        BACKOFF,
        /** Exited too often within the window; not restarted until the operator scales its service again. */
        FAILED,
        /** Exited under {@link Policy#none()}. */
        EXITED
    }

    /**
     * One replica.
     *
     * @param service      the service
     * @param index        0-based, stable while the replica is wanted (port and log file follow it)
     * @param pid          the current or last process id
     * @param state        where it is
     * @param restarts     times it was started again after an exit
     * @param lastExitCode exit code of the last unexpected exit, or null
     * @param lastExitAt   when that was, or null
     * @param restartAt    when it will be started again (BACKOFF only), or null
     */
    public record ReplicaStatus(Service service, int index, long pid, State state, int restarts, Integer lastExitCode,
                                Instant lastExitAt, Instant restartAt) {
    }

    private static final class Replica {
        final int index;
        Child child;
        State state = State.STARTING;
        int restarts;
        final Deque<Instant> exits = new ArrayDeque<>();
        Integer lastExitCode;
        Instant lastExitAt;
        Instant restartAt;

        Replica(int index, Child child) {
            this.index = index;
            this.child = child;
        }
    }

    private final Launcher launcher;
    private final InstantSource clock;
    private final Policy policy;
    private final Consumer<String> events;
    private final Map<Service, List<Replica>> replicas = new EnumMap<>(Service.class);
    private boolean closed;

    public Supervisor(Launcher launcher, InstantSource clock, Policy policy, Consumer<String> events) {
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.events = Objects.requireNonNull(events, "events");
        for (Service s : Service.values()) replicas.put(s, new ArrayList<>());
    }

    public Policy policy() {
        return policy;
    }

    /**
     * Sets the number of replicas of {@code service}: launches the missing ones (and starts again any that is
     * failed or exited: the operator asked again), and returns the processes of the removed ones (highest indices
     * first), which the caller stops gracefully.
     */
    public synchronized List<Child> scale(Service service, int count) {
        if (count < 0) throw new IllegalArgumentException("replicas of " + service.stage() + " must be >= 0, got " + count);
        if (closed) throw new IllegalStateException("the stack is stopping");
        List<Replica> list = replicas.get(service);
        List<Child> removed = new ArrayList<>();
        while (list.size() > count) {
            Replica r = list.remove(list.size() - 1);
            events.accept(name(service, r.index) + " removed (pid " + r.child.pid() + "): clean shutdown");
            removed.add(r.child);
        }
        for (Replica r : list) {
            if (!r.child.isAlive()) {
                relaunch(service, r, "started again on request");
                r.exits.clear();
            }
        }
        while (list.size() < count) {
            int index = list.size();
            Replica r = new Replica(index, launcher.launch(service, index));
            list.add(r);
            events.accept(name(service, index) + " started (pid " + r.child.pid() + ")");
        }
        return removed;
    }

    /** Looks at every replica once: notices exits, schedules and performs restarts, notices readiness. */
    public synchronized void tick() {
        if (closed) return;
        Instant now = clock.instant();
        for (Map.Entry<Service, List<Replica>> e : replicas.entrySet()) {
            Service service = e.getKey();
            for (Replica r : e.getValue()) {
                switch (r.state) {
                    case STARTING, RUNNING -> {
                        if (!r.child.isAlive()) {
                            exited(service, r, now);
                        } else if (r.state == State.STARTING && r.child.ready()) {
                            r.state = State.RUNNING;
                            events.accept(name(service, r.index) + " ready (pid " + r.child.pid() + ")");
                        }
                    }
                    case BACKOFF -> {
                        if (!now.isBefore(r.restartAt)) {
                            r.restarts++;
                            relaunch(service, r, "restarted (restart " + r.restarts + ")");
                        }
                    }
                    case FAILED, EXITED -> {
                        // Waits for the operator (scale) or the caller (ServiceStack.start).
                    }
                }
            }
        }
    }

    private void exited(Service service, Replica r, Instant now) {
        r.lastExitCode = r.child.exitCode();
        r.lastExitAt = now;
        String what = name(service, r.index) + " (pid " + r.child.pid() + ") exited with code " + r.lastExitCode;
        if (!policy.restart()) {
            r.state = State.EXITED;
            events.accept(what);
            return;
        }
        Instant from = now.minus(policy.window());
        while (!r.exits.isEmpty() && r.exits.peekFirst().isBefore(from)) r.exits.removeFirst();
        r.exits.addLast(now);
        if (r.exits.size() > policy.maxRestarts()) {
            r.state = State.FAILED;
            r.restartAt = null;
            events.accept(String.format(Locale.ROOT, "%s; %d exits within %s: not restarted, %s is FAILING"
                            + " (latentpatch scale %s=N starts it again)", what, r.exits.size(), human(policy.window()),
                    service.module(), service.stage()));
            return;
        }
        Duration wait = policy.backoff(r.exits.size());
        r.state = State.BACKOFF;
        r.restartAt = now.plus(wait);
        events.accept(String.format(Locale.ROOT, "%s; restart in %s (exit %d of %d tolerated within %s)", what, human(wait),
                r.exits.size(), policy.maxRestarts(), human(policy.window())));
    }

    private void relaunch(Service service, Replica r, String what) {
        r.child = launcher.launch(service, r.index);
        r.state = State.STARTING;
        r.restartAt = null;
        events.accept(name(service, r.index) + " " + what + " (pid " + r.child.pid() + ")");
    }

    /** Starts again, now, every replica of {@code service} whose process is not alive (whatever its state). */
    public synchronized void revive(Service service) {
        for (Replica r : replicas.get(service)) {
            if (!r.child.isAlive()) {
                relaunch(service, r, "started again");
                r.exits.clear();
            }
        }
    }

    /** The current process of replica {@code index}, or null. */
    public synchronized Child child(Service service, int index) {
        List<Replica> list = replicas.get(service);
        return index < list.size() ? list.get(index).child : null;
    }

    /** The processes of every replica of {@code service}. */
    public synchronized List<Child> children(Service service) {
        return replicas.get(service).stream().map(r -> r.child).toList();
    }

    /** How many replicas of {@code service} are wanted. */
    public synchronized int replicas(Service service) {
        return replicas.get(service).size();
    }

    /** True when a replica of {@code service} exited too often and is no longer restarted. */
    public synchronized boolean failing(Service service) {
        return replicas.get(service).stream().anyMatch(r -> r.state == State.FAILED);
    }

    /** Every replica, services in pipeline order. */
    public synchronized List<ReplicaStatus> status() {
        List<ReplicaStatus> out = new ArrayList<>();
        replicas.forEach((s, list) -> {
            for (Replica r : list) {
                out.add(new ReplicaStatus(s, r.index, r.child.pid(), r.state, r.restarts, r.lastExitCode, r.lastExitAt,
                        r.restartAt));
            }
        });
        return out;
    }

    /** Stops supervising and hands back every process (the caller stops them). */
    public synchronized List<Child> close() {
        closed = true;
        List<Child> all = new ArrayList<>();
        replicas.forEach((s, list) -> {
            for (int i = list.size() - 1; i >= 0; i--) all.add(list.get(i).child);
            list.clear();
        });
        return all;
    }

    static String name(Service s, int index) {
        return s.module() + "#" + index;
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
