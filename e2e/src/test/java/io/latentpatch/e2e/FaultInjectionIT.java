package io.latentpatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentpatch.cli.GatewayClient;
import io.latentpatch.cli.JobWatcher;
import io.latentpatch.contracts.ApiKeys;
import io.latentpatch.contracts.DecodeTask;
import io.latentpatch.contracts.GenerationParams;
import io.latentpatch.contracts.JobRequest;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.contracts.ObjectKeys;
import io.latentpatch.contracts.SampleTask;
import io.latentpatch.contracts.SchemaVersion;
import io.latentpatch.contracts.Topics;
import io.latentpatch.localstack.LocalInfra;
import io.latentpatch.localstack.ServiceStack;
import io.latentpatch.localstack.ServiceStack.Service;
import io.latentpatch.localstack.StageLag;
import io.latentpatch.localstack.Supervisor;
import io.latentpatch.samples.SampleSet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault-injection suite of docs/reliability.md: the local stack as operators run it (one encoder, two samplers,
 * two decoders, supervised; a real broker and S3 server), jobs submitted through the gateway, and faults injected
 * while they run — SIGKILL of each worker kind mid-stage, SIGSTOP past the consumer session timeout, a broker
 * restart, an object-store outage, a poison record on every topic, 100 concurrent jobs of 5 tenants.
 *
 * <p>After each scenario: every job ended (none hangs), every SUCCEEDED job lists each image exactly once and each
 * image's latent, provenance and PNG are byte-identical to a fault-free run of the same inputs and seed (the pixel
 * codec decodes exactly), no job FAILED without a reason, and a job cancelled and purged mid-run leaves no object
 * behind once the pipeline has drained. The figures go to {@code e2e/target/reliability/faults.md}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionIT {
    private static final String MODEL = "pixel-f8";
    private static final int SOURCES = 16;
    /** Below the client's default of 45 s so that a frozen replica loses its partitions within the trial. */
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);
    private static final int KILL_TRIALS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The work of a job that the suite compares with its fault-free run. */
    record Spec(long seed, int count) {}

    /** Two jobs per trial; 48 images are 3 decoder batches each, so the decoders are busy for a while. */
    private static final List<Spec> TRIAL_JOBS = List.of(new Spec(11, 48), new Spec(12, 48));
    private static final Spec CANCELLED_JOB = new Spec(13, 48);
    private static final List<Spec> SMALL_JOBS = seeds(21, 25).stream().map(s -> new Spec(s, 4)).toList();
    private static final Spec POISON_VICTIM = new Spec(31, 48);

    private record Tenant(String name, String key, GatewayClient client) {}

    /** One job of a scenario, watched from submission to its end. */
    private final class Run {
        final Tenant tenant;
        final Spec spec;
        final String jobId;
        final List<long[]> progress = new CopyOnWriteArrayList<>(); // {nanoTime, done, sampled, state ordinal}
        volatile JsonNode last;
        private final Thread watcher;

        Run(Tenant tenant, String setId, Spec spec) throws IOException {
            this.tenant = tenant;
            this.spec = spec;
            this.jobId = tenant.client().submitJob(GatewayClient.jobBody(setId, MODEL, spec.count(), spec.seed(), GenerationParams.DEFAULTS), null);
            this.watcher = Thread.ofVirtual().start(this::watch);
        }

        private void watch() {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    JsonNode s = tenant.client().status(jobId);
                    last = s;
                    long[] p = {System.nanoTime(), JobWatcher.done(s), s.path("progress").path("sampled").asInt(), STATES.indexOf(JobWatcher.state(s))};
                    if (progress.isEmpty() || !Arrays.equals(Arrays.copyOfRange(progress.getLast(), 1, 4), Arrays.copyOfRange(p, 1, 4))) {
                        progress.add(p);
                    }
                    if (s.path("terminal").asBoolean()) return;
                } catch (IOException e) {
                    // the gateway or store is down for the fault: keep watching
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        boolean terminal() {
            return last != null && last.path("terminal").asBoolean();
        }

        /** Seconds from {@code t} to the first progress after it; 0 when the job had ended by then; null if none. */
        Double progressAfter(long t) {
            long[] before = null;
            for (long[] p : progress) {
                if (p[0] <= t) before = p;
                else if (before == null || !Arrays.equals(Arrays.copyOfRange(before, 1, 4), Arrays.copyOfRange(p, 1, 4))) {
                    return (p[0] - t) / 1e9;
                }
            }
            return before != null && before[3] >= STATES.indexOf("SUCCEEDED") ? 0.0 : null;
        }

        JsonNode awaitEnd() {
            try {
                watcher.join(JOB_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            watcher.interrupt();
            return last;
        }
    }

    private static final List<String> STATES = List.of("QUEUED", "ENCODING", "SAMPLING", "DECODING", "SUCCEEDED", "FAILED", "CANCELLED");

    @TempDir
    static Path work;

    private LocalInfra infra;
    private ServiceStack stack;
    private final List<Tenant> tenants = new ArrayList<>();
    private Tenant main;
    private Path sources;
    private Path labels;
    /** The set the fault-free reference ran on, encoded: the kill trials of later stages reuse it. */
    private String encodedSet;
    private final Map<Spec, Map<String, byte[]>> reference = new ConcurrentHashMap<>();
    private final FaultReport report = new FaultReport();
    private final Set<String> cancelledAndPurged = ConcurrentHashMap.newKeySet();

    @BeforeAll
    void startStackAndRunTheReference() throws Exception {
        Path home = Path.of(System.getProperty("latentpatch.home", "..")).toAbsolutePath().normalize();
        for (Service s : Service.values()) {
            if (!Files.isRegularFile(ServiceStack.appJar(home, s))) {
                System.err.println("[faults] SKIPPED: " + s.module() + " is not built; run the reactor build first");
                assumeTrue(false, s.module() + " is not built");
            }
        }
        long t0 = System.nanoTime();
        infra = LocalInfra.builder().start();
        ServiceStack.Builder b = ServiceStack.builder(home, infra).freePorts().logDir(home.resolve("e2e/target/faults-logs"))
                .replicas(Service.SAMPLER_WORKER, 2).replicas(Service.DECODER_WORKER, 2)
                .supervise(new Supervisor.Policy(true, Duration.ofMillis(250), Duration.ofSeconds(2), 100, Duration.ofMinutes(30)))
                .onEvent(m -> System.out.println("[faults] supervisor: " + m))
                .property("kafka.session.timeout.ms", Long.toString(SESSION_TIMEOUT.toMillis()))
                .property("kafka.heartbeat.interval.ms", "1000")
                // Short rounds, so that the 10 s store outage makes the status writer wait through several of them.
                .property("api-gateway.latentpatch.gateway.status-writer.max-attempts", "3")
                // A purge's second pass soon enough to be waited for.
                .property("api-gateway.latentpatch.gateway.retention.purge-settle", "3s")
                // 100 concurrent jobs of 5 tenants are 20 per tenant, and the suite reads every image back.
                .property("api-gateway.latentpatch.gateway.limits.concurrent-jobs", "25")
                .property("api-gateway.latentpatch.gateway.limits.requests-per-second", "2000")
                .property("api-gateway.latentpatch.gateway.limits.burst", "4000");
        for (int i = 1; i <= 5; i++) {
            String key = ApiKeys.generate();
            b.apiKey("tenant" + i, key);
            tenants.add(new Tenant("tenant" + i, key, null));
        }
        stack = b.start();
        tenants.replaceAll(t -> new Tenant(t.name(), t.key(), new GatewayClient(stack.gatewayUrl(), t.key())));
        main = tenants.getFirst();
        System.out.printf(Locale.ROOT, "[faults] stack up in %.1f s%n", (System.nanoTime() - t0) / 1e9);

        sources = work.resolve("sources");
        labels = SampleSet.writeTo(sources, SOURCES, 5, 256);
        encodedSet = upload(main);
        List<Spec> all = new ArrayList<>(TRIAL_JOBS);
        all.add(CANCELLED_JOB);
        all.addAll(SMALL_JOBS);
        all.add(POISON_VICTIM);
        long r0 = System.nanoTime();
        List<Run> runs = new ArrayList<>();
        for (Spec s : all) runs.add(new Run(main, encodedSet, s));
        for (Run r : runs) {
            JsonNode end = r.awaitEnd();
            assertThat(JobWatcher.state(end)).as("fault-free job %s", r.spec).isEqualTo("SUCCEEDED");
            Map<String, byte[]> files = new HashMap<>();
            for (int i = 0; i < r.spec.count(); i++) {
                for (String f : files(i)) files.put(f, main.client().fetch(r.jobId, f));
            }
            reference.put(r.spec, files);
        }
        System.out.printf(Locale.ROOT, "[faults] fault-free reference: %d jobs, %d images in %.1f s%n", runs.size(),
                all.stream().mapToInt(Spec::count).sum(), (System.nanoTime() - r0) / 1e9);
    }

    @AfterAll
    void writeReportAndStop() throws IOException {
        try {
            String machine = Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.arch") + ", "
                    + cpuModel() + ", Java " + Runtime.version();
            report.write(Path.of(System.getProperty("latentpatch.home", "..")).resolve("e2e/target/reliability/faults.md"), machine);
            System.out.println(report.markdown(machine));
        } finally {
            if (stack != null) stack.close();
            if (infra != null) infra.close();
        }
    }

    @Test
    @Order(1)
    void aSigkilledEncoderIsRestartedAndItsJobsCompleteIdentically() throws Exception {
        killTrials("SIGKILL encoder", Service.ENCODER_WORKER, encoding, true);
    }

    @Test
    @Order(2)
    void aSigkilledSamplerIsRestartedAndItsJobsCompleteIdentically() throws Exception {
        killTrials("SIGKILL sampler", Service.SAMPLER_WORKER, sampling, false);
    }

    @Test
    @Order(3)
    void aSigkilledDecoderIsRestartedAndItsJobsCompleteIdentically() throws Exception {
        killTrials("SIGKILL decoder", Service.DECODER_WORKER, decoding, false);
    }

    /**
     * {@value #KILL_TRIALS} trials: the trial's jobs are submitted (on a fresh upload of the same images when the
     * encoder is the target, so that it has work), a replica of {@code target} is SIGKILLed as soon as the first job is
     * in that stage, the supervisor restarts it, and the jobs must end as the fault-free run did.
     */
    private void killTrials(String scenario, Service target, StageProbe inStage, boolean freshSet) throws Exception {
        Tally tally = new Tally();
        int hits = 0;
        for (int trial = 0; trial < KILL_TRIALS; trial++) {
            String setId = freshSet ? upload(main) : encodedSet;
            List<Run> runs = new ArrayList<>();
            for (Spec s : TRIAL_JOBS) runs.add(new Run(main, setId, s));
            Run cancelled = new Run(main, setId, CANCELLED_JOB);
            if (awaitStage(runs.getFirst(), inStage)) hits++;
            int replica = trial % replicas(target);
            int restartsBefore = replica(target, replica).restarts();
            stack.kill(target, replica);
            long killedAt = System.nanoTime();
            cancelAndPurge(cancelled, tally);
            await(target.module() + "#" + replica + " restarted").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> replica(target, replica), r -> r.restarts() == restartsBefore + 1 && r.state() == Supervisor.State.RUNNING);
            tally.recovered(runs, killedAt);
            tally.check(runs);
            tally.checkPurged(cancelled);
        }
        finish(tally, scenario, KILL_TRIALS, String.format(Locale.ROOT, "killed while the first job had work in that stage in %d of "
                + "%d trials; a third job per trial cancelled and purged mid-run: only its tombstone left in %d of %d (%d objects "
                + "written by tasks in flight at the purge, removed by its second pass)", hits, KILL_TRIALS, tally.purgedClean,
                tally.purgedTotal(), tally.lateWrites));
    }

    @Test
    @Order(4)
    void aFrozenWorkerPastItsSessionTimeoutCorruptsNothingWhenItWakes() throws Exception {
        Tally tally = new Tally();
        int trials = 0;
        int missed = 0;
        for (Service target : List.of(Service.SAMPLER_WORKER, Service.DECODER_WORKER)) {
            // A fresh upload for the sampler: its bank cache is cold for a new set, so sampling lasts long enough to catch.
            String setId = target == Service.SAMPLER_WORKER ? upload(main) : encodedSet;
            int restartsBefore = replica(target, 0).restarts();
            boolean hit = trial(tally, setId, target == Service.SAMPLER_WORKER ? sampling : decoding, () -> {
                stack.suspend(target, 0);
                long frozenAt = System.nanoTime();
                try {
                    Thread.sleep(SESSION_TIMEOUT.multipliedBy(2).toMillis());
                } finally {
                    stack.resume(target, 0);
                }
                return frozenAt;
            });
            if (!hit) missed++;
            assertThat(replica(target, 0).restarts()).as("the woken %s carried on without a restart", target.module()).isEqualTo(restartsBefore);
            trials++;
        }
        finish(tally, "SIGSTOP 12 s, then SIGCONT", trials, String.format(Locale.ROOT, "sampler#0, then decoder#0, frozen past the "
                + "6 s session timeout while the job was in its stage (%d of %d; recovery counted from the freeze): the other "
                + "replica takes its partitions and redoes its unacknowledged work; the woken zombie's late writes are the same "
                + "bytes and its late events change nothing", trials - missed, trials));
    }

    @Test
    @Order(5)
    void aBrokerRestartMidJobLosesNothing() throws Exception {
        Tally tally = new Tally();
        int missed = 0;
        for (boolean crash : List.of(false, true)) {
            boolean hit = trial(tally, encodedSet, decoding, () -> {
                infra.kafka().restart(crash, Duration.ofSeconds(2));
                return System.nanoTime();
            });
            if (!hit) missed++;
        }
        finish(tally, "broker restart", 2, String.format(Locale.ROOT, "while the job was decoding (%d of 2): one clean restart, "
                + "one SIGKILL of the broker; 2 s down each", 2 - missed));
    }

    @Test
    @Order(6)
    void anObjectStoreOutageOfTenSecondsIsWaitedOut() throws Exception {
        Tally tally = new Tally();
        int missed = 0;
        for (StageProbe stage : List.of(sampling, decoding)) {
            String setId = stage == sampling ? upload(main) : encodedSet;
            boolean hit = trial(tally, setId, stage, () -> {
                infra.s3().outage(Duration.ofSeconds(10));
                return System.nanoTime();
            });
            if (!hit) missed++;
        }
        finish(tally, "object store down 10 s", 2, String.format(Locale.ROOT, "S3 server killed mid-sample, then mid-decode (%d of 2 "
                + "hit), back on the same port and data after 10 s: the workers' and the status writer's retries wait it out", 2 - missed));
    }

    /** A fault injected into a running trial; returns the {@link System#nanoTime()} from which recovery is counted. */
    private interface Fault {
        long inject() throws Exception;
    }

    /**
     * One trial: {@link #TRIAL_JOBS} on {@code setId}, the fault as soon as the first job is in {@code stage}, then the
     * recovery time and the checks of every job; true when the fault found the first job in that stage.
     */
    private boolean trial(Tally tally, String setId, StageProbe stage, Fault fault) throws Exception {
        List<Run> runs = new ArrayList<>();
        for (Spec s : TRIAL_JOBS) runs.add(new Run(main, setId, s));
        boolean hit = awaitStage(runs.getFirst(), stage);
        tally.recovered(runs, fault.inject());
        tally.check(runs);
        return hit;
    }

    @Test
    @Order(7)
    void aPoisonRecordOnEveryTopicIsDeadLetteredAndFailsOnlyItsJob() throws Exception {
        Tally tally = new Tally();
        List<String> topics = List.of(Topics.ENCODE, Topics.SAMPLE, Topics.DECODE, Topics.EVENTS);
        Map<String, Run> victims = new HashMap<>();
        Map<String, List<String>> poison = new HashMap<>();
        List<Run> healthy = new ArrayList<>();
        // With the encoder stopped no victim can finish before its poison is handled: the sampler, decoder and status
        // writer fail theirs at once, and the encoder meets its poison right behind the victim's own request.
        stack.stop(Service.ENCODER_WORKER);
        try {
            for (String topic : topics) {
                Run victim = new Run(main, encodedSet, POISON_VICTIM);
                victims.put(topic, victim);
                healthy.add(new Run(main, encodedSet, SMALL_JOBS.get(healthy.size())));
                String garbage = "{ poison for " + topic + " " + UUID.randomUUID();
                String invalid = invalidRecordFor(topic, victim.jobId);
                poison.put(topic, List.of(invalid, garbage));
                try (KafkaProducer<String, String> producer = TopicProbe.producer(infra.bootstrapServers())) {
                    producer.send(new ProducerRecord<>(topic, victim.jobId, invalid)).get();
                    producer.send(new ProducerRecord<>(topic, "garbage", garbage)).get();
                }
            }
            for (String topic : List.of(Topics.SAMPLE, Topics.DECODE)) {
                Run v = victims.get(topic);
                await("the victim of the " + topic + " poison failed").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                        .until(() -> v.last != null && JobWatcher.state(v.last).equals("FAILED"));
            }
        } finally {
            stack.start(Service.ENCODER_WORKER);
        }
        for (String topic : topics) {
            List<String> dead = TopicProbe.values(infra.bootstrapServers(), Topics.dlq(topic), poison.get(topic), Duration.ofSeconds(60));
            assertThat(dead).as("dead letters of %s", topic).containsAll(poison.get(topic));
            Run victim = victims.get(topic);
            JsonNode end = victim.awaitEnd();
            if (topic.equals(Topics.EVENTS)) {
                // A bad event is only dropped to the DLQ: the status writer is what it would have failed.
                tally.check(List.of(victim));
            } else {
                assertThat(JobWatcher.state(end)).as("the job named by the poison record on %s", topic).isEqualTo("FAILED");
                assertThat(end.path("reason").asText()).as("its reason").isNotBlank();
                System.out.println("[faults] poison on " + topic + " failed its job: " + end.path("reason").asText());
                tally.failed++;
                tally.jobs++;
                tally.images += victim.spec.count();
            }
        }
        tally.check(healthy);
        finish(tally, "poison record per topic", topics.size(), "a well-formed record naming a running job, and garbage, on "
                + "encode, sample, decode, events: both in <topic>.dlq; that job FAILED with the reason (events: only "
                + "dead-lettered, the job SUCCEEDED), the 4 jobs beside them SUCCEEDED");
        assertThat(tally.failed).isEqualTo(3);
    }

    @Test
    @Order(8)
    void aHundredConcurrentJobsOfFiveTenantsEachSeeOnlyTheirOwn() throws Exception {
        Tally tally = new Tally();
        Map<Tenant, String> sets = new HashMap<>();
        for (Tenant t : tenants) sets.put(t, upload(t));
        List<Run> runs = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> submitted = new ArrayList<>();
            for (Tenant t : tenants) {
                submitted.add(pool.submit(() -> {
                    for (int j = 0; j < 20; j++) runs.add(new Run(t, sets.get(t), SMALL_JOBS.get(j % SMALL_JOBS.size())));
                    return null;
                }));
            }
            for (Future<?> f : submitted) f.get();
        }
        assertThat(runs).hasSize(100);
        tally.check(runs);
        double seconds = (System.nanoTime() - t0) / 1e9;
        for (Tenant t : tenants) {
            Set<String> own = new HashSet<>();
            for (Run r : runs) if (r.tenant == t) own.add(r.jobId);
            JsonNode page = JSON.readTree(get(t, "/v1/jobs?limit=100").body());
            Set<String> listed = new HashSet<>();
            for (JsonNode j : page.path("items")) listed.add(j.path("id").asText());
            assertThat(listed).as("the jobs %s lists", t.name()).containsAll(own);
            for (Run other : runs) {
                if (other.tenant != t) assertThat(listed).as("%s lists no job of %s", t.name(), other.tenant.name()).doesNotContain(other.jobId);
            }
            Run foreign = runs.stream().filter(r -> r.tenant != t).findFirst().orElseThrow();
            HttpResponse<String> r = get(t, "/v1/jobs/" + foreign.jobId);
            assertThat(r.statusCode()).as("%s asking for %s's job", t.name(), foreign.tenant.name()).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        finish(tally, "100 concurrent jobs, 5 tenants", 1, String.format(Locale.ROOT, "20 jobs of 4 images per tenant, all "
                + "submitted at once, done in %.1f s; each tenant lists only its own and gets 404 for the others'", seconds));
    }

    // ---- checking

    /** What a scenario's jobs showed. */
    private final class Tally {
        int jobs, images, lost, duplicated, corrupted, failed, purgedClean, lateWrites;
        final List<Double> recover = new ArrayList<>();
        final List<String> problems = new ArrayList<>();

        void recovered(List<Run> runs, long faultEnded) {
            Double first = null;
            for (Run r : runs) {
                r.awaitEnd();
                Double d = r.progressAfter(faultEnded);
                if (d != null && (first == null || d < first)) first = d;
            }
            if (first != null) recover.add(first);
        }

        void check(List<Run> runs) throws IOException {
            for (Run r : runs) {
                JsonNode end = r.awaitEnd();
                jobs++;
                images += r.spec.count();
                String state = end == null ? "UNKNOWN" : JobWatcher.state(end);
                if (end == null || !end.path("terminal").asBoolean()) {
                    lost += r.spec.count();
                    problems.add("job " + r.jobId + " still " + state + " after " + JOB_TIMEOUT);
                    continue;
                }
                if (state.equals("FAILED")) {
                    failed++;
                    problems.add("job " + r.jobId + " FAILED: " + end.path("reason").asText("(no reason)"));
                    continue;
                }
                if (!state.equals("SUCCEEDED")) {
                    problems.add("job " + r.jobId + " ended " + state);
                    continue;
                }
                List<Integer> listed = new ArrayList<>();
                for (JsonNode image : end.path("links").path("images")) listed.add(image.path("index").asInt());
                Set<Integer> distinct = new HashSet<>(listed);
                duplicated += listed.size() - distinct.size() + Math.max(0, JobWatcher.done(end) - r.spec.count());
                for (int i = 0; i < r.spec.count(); i++) {
                    if (!distinct.contains(i)) {
                        lost++;
                        continue;
                    }
                    for (String f : files(i)) {
                        if (!Arrays.equals(r.tenant.client().fetch(r.jobId, f), reference.get(r.spec).get(f))) {
                            corrupted++;
                            problems.add("job " + r.jobId + " " + f + " differs from the fault-free run");
                            break;
                        }
                    }
                }
            }
        }

        /**
         * The job was cancelled and purged: once the pipeline has drained, its tasks still queued at the purge were
         * skipped, so nothing of it is left but its tombstone (the empty cancelled marker the retention sweep removes).
         */
        void checkPurged(Run cancelled) throws Exception {
            if (cancelled == null || !cancelledAndPurged.contains(cancelled.jobId)) return;
            awaitPipelineIdle();
            lateWrites += leftOf(cancelled).size();
            try {
                await("only the tombstone of purged job " + cancelled.jobId + " left").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(250)).until(() -> leftOf(cancelled).isEmpty());
                purgedClean++;
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                problems.add("cancelled and purged job " + cancelled.jobId + " left " + leftOf(cancelled));
            }
        }

        int purgedTotal() {
            return purgedClean + (int) problems.stream().filter(p -> p.startsWith("cancelled and purged")).count();
        }

        /** What is left of a purged job besides its tombstone. */
        private List<String> leftOf(Run purged) throws IOException {
            String tenant = purged.tenant.name();
            List<String> left = new ArrayList<>(objects(ObjectKeys.jobPrefix(tenant, purged.jobId)));
            left.remove(ObjectKeys.jobCancelled(tenant, purged.jobId));
            left.addAll(objects(ObjectKeys.jobOwner(purged.jobId)));
            left.addAll(objects(ObjectKeys.activeJobsPrefix(tenant) + purged.jobId));
            return left;
        }
    }

    private void finish(Tally t, String scenario, int trials, String note) {
        report.add(new FaultReport.Row(scenario, trials, t.jobs, t.images, t.lost, t.duplicated, t.corrupted, t.failed, t.recover, note));
        List<String> unexpected = t.problems.stream().filter(p -> !(scenario.startsWith("poison") && p.contains("FAILED"))).toList();
        assertThat(unexpected).as(scenario).isEmpty();
        assertThat(t.lost + t.duplicated + t.corrupted).as(scenario + ": images lost, duplicated or corrupted").isZero();
    }

    /** Cancels a running job, waits for CANCELLED and purges it; a job that finished first is checked as any other. */
    private void cancelAndPurge(Run run, Tally tally) throws Exception {
        HttpResponse<String> cancel = send(run.tenant, HttpRequest.newBuilder(uri("/v1/jobs/" + run.jobId)).DELETE());
        if (cancel.statusCode() == 409) { // it ended before the cancel
            tally.check(List.of(run));
            return;
        }
        assertThat(cancel.statusCode()).as("cancel: %s", cancel.body()).isIn(200, 202);
        JsonNode end = run.awaitEnd();
        assertThat(JobWatcher.state(end)).isEqualTo("CANCELLED");
        HttpResponse<String> purge = send(run.tenant, HttpRequest.newBuilder(uri("/v1/jobs/" + run.jobId + "?purge=true")).DELETE());
        assertThat(purge.statusCode()).as("purge: %s", purge.body()).isEqualTo(204);
        cancelledAndPurged.add(run.jobId);
    }

    /** Where a job stands with respect to one stage. */
    private enum Phase { BEFORE, IN, PAST }

    /** Tells where a job stands with respect to one stage. */
    private interface StageProbe {
        Phase of(Run run) throws IOException;
    }

    /** Waits until the job is in the stage (true), or has gone past it before a probe saw it there (false). */
    private static boolean awaitStage(Run run, StageProbe probe) {
        return await("job " + run.jobId + " in the stage").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10))
                .until(() -> probe.of(run), p -> p != Phase.BEFORE) == Phase.IN;
    }

    /** The encoder holds the job: its status says ENCODING (the encoder's STARTED event) and no latent exists yet. */
    private final StageProbe encoding = run -> {
        if (countObjects(run, "latents/") > 0 || run.terminal()) return Phase.PAST;
        JsonNode s = run.last;
        if (s == null) return Phase.BEFORE;
        int state = STATES.indexOf(JobWatcher.state(s));
        return state == STATES.indexOf("ENCODING") ? Phase.IN : state < STATES.indexOf("ENCODING") ? Phase.BEFORE : Phase.PAST;
    };

    /**
     * The samplers are working on the job: some but not all of its latents are in the store. (The store, not the status:
     * the status writer applies events a poll at a time, so under load the status lags the work by whole stages.)
     */
    private final StageProbe sampling = run -> phaseByCount(countObjects(run, "latents/"), run.spec.count());

    /**
     * The decoders hold work of the job: some image is sampled (its decode task is published) and not every image is
     * decoded. (Decoding a pixel-codec image takes milliseconds, so the decoders keep pace with the samplers: "some
     * but not all images stored" alone is a window of a few milliseconds.)
     */
    private final StageProbe decoding = run -> {
        long decoded = countObjects(run, "images/");
        if (decoded >= run.spec.count()) return Phase.PAST;
        return countObjects(run, "latents/") > 0 ? Phase.IN : Phase.BEFORE;
    };

    private static Phase phaseByCount(long n, int total) {
        return n == 0 ? Phase.BEFORE : n < total ? Phase.IN : Phase.PAST;
    }

    /** Objects of the job under {@code folder} (its files in the S3 server's filesystem storage). */
    private long countObjects(Run run, String folder) throws IOException {
        Path dir = bucketDir().resolve(ObjectKeys.jobPrefix(run.tenant.name(), run.jobId) + folder);
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    // ---- the stack

    private String upload(Tenant t) throws IOException {
        try (Stream<Path> files = Files.list(sources)) {
            return t.client().uploadSourceSet(files.filter(f -> f.toString().endsWith(".png")).sorted().toList(), labels);
        }
    }

    private static List<String> files(int i) {
        return List.of("images/" + i + ".png", "latents/" + i + ".npy", "provenance/" + i + ".npy");
    }

    private int replicas(Service s) {
        return (int) stack.status().stream().filter(r -> r.service() == s).count();
    }

    private Supervisor.ReplicaStatus replica(Service s, int index) {
        return stack.status().stream().filter(r -> r.service() == s && r.index() == index).findFirst().orElseThrow();
    }

    /** The bucket's directory in the S3 server's filesystem storage: one file per object, at its key. */
    private Path bucketDir() {
        return infra.s3().dataDir().resolve("objects").resolve(infra.bucket());
    }

    /** The object keys under {@code prefix}, read from the S3 server's files (filesystem storage: one file per key). */
    private List<String> objects(String prefix) throws IOException {
        Path bucket = bucketDir();
        Path at = bucket.resolve(prefix);
        Path dir = prefix.endsWith("/") ? at : at.getParent();
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> bucket.relativize(p).toString().replace('\\', '/'))
                    .filter(k -> k.startsWith(prefix)).toList();
        }
    }

    private void awaitPipelineIdle() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            await("every stage's consumer lag at 0").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                    .until(() -> StageLag.read(admin, Duration.ofSeconds(10)).stream().mapToLong(StageLag::lag).sum() == 0);
        }
    }

    /** A record that parses on {@code topic} and names {@code jobId}, but can never succeed (it points at nothing). */
    private String invalidRecordFor(String topic, String jobId) {
        String t = main.name();
        String missingSet = "missing-" + UUID.randomUUID();
        return switch (topic) {
            case Topics.ENCODE -> JsonCodec.shared().writeString(new JobRequest(SchemaVersion.CURRENT, t, jobId, missingSet, MODEL,
                    POISON_VICTIM.count(), POISON_VICTIM.seed(), GenerationParams.DEFAULTS, Instant.now()));
            case Topics.SAMPLE -> JsonCodec.shared().writeString(new SampleTask(SchemaVersion.CURRENT, t, jobId, 0,
                    POISON_VICTIM.count(), POISON_VICTIM.seed(), missingSet, MODEL, ObjectKeys.tenantPrefix(t) + "sources/" + missingSet + "/latents.npy",
                    ObjectKeys.tenantPrefix(t) + "sources/" + missingSet + "/mean.npy", ObjectKeys.tenantPrefix(t) + "sources/" + missingSet + "/basis.npy",
                    null, GenerationParams.DEFAULTS, 1));
            case Topics.DECODE -> {
                String job = ObjectKeys.jobPrefix(t, jobId);
                yield JsonCodec.shared().writeString(new DecodeTask(SchemaVersion.CURRENT, t, jobId, 0, MODEL, POISON_VICTIM.seed(),
                        SOURCES, job + "latents/missing.npy", job + "provenance/0.npy", job + "provenance/0.png", job + "images/0.png", null));
            }
            default -> """
                    {"schemaVersion":%d,"tenant":"%s","jobId":"%s","type":"NO_SUCH_EVENT","stage":"DECODE","at":"%s"}"""
                    .formatted(SchemaVersion.CURRENT, t, jobId, Instant.now());
        };
    }

    private URI uri(String path) {
        return URI.create(stack.gatewayUrl() + path);
    }

    private HttpResponse<String> get(Tenant t, String path) throws IOException, InterruptedException {
        return send(t, HttpRequest.newBuilder(uri(path)).GET());
    }

    private static HttpResponse<String> send(Tenant t, HttpRequest.Builder b) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(b.header("Authorization", "Bearer " + t.key()).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static List<Long> seeds(long from, long to) {
        return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
    }
}
