package io.latentpatch.gateway.status;

import io.latentpatch.contracts.InvalidMessageException;
import io.latentpatch.contracts.JobEvent;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.gateway.GatewayConfig;
import io.latentpatch.gateway.GatewayMetrics;
import io.latentpatch.service.JobLogScope;
import io.latentpatch.service.PoisonRecords;
import io.latentpatch.service.Retries;
import io.latentpatch.storage.ObjectStore;
import io.latentpatch.storage.StoreUnavailableException;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The single writer of job status: consumes {@code latentpatch.events} in the gateways' consumer
 * group (channel {@value #CHANNEL}, batch mode: one call per poll), folds each job's events of the
 * poll into {@code jobs/{id}/status.json} with {@link StatusUpdater#applyAll} (one read and at most
 * one write per job per poll, not per event) and tells this replica's event streams ({@link StatusBus}).
 *
 * <p>Records are read as strings and parsed here, so a poison record cannot stop the consumer: an
 * unparseable or invalid event is sent alone to {@code latentpatch.events.dlq} ({@link EventDeadLetters})
 * and the rest of its batch is applied. An unavailable store is retried with backoff
 * ({@code latentpatch.gateway.status-writer.*}, this path's only retry layer), round after round until it is back:
 * events are never dropped for an outage; offsets are committed only after the method returns, so a crash replays
 * the batch, which applies idempotently.
 */
@ApplicationScoped
public class JobStatusWriter {

    /** Incoming channel of job events (topic in application.properties). */
    public static final String CHANNEL = "job-events";

    private static final Logger LOG = Logger.getLogger(JobStatusWriter.class);

    private final StatusUpdater updater;
    private final StatusBus bus;
    private final GatewayMetrics metrics;
    private final Retries retries;
    private final StallMonitor stalls;

    private final EventDeadLetters deadLetters;

    public JobStatusWriter(ObjectStore store, StatusBus bus, GatewayMetrics metrics, GatewayConfig config, StallMonitor stalls,
                           EventDeadLetters deadLetters) {
        this.deadLetters = deadLetters;
        this.stalls = stalls;
        this.updater = new StatusUpdater(store);
        this.bus = bus;
        this.metrics = metrics;
        this.retries = Retries.of("status-writer", config.statusWriter());
    }

    /**
     * One poll's records (channel in batch mode): parsed one by one (a poison record goes to the DLQ
     * alone), grouped by job in arrival order, and each job's events folded with one status write.
     * The batch is acknowledged (its offsets committed) only after every job's write returned.
     */
    @Incoming(CHANNEL)
    @Blocking
    public void onEvents(ConsumerRecords<String, String> records) {
        Map<String, List<JobEvent>> byJob = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            JobEvent event = parse(record);
            if (event != null) {
                byJob.computeIfAbsent(event.tenant() + "/" + event.jobId(), k -> new ArrayList<>()).add(event);
            }
        }
        metrics.eventBatch(records.count(), byJob.size());
        for (List<JobEvent> events : byJob.values()) {
            try (JobLogScope log = JobLogScope.of(events.getFirst().jobId())) {
                apply(events);
            }
        }
    }

    private JobEvent parse(ConsumerRecord<String, String> record) {
        try {
            return JsonCodec.shared().read(record.value(), JobEvent.class);
        } catch (InvalidMessageException e) {
            metrics.event("invalid");
            LOG.warnf("dead-lettering event at %s-%d@%d (key %s): %s", record.topic(), record.partition(), record.offset(),
                    record.key(), e.getMessage());
            deadLetters.send(record, e);
            return null;
        }
    }

    private void apply(List<JobEvent> events) {
        JobEvent last = events.getLast();
        StatusUpdater.Result result = applyWithRetry(events);
        String outcome = result.outcome().name().toLowerCase(java.util.Locale.ROOT);
        for (int i = 0; i < events.size(); i++) metrics.event(outcome);
        if (result.status() != null) stalls.track(result.status());
        switch (result.outcome()) {
            case APPLIED -> {
                metrics.statusWritten();
                bus.publish(result.status());
                LOG.debugf("job %s: %d events up to %s -> %s %d/%d", last.jobId(), events.size(), last.type(),
                        result.status().state(), result.status().done(), result.status().total());
            }
            case UNCHANGED -> LOG.debugf("job %s: %d events up to %s changed nothing", last.jobId(), events.size(), last.type());
            case ORPHANED -> LOG.warnf("dropping %d events of unknown job %s", events.size(), last.jobId());
        }
    }

    /**
     * Applies the events, waiting for the store however long it is down: events are the only record of the work done,
     * so an outage pauses this partition's status updates instead of dropping them (a dropped DONE would leave its job
     * running forever). Each round is one {@link Retries} budget; between rounds an error is logged. Only a shutdown
     * (interrupt) ends the wait; the batch is then not committed and replays on the next gateway.
     */
    private StatusUpdater.Result applyWithRetry(List<JobEvent> events) {
        for (int round = 1; ; round++) {
            try {
                return retries.get(() -> updater.applyAll(events));
            } catch (StoreUnavailableException e) {
                if (Thread.currentThread().isInterrupted()) throw e;
                metrics.statusWriterWaiting();
                LOG.errorf("store unavailable for %d rounds of %d attempts while applying %d events of job %s; still waiting "
                        + "(events are kept, not dropped): %s", round, retries.maxAttempts(), events.size(), events.getFirst().jobId(),
                        e.getMessage());
            }
        }
    }
}
