package io.latentpatch.decoder;

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
import io.latentpatch.pipeline.stage.BankCache;
import io.latentpatch.pipeline.stage.EncodeStage;
import io.latentpatch.pipeline.stage.SampleStage;
import io.latentpatch.pipeline.stage.StageFixtures;
import io.latentpatch.pipeline.stage.StageObjects;
import io.latentpatch.service.LocalInfraTestResource;
import io.latentpatch.worker.ModelCatalog;
import io.latentpatch.storage.ObjectStore;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The decoder worker against the real broker and S3 server (local stack), with the built-in pixel codec. */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class DecodeWorkerIT {
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
                List.of(Topics.EVENTS, Topics.DECODE_DLQ));
    }

    @AfterEach
    void closeProbe() {
        probe.close();
    }

    @Test
    void tasksArrivingTogetherAreDecodedInBatchesAndEveryImageIsStoredOnce() throws IOException {
        List<DecodeTask> tasks = sampled("dec-set", JobRequest.of("acme", "dec-job", "dec-set", MODEL, 6, 3, null, Instant.now()));
        DistributionSummary sizes = registry.find("latentpatch.decode.batch.size").summary();
        long batchesBefore = sizes.count();
        double tasksBefore = sizes.totalAmount();
        tasks.forEach(this::submit);

        List<ConsumerRecord<String, String>> seen = probe.await(r -> imageDone(r, "dec-job").size() == 6, WAIT, "6 IMAGE_DONE events");
        assertThat(imageDone(seen, "dec-job")).extracting(JobEvent::imageIndex).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        for (DecodeTask t : tasks) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(store.get(t.imageKey())));
            assertThat(image.getWidth()).isEqualTo(256);
            assertThat(store.exists(t.provenancePngKey())).isTrue();
        }
        long batches = sizes.count() - batchesBefore;
        assertThat(sizes.totalAmount() - tasksBefore).isEqualTo(6);
        assertThat(batches).as("batches for 6 tasks sent together").isBetween(1L, 5L);
    }

    @Test
    void badRecordsInABatchAreDeadLetteredOneByOneAndTheRestIsDecoded() {
        List<DecodeTask> tasks = sampled("dec-set-2", JobRequest.of("acme", "dec-ok", "dec-set-2", MODEL, 2, 4, null, Instant.now()));
        store.put(ObjectKeys.jobOwner("dec-poison"), "acme".getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/plain");
        probe.send(Topics.DECODE, "dec-poison/3", "[1, 2");
        DecodeTask missing = DecodeTask.of(SampleTask.of(JobRequest.of("acme", "dec-missing", "dec-set-2", MODEL, 2, 1, null, Instant.now()),
                1, 16, null, null), 6);
        submit(missing);
        store.put(ObjectKeys.jobCancelled("acme", "dec-cancelled"), new byte[0], "text/plain");
        double skippedBefore = registry.counter("latentpatch.stage.skipped", "stage", "decode").count();
        DecodeTask t0 = tasks.get(0);
        submit(new DecodeTask(SchemaVersion.CURRENT, "acme", "dec-cancelled", 0, MODEL, 1, 6, t0.latentKey(), t0.provenanceNpyKey(),
                ObjectKeys.jobProvenancePng("acme", "dec-cancelled", 0), ObjectKeys.jobImage("acme", "dec-cancelled", 0), null));
        tasks.forEach(this::submit);

        List<ConsumerRecord<String, String>> seen = probe.await(r -> imageDone(r, "dec-ok").size() == 2
                && TopicProbe.of(r, Topics.DECODE_DLQ, "dec-poison").size() == 1
                && TopicProbe.of(r, Topics.DECODE_DLQ, "dec-missing").size() == 1
                && !failed(r, "dec-missing").isEmpty() && !failed(r, "dec-poison").isEmpty(), WAIT, "dead letters and 2 images");
        assertThat(failed(seen, "dec-poison")).singleElement().satisfies(e -> assertThat(e.imageIndex()).isEqualTo(3));
        assertThat(failed(seen, "dec-missing")).singleElement().satisfies(e -> {
            assertThat(e.imageIndex()).isEqualTo(1);
            assertThat(e.stage()).isEqualTo(JobEvent.Stage.DECODE);
            assertThat(e.reason()).contains(missing.latentKey());
        });
        long end = System.nanoTime() + WAIT.toNanos();
        while (registry.counter("latentpatch.stage.skipped", "stage", "decode").count() < skippedBefore + 1 && System.nanoTime() < end) {
            sleep(100);
        }
        assertThat(registry.counter("latentpatch.stage.skipped", "stage", "decode").count()).isEqualTo(skippedBefore + 1);
        assertThat(store.exists(ObjectKeys.jobImage("acme", "dec-cancelled", 0))).isFalse();
    }

    @Test
    void readinessReportsTheObjectStoreKafkaAndWarmModels() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body(containsString("object-store")).body(containsString("decode-tasks"))
                .body(containsString("\"models\"")).body(containsString("warm")).body(containsString("pixel-f16"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("latentpatch_decode_batch_size"));
    }

    /** The encoder's and sampler's parts, in process: latents and provenance stored, the decode tasks returned. */
    private List<DecodeTask> sampled(String set, JobRequest job) {
        StageFixtures.uploadBuiltInSet(store, set, 6);
        StageObjects objects = new StageObjects(store);
        List<SampleTask> tasks = new EncodeStage(objects, new ImageLoader(), "it", Clock.systemUTC()).run(job, models.codec(MODEL)).tasks();
        SampleStage sampler = new SampleStage(objects, new BankCache(4, 1L << 28), m -> null, "it", Clock.systemUTC());
        List<DecodeTask> out = new ArrayList<>();
        for (SampleTask t : tasks) sampler.run(t, r -> out.add(r.decode()));
        return out;
    }

    private void submit(DecodeTask task) {
        probe.send(Topics.DECODE, task.partitionKey(), JsonCodec.shared().writeString(task));
    }

    private static List<JobEvent> imageDone(List<ConsumerRecord<String, String>> records, String jobId) {
        return events(records, jobId, JobEvent.Type.IMAGE_DONE);
    }

    private static List<JobEvent> failed(List<ConsumerRecord<String, String>> records, String jobId) {
        return events(records, jobId, JobEvent.Type.FAILED);
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
