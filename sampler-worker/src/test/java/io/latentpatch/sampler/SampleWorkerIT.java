package io.latentpatch.sampler;

import io.latentpatch.service.TopicProbe;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.contracts.SchemaVersion;
import io.latentpatch.contracts.DecodeTask;
import io.latentpatch.contracts.JobEvent;
import io.latentpatch.contracts.JobRequest;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.contracts.ObjectKeys;
import io.latentpatch.contracts.SampleTask;
import io.latentpatch.contracts.Topics;
import io.latentpatch.pipeline.stage.EncodeStage;
import io.latentpatch.pipeline.stage.StageFixtures;
import io.latentpatch.pipeline.stage.StageObjects;
import io.latentpatch.service.LocalInfraTestResource;
import io.latentpatch.worker.ModelCatalog;
import io.latentpatch.storage.ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sampler worker against the real broker and S3 server (local stack), with the built-in pixel codec. */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class SampleWorkerIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String MODEL = "pixel-f8";

    @Inject
    ObjectStore store;
    @Inject
    ModelCatalog models;
    @Inject
    MeterRegistry registry;

    private TopicProbe probe;

    @BeforeEach
    void openProbe() {
        probe = new TopicProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                List.of(Topics.DECODE, Topics.EVENTS, Topics.SAMPLE_DLQ));
    }

    @AfterEach
    void closeProbe() {
        probe.close();
    }

    @Test
    void storesEachImagesOutputsThenPublishesItsDecodeTaskAndSampledEvent() {
        // Three images in runs of two: a task of images 0 and 1, another of image 2.
        List<SampleTask> tasks = encode("smp-set", JobRequest.of("acme", "smp-job", "smp-set", MODEL, 3, 42, null, Instant.now()), 2);
        assertThat(tasks).extracting(SampleTask::images).containsExactly(2, 1);
        tasks.forEach(this::submit);

        List<ConsumerRecord<String, String>> seen = probe.await(r -> TopicProbe.of(r, Topics.DECODE, "smp-job").size() == 3
                && events(r, "smp-job", JobEvent.Type.SAMPLED).size() == 3, WAIT, "3 decode tasks and SAMPLED events");
        for (ConsumerRecord<String, String> record : TopicProbe.of(seen, Topics.DECODE, "smp-job")) {
            DecodeTask decode = JsonCodec.shared().read(record.value(), DecodeTask.class);
            assertThat(record.key()).isEqualTo("smp-job/" + decode.imageIndex());
            assertThat(decode.sourceCount()).isEqualTo(6);
            assertThat(decode.latentKey()).isEqualTo(ObjectKeys.jobLatent("acme", "smp-job", decode.imageIndex()));
            assertThat(store.exists(decode.latentKey())).isTrue();
            assertThat(store.exists(decode.provenanceNpyKey())).isTrue();
            assertThat(store.exists(decode.reportKey())).isTrue();
        }
        assertThat(events(seen, "smp-job", JobEvent.Type.SAMPLED)).extracting(JobEvent::imageIndex).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(events(seen, "smp-job", JobEvent.Type.SAMPLED).get(0).timingsMs()).containsKeys("load", "sample", "write");
        // Two tasks of one job: one plan, one cache hit (at least: other tests may add more).
        assertThat(registry.find("cache.gets").tag("cache", "latentpatch.sample.banks").tag("result", "hit").functionCounter().count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void poisonInvalidAndUnrunnableTasksAreDeadLetteredTheirJobsFailAndLaterTasksStillRun() {
        List<SampleTask> tasks = encode("smp-set-2", JobRequest.of("acme", "smp-ok", "smp-set-2", MODEL, 2, 7, null, Instant.now()), 1);
        SampleTask good = tasks.get(0);
        store.put(ObjectKeys.jobOwner("smp-poison"), "acme".getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/plain");
        probe.send(Topics.SAMPLE, "smp-poison/0", "{\"schemaVersion\": 1, \"jobId\": ");
        String invalid = JsonCodec.shared().writeString(good).replace("\"imageIndex\":0", "\"imageIndex\":9");
        probe.send(Topics.SAMPLE, "smp-invalid/9", invalid.replace("smp-ok", "smp-invalid"));
        SampleTask missing = new SampleTask(SchemaVersion.CURRENT, "acme", "smp-missing", 1, 2, 7, "smp-set-2", MODEL, "tenants/acme/sources/smp-set-2/" + MODEL + "/gone.npy",
                good.pcaMeanKey(), good.pcaBasisKey(), null, null, 1);
        submit(missing);
        store.put(ObjectKeys.jobCancelled("acme", "smp-cancelled"), new byte[0], "text/plain");
        double skippedBefore = registry.counter("latentpatch.stage.skipped", "stage", "sample").count();
        submit(new SampleTask(SchemaVersion.CURRENT, "acme", "smp-cancelled", 0, 1, 7, "smp-set-2", MODEL, good.sourceLatentsKey(), good.pcaMeanKey(),
                good.pcaBasisKey(), null, null, 1));
        tasks.forEach(this::submit);

        List<ConsumerRecord<String, String>> seen = probe.await(r -> TopicProbe.of(r, Topics.DECODE, "smp-ok").size() == 2
                && TopicProbe.of(r, Topics.SAMPLE_DLQ, "smp-poison").size() == 1
                && TopicProbe.of(r, Topics.SAMPLE_DLQ, "smp-invalid").size() == 1
                && TopicProbe.of(r, Topics.SAMPLE_DLQ, "smp-missing").size() == 1
                && !events(r, "smp-missing", JobEvent.Type.FAILED).isEmpty(), WAIT, "dead letters and the later job's decode tasks");

        assertThat(TopicProbe.of(seen, Topics.SAMPLE_DLQ, "smp-poison").get(0).value()).isEqualTo("{\"schemaVersion\": 1, \"jobId\": ");
        assertThat(events(seen, "smp-poison", JobEvent.Type.FAILED)).singleElement()
                .satisfies(e -> assertThat(e.imageIndex()).isZero());
        assertThat(events(seen, "smp-invalid", JobEvent.Type.FAILED)).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("imageIndex"));
        assertThat(events(seen, "smp-missing", JobEvent.Type.FAILED)).singleElement().satisfies(e -> {
            assertThat(e.imageIndex()).isEqualTo(1);
            assertThat(e.stage()).isEqualTo(JobEvent.Stage.SAMPLE);
            assertThat(e.reason()).contains("gone.npy");
        });
        assertThat(TopicProbe.of(seen, Topics.DECODE, "smp-missing")).isEmpty();

        long end = System.nanoTime() + WAIT.toNanos();
        while (registry.counter("latentpatch.stage.skipped", "stage", "sample").count() < skippedBefore + 1 && System.nanoTime() < end) {
            sleep(100);
        }
        assertThat(registry.counter("latentpatch.stage.skipped", "stage", "sample").count()).isEqualTo(skippedBefore + 1);
        assertThat(store.exists(ObjectKeys.jobLatent("acme", "smp-cancelled", 0))).isFalse();
    }

    @Test
    void readinessReportsTheObjectStoreKafkaAndWarmModels() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body(containsString("object-store")).body(containsString("sample-tasks"))
                .body(containsString("\"models\"")).body(containsString("warm"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("latentpatch_sample_cache_bytes"), containsString("cache_size{cache=\"latentpatch.sample.banks\""));
    }

    /** The encoder's part, in process: the set's latents and PCA stored, the job's tasks (runs of {@code run} images) returned. */
    private List<SampleTask> encode(String set, JobRequest job, int run) {
        StageFixtures.uploadBuiltInSet(store, set, 6);
        return new EncodeStage(new StageObjects(store), new ImageLoader(), () -> null, "it", Clock.systemUTC(), Runnable::run, 1, run)
                .run(job, models.codec(MODEL)).tasks();
    }

    private void submit(SampleTask task) {
        probe.send(Topics.SAMPLE, task.partitionKey(), JsonCodec.shared().writeString(task));
    }

    private static List<JobEvent> events(List<ConsumerRecord<String, String>> records, String jobId, JobEvent.Type type) {
        return TopicProbe.of(records, Topics.EVENTS, jobId).stream()
                .map(r -> JsonCodec.shared().read(r.value(), JobEvent.class)).filter(e -> e.type() == type).toList();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
