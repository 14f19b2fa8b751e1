package io.latentpatch.gateway.retention;

import io.latentpatch.gateway.GatewayConfig;
import io.latentpatch.storage.ObjectStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Runs a {@link RetentionSweep} every {@code latentpatch.gateway.retention.sweep-interval} (when enabled). */
@ApplicationScoped
public class RetentionSweeper {

    private static final Logger LOG = Logger.getLogger(RetentionSweeper.class);

    private final RetentionSweep sweep;
    private final GatewayConfig.Retention config;
    private ScheduledExecutorService timer;

    public RetentionSweeper(ObjectStore store, GatewayConfig config) {
        this.config = config.retention();
        this.sweep = new RetentionSweep(store, this.config.sourceSets(), this.config.jobs(), Clock.systemUTC());
    }

    void start(@Observes StartupEvent start) {
        if (!config.enabled()) {
            LOG.info("retention sweeper disabled (latentpatch.gateway.retention.enabled=false): nothing expires");
            return;
        }
        long every = Math.max(1000, config.sweepInterval().toMillis());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "retention-sweeper");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
        LOG.infof("retention: source sets after %s, finished jobs after %s, swept every %s", config.sourceSets(), config.jobs(),
                config.sweepInterval());
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer != null) timer.shutdownNow();
    }

    /** One pass now (also what the timer runs). */
    public RetentionSweep.Outcome sweepNow() {
        RetentionSweep.Outcome o = sweep.run();
        if (o.objects() > 0) LOG.infof("retention: deleted %d source sets and %d jobs (%d objects)", o.sourceSets(), o.jobs(), o.objects());
        return o;
    }

    private void sweepQuietly() {
        try {
            sweepNow();
        } catch (RuntimeException e) {
            LOG.warnf("retention sweep failed, next one in %s: %s", config.sweepInterval(), e.toString());
        }
    }
}
