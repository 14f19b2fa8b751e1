package io.latentpatch.gateway.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentpatch.contracts.JobStatus;
import io.latentpatch.gateway.GatewayConfig;
import io.latentpatch.gateway.status.StallMonitor;
import io.latentpatch.gateway.status.StatusBus;
import io.latentpatch.storage.StoreException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Serves {@code GET /v1/jobs/{id}/events}: a server-sent event named {@code status} carrying the
 * {@link JobStatusView}, first the current status, then one per change, and the stream closes after
 * the terminal state (or after {@code latentpatch.gateway.sse.max-duration}).
 *
 * <p>Each stream runs on its own virtual thread. It wakes on this replica's {@link StatusBus} (when
 * this replica's status writer changed the job) or every {@code sse.poll-interval} to re-read
 * {@code status.json} from the store, which is how streams on replicas that do not own the job stay
 * current. Unchanged statuses are not re-sent.
 */
@ApplicationScoped
public class JobEventStream {

    private static final Logger LOG = Logger.getLogger(JobEventStream.class);

    private final JobService jobs;
    private final StatusBus bus;
    private final ObjectMapper json;
    private final GatewayConfig.Sse config;
    private final StallMonitor stalls;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger open = new AtomicInteger();

    public JobEventStream(JobService jobs, StatusBus bus, ObjectMapper json, GatewayConfig config, StallMonitor stalls) {
        this.stalls = stalls;
        this.jobs = jobs;
        this.bus = bus;
        this.json = json;
        this.config = config.sse();
    }

    /** Streams {@code tenant}'s job whose current status is {@code first} into {@code sink}; returns at once. */
    public void stream(String tenant, JobStatus first, SseEventSink sink, Sse sse) {
        StatusBus.Subscription subscription = bus.subscribe(first.jobId());
        open.incrementAndGet();
        threads.execute(() -> {
            try (subscription; sink) {
                run(tenant, first, subscription, sink, sse);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.debugf("event stream of job %s ended: %s", first.jobId(), e.toString());
            } finally {
                open.decrementAndGet();
            }
        });
    }

    /** Streams currently open (for diagnostics and tests). */
    public int openStreams() {
        return open.get();
    }

    private void run(String tenant, JobStatus first, StatusBus.Subscription subscription, SseEventSink sink, Sse sse)
            throws InterruptedException {
        String jobId = first.jobId();
        long deadline = System.nanoTime() + config.maxDuration().toNanos();
        long poll = Math.max(10, config.pollInterval().toMillis());
        JobStatus current = first;
        JobStatus sent = null;
        long sequence = 0;
        while (true) {
            if (!current.equals(sent)) {
                if (!send(tenant, sink, sse, ++sequence, current)) {
                    return;
                }
                sent = current;
            }
            if (current.state().isTerminal() || sink.isClosed() || System.nanoTime() > deadline) {
                return;
            }
            JobStatus pushed = subscription.await(poll);
            if (pushed != null) {
                current = pushed;
            } else {
                try {
                    current = jobs.status(tenant, jobId);
                } catch (StoreException e) {
                    LOG.debugf("event stream of job %s: store read failed, retrying: %s", jobId, e.getMessage());
                }
            }
        }
    }

    private boolean send(String tenant, SseEventSink sink, Sse sse, long sequence, JobStatus status) throws InterruptedException {
        if (sink.isClosed()) {
            return false;
        }
        String data;
        try {
            data = json.writeValueAsString(JobStatusView.of(status, jobs.request(tenant, status.jobId()), stalls.check(status).orElse(null)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the status of job " + status.jobId(), e);
        }
        OutboundSseEvent event = sse.newEventBuilder().name("status").id(Long.toString(sequence)).data(data).build();
        try {
            sink.send(event).toCompletableFuture().get(30, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.debugf("client of job %s's event stream went away: %s", status.jobId(), e.toString());
            return false;
        }
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }
}
