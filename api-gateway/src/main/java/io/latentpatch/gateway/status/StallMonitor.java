package io.latentpatch.gateway.status;

import io.latentpatch.contracts.ConsumerGroups;
import io.latentpatch.contracts.JobStatus;
import io.latentpatch.gateway.GatewayConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Watches the stages' consumer groups and the jobs this replica owns, so that stalled work is visible.
 *
 * <p>Every {@code latentpatch.gateway.stall.poll-interval} a Kafka admin client reads, for each group of
 * {@link ConsumerGroups#ALL}, its members, its lag (end offsets minus committed offsets of its topic) and whether
 * it committed anything since the previous poll; the snapshot is cached and exported as
 * {@code latentpatch.stage.consumer.lag} and {@code latentpatch.stage.consumer.members} (tags {@code stage},
 * {@code group}). {@link #check(JobStatus)} applies {@link StallDetector} to a status and that snapshot: the
 * status document keeps its single writer, the stall is computed in the view.
 *
 * <p>{@code latentpatch.gateway.jobs.stalled{stage}} counts the unfinished jobs this replica accepted or whose
 * events it applied (at most {@value #MAX_TRACKED}, oldest dropped first) that are stalled now.
 */
@ApplicationScoped
public class StallMonitor {
    static final int MAX_TRACKED = 10_000;
    private static final Logger LOG = Logger.getLogger(StallMonitor.class);

    private final GatewayConfig.Stall config;
    private final String bootstrapServers;
    private final MeterRegistry registry;
    private final StallDetector detector;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, StageHealth> snapshot = new ConcurrentHashMap<>();
    private final Map<String, Long> lastCommitted = new HashMap<>();
    private final Map<String, JobStatus> active = java.util.Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JobStatus> eldest) {
            return size() > MAX_TRACKED;
        }
    });
    private ScheduledExecutorService poller;
    private Admin admin;

    public StallMonitor(GatewayConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                        MeterRegistry registry) {
        this.config = config.stall();
        this.bootstrapServers = bootstrapServers;
        this.registry = registry;
        this.detector = new StallDetector(this.config.after());
    }

    void start(@Observes StartupEvent event) {
        for (ConsumerGroups.Group g : ConsumerGroups.ALL) {
            Gauge.builder("latentpatch.stage.consumer.lag", snapshot, m -> value(m.get(g.stage()), true))
                    .description("Records of the stage's topic not yet committed by its consumer group (NaN until polled)")
                    .tag("stage", g.stage()).tag("group", g.groupId()).register(registry);
            Gauge.builder("latentpatch.stage.consumer.members", snapshot, m -> value(m.get(g.stage()), false))
                    .description("Consumers in the stage's consumer group (NaN until polled)")
                    .tag("stage", g.stage()).tag("group", g.groupId()).register(registry);
        }
        for (String stage : List.of(ConsumerGroups.ENCODE.stage(), ConsumerGroups.SAMPLE.stage(), ConsumerGroups.DECODE.stage())) {
            Gauge.builder("latentpatch.gateway.jobs.stalled", this, m -> m.stalledNow(stage))
                    .description("Unfinished jobs of this replica stalled at the stage").tag("stage", stage).register(registry);
        }
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "latentpatch-gateway-stall-monitor");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        admin = Admin.create(p);
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stall-monitor");
            t.setDaemon(true);
            return t;
        });
        long ms = config.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, 0, ms, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (poller != null) poller.shutdownNow();
        if (admin != null) admin.close(Duration.ofSeconds(2));
    }

    /** The stall of {@code status} now, if any. */
    public Optional<StallDetector.Stalled> check(JobStatus status) {
        return detector.check(status, snapshot, clock.instant());
    }

    /** Remembers a status this replica accepted or wrote; finished jobs are forgotten. */
    public void track(JobStatus status) {
        if (status.state().isTerminal()) active.remove(status.jobId());
        else active.put(status.jobId(), status);
    }

    /** The last poll of every stage (empty until the first poll succeeds). */
    public Map<String, StageHealth> snapshot() {
        return Map.copyOf(snapshot);
    }

    private double stalledNow(String stage) {
        Instant now = clock.instant();
        List<JobStatus> jobs;
        synchronized (active) {
            jobs = List.copyOf(active.values());
        }
        return jobs.stream().map(j -> detector.check(j, snapshot, now)).filter(s -> s.isPresent() && s.get().stage().equals(stage))
                .count();
    }

    private static double value(StageHealth h, boolean lag) {
        if (h == null) return Double.NaN;
        return lag ? h.lag() : h.members();
    }

    private void poll() {
        Instant now = clock.instant();
        for (ConsumerGroups.Group g : ConsumerGroups.ALL) {
            try {
                long timeout = 5;
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(g.groupId())).all().get(timeout, TimeUnit.SECONDS)
                        .get(g.groupId());
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(List.of(g.topic())).allTopicNames().get(timeout, TimeUnit.SECONDS).get(g.topic()).partitions()
                        .forEach(info -> latest.put(new TopicPartition(g.topic(), info.partition()), OffsetSpec.latest()));
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(g.groupId())
                        .partitionsToOffsetAndMetadata().get(timeout, TimeUnit.SECONDS);
                long lag = 0;
                long committedTotal = 0;
                for (var end : admin.listOffsets(latest).all().get(timeout, TimeUnit.SECONDS).entrySet()) {
                    OffsetAndMetadata c = committed.get(end.getKey());
                    long at = c == null ? 0 : c.offset();
                    committedTotal += at;
                    lag += Math.max(0, end.getValue().offset() - at);
                }
                Long before = lastCommitted.put(g.stage(), committedTotal);
                boolean progressing = lag == 0 || before == null || committedTotal > before;
                snapshot.put(g.stage(), new StageHealth(g.stage(), g.groupId(), d == null ? 0 : d.members().size(), lag, progressing, now));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // No claims without data: a stage that cannot be read is never blamed.
                snapshot.remove(g.stage());
                LOG.debugf("cannot read consumer group %s: %s", g.groupId(), e.getMessage());
            }
        }
    }
}
