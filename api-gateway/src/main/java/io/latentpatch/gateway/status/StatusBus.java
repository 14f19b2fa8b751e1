package io.latentpatch.gateway.status;

import io.latentpatch.contracts.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * In-process notification of status writes, so an event stream served by the replica that wrote a
 * status sends it at once. Streams on other replicas do not hear it and fall back to re-reading the
 * store every {@code latentpatch.gateway.sse.poll-interval}: correct everywhere, immediate here.
 */
@ApplicationScoped
public class StatusBus {

    private final Map<String, Set<Subscription>> byJob = new ConcurrentHashMap<>();

    /** Starts listening to {@code jobId}; close the subscription when done. */
    public Subscription subscribe(String jobId) {
        Subscription s = new Subscription(jobId);
        byJob.computeIfAbsent(jobId, k -> ConcurrentHashMap.newKeySet()).add(s);
        return s;
    }

    /** Hands {@code status} to every subscriber of its job in this process. */
    public void publish(JobStatus status) {
        Set<Subscription> subs = byJob.get(status.jobId());
        if (subs != null) {
            for (Subscription s : subs) {
                s.latest.clear();
                s.latest.offer(status);
            }
        }
    }

    /** Number of open subscriptions (for tests and diagnostics). */
    public int subscriptions() {
        int n = 0;
        for (Set<Subscription> s : byJob.values()) {
            n += s.size();
        }
        return n;
    }

    /** One listener of one job; holds at most the latest status published since the last take. */
    public final class Subscription implements AutoCloseable {
        private final String jobId;
        private final LinkedBlockingQueue<JobStatus> latest = new LinkedBlockingQueue<>(1);

        private Subscription(String jobId) {
            this.jobId = jobId;
        }

        /** The next status published, or null after {@code timeoutMs} without one. */
        public JobStatus await(long timeoutMs) throws InterruptedException {
            return latest.poll(timeoutMs, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            byJob.computeIfPresent(jobId, (k, subs) -> {
                subs.remove(this);
                return subs.isEmpty() ? null : subs;
            });
        }
    }
}
