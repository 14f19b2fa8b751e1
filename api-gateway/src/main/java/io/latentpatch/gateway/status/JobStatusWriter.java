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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The single writer of job status: consumes {@code latentpatch.events} in the gateways' consumer
 * group (channel {@value #CHANNEL}), folds each event into {@code jobs/{id}/status.json} with
 * {@link StatusUpdater} and tells this replica's event streams ({@link StatusBus}).
 *
 * <p>Records are read as strings and parsed here, so a poison record cannot stop the consumer: an
 * unparseable or invalid event is nacked and goes to {@code latentpatch.events.dlq} (SmallRye
 * dead-letter strategy). An unavailable store is retried with backoff
 * ({@code latentpatch.gateway.status-writer.*}, this path's only retry layer) before the event is
 * dead-lettered; the offset is committed only after the method returns.
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

    public JobStatusWriter(ObjectStore store, StatusBus bus, GatewayMetrics metrics, GatewayConfig config, StallMonitor stalls) {
        this.stalls = stalls;
        this.updater = new StatusUpdater(store);
        this.bus = bus;
        this.metrics = metrics;
        this.retries = Retries.of("status-writer", config.statusWriter());
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onEvent(ConsumerRecord<String, String> record) {
        try (JobLogScope log = JobLogScope.of(PoisonRecords.jobIdOf(record.key(), null).orElse(null))) {
            apply(record);
        }
    }

    private void apply(ConsumerRecord<String, String> record) {
        JobEvent event;
        try {
            event = JsonCodec.shared().read(record.value(), JobEvent.class);
        } catch (InvalidMessageException e) {
            metrics.event("invalid");
            LOG.warnf("dead-lettering event at %s-%d@%d (key %s): %s", record.topic(), record.partition(), record.offset(),
                    record.key(), e.getMessage());
            throw e;
        }
        StatusUpdater.Result result = applyWithRetry(event);
        metrics.event(result.outcome().name().toLowerCase(java.util.Locale.ROOT));
        if (result.status() != null) stalls.track(result.status());
        switch (result.outcome()) {
            case APPLIED -> {
                metrics.statusWritten();
                bus.publish(result.status());
                LOG.debugf("job %s: %s -> %s %d/%d", event.jobId(), event.type(), result.status().state(),
                        result.status().done(), result.status().total());
            }
            case UNCHANGED -> LOG.debugf("job %s: %s changed nothing", event.jobId(), event.type());
            case ORPHANED -> LOG.warnf("dropping %s event of unknown job %s", event.type(), event.jobId());
        }
    }

    private StatusUpdater.Result applyWithRetry(JobEvent event) {
        try {
            return retries.get(() -> updater.apply(event));
        } catch (StoreUnavailableException e) {
            LOG.errorf("giving up on %s event of job %s after %d attempts: %s", event.type(), event.jobId(), retries.maxAttempts(),
                    e.getMessage());
            throw e;
        }
    }
}
