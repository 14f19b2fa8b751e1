package io.latentpatch.gateway.job;

import io.latentpatch.gateway.GatewayConfig;
import io.latentpatch.gateway.RequestPathStore;
import io.latentpatch.storage.ObjectStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The second delete pass of a purge: a task of the job that was already past its cancel check when the purge ran writes
 * its outputs afterwards; {@code latentpatch.gateway.retention.purge-settle} later (default 30 s, longer than a task
 * takes) this pass deletes them, leaving only the tombstone. If this replica stops first, the retention sweep does it.
 */
@ApplicationScoped
public class PurgeSettler {
    private static final Logger LOG = Logger.getLogger(PurgeSettler.class);

    private final ObjectStore store;
    private final Duration settle;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("purge-settler").daemon().factory());

    public PurgeSettler(@RequestPathStore.RequestPath ObjectStore store, GatewayConfig config) {
        this.store = store;
        this.settle = config.retention().purgeSettle();
    }

    /** Deletes everything under {@code prefix} but {@code tombstone} again, once the settle time has passed. */
    void schedule(String jobId, String prefix, String tombstone) {
        if (settle.isZero()) return;
        timer.schedule(() -> {
            try {
                int late = store.deletePrefix(prefix, Set.of(tombstone));
                if (late > 0) LOG.infof("purged job %s: %d objects written by tasks in flight at the purge deleted", jobId, late);
            } catch (RuntimeException e) {
                LOG.warnf("second purge pass of job %s failed (the retention sweep will delete what is left): %s", jobId, e.getMessage());
            }
        }, settle.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }
}
