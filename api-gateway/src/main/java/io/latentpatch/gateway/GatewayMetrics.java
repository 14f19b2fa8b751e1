package io.latentpatch.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The gateway's own meters, exported at {@code /q/metrics} (Prometheus names in brackets):
 * <ul>
 *   <li>{@code latentpatch.gateway.jobs.accepted} [{@code latentpatch_gateway_jobs_accepted_total}]: jobs published to the encoder;</li>
 *   <li>{@code latentpatch.gateway.jobs.replayed}: submissions answered from an earlier one with the same Idempotency-Key;</li>
 *   <li>{@code latentpatch.gateway.jobs.cancelled}: cancel requests accepted;</li>
 *   <li>{@code latentpatch.gateway.source-sets.created}: source sets stored;</li>
 *   <li>{@code latentpatch.gateway.requests.rejected} tagged {@code reason} (the problem slug) and {@code status}:
 *       every problem response;</li>
 *   <li>{@code latentpatch.gateway.status.writes}: status documents written by the status writer;</li>
 *   <li>{@code latentpatch.gateway.status.events} tagged {@code outcome} = {@code applied}, {@code unchanged}
 *       (duplicate or after a terminal state), {@code orphaned} (no such job), {@code invalid} (dead-lettered):
 *       events consumed.</li>
 * </ul>
 */
@ApplicationScoped
public class GatewayMetrics {

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter replayed;
    private final Counter cancelled;
    private final Counter sourceSets;
    private final Counter statusWrites;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        accepted = registry.counter("latentpatch.gateway.jobs.accepted");
        replayed = registry.counter("latentpatch.gateway.jobs.replayed");
        cancelled = registry.counter("latentpatch.gateway.jobs.cancelled");
        sourceSets = registry.counter("latentpatch.gateway.source-sets.created");
        statusWrites = registry.counter("latentpatch.gateway.status.writes");
    }

    public void jobAccepted() {
        accepted.increment();
    }

    public void jobReplayed() {
        replayed.increment();
    }

    public void jobCancelled() {
        cancelled.increment();
    }

    public void sourceSetCreated() {
        sourceSets.increment();
    }

    public void statusWritten() {
        statusWrites.increment();
    }

    /** The status writer spent one whole retry budget on an unavailable store and keeps waiting. */
    public void statusWriterWaiting() {
        registry.counter("latentpatch.gateway.status.store.waits").increment();
    }

    /** A request answered with a problem document of type {@code reason}. */
    public void rejected(String reason, int status) {
        registry.counter("latentpatch.gateway.requests.rejected", "reason", reason, "status", Integer.toString(status))
                .increment();
    }

    /** An event consumed by the status writer, with what it did to the status. */
    public void event(String outcome) {
        registry.counter("latentpatch.gateway.status.events", "outcome", outcome).increment();
    }

    /** One poll of the status writer: {@code records} records folded for {@code jobs} jobs (at most that many status writes). */
    public void eventBatch(int records, int jobs) {
        registry.summary("latentpatch.gateway.status.batch.records").record(records);
        registry.summary("latentpatch.gateway.status.batch.jobs").record(jobs);
    }
}
