package io.latentpatch.encoder;

import io.latentpatch.service.TopicProbe;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.latentpatch.contracts.GenerationParams;
import io.latentpatch.contracts.JobEvent;
import io.latentpatch.contracts.JobRequest;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.contracts.ObjectKeys;
import io.latentpatch.contracts.SampleTask;
import io.latentpatch.contracts.Topics;
import io.latentpatch.pipeline.stage.StageFixtures;
import io.latentpatch.service.LocalInfraTestResource;
import io.latentpatch.storage.ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The encoder worker against the real broker and S3 server (local stack), with the built-in pixel codec. */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class EncodeWorkerIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String MODEL = "pixel-f8";

    @Inject
    ObjectStore store;
    @Inject
    MeterRegistry registry;

    private TopicProbe probe;

    @BeforeEach
    void openProbe() {
        probe = new TopicProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                List.of(Topics.SAMPLE, Topics.EVENTS, Topics.ENCODE_DLQ));
    }

    @AfterEach
    void closeProbe() {
        probe.close();
    }

    @Test
    void fansOutRunsOfImagesAfterTheEncodedEventAndEncodesASetOnlyOnce() {
        StageFixtures.uploadBuiltInSet(store, "enc-set", 6);
        submit(JobRequest.of("acme", "enc-job-1", "enc-set", MODEL, 5, 11, null, Instant.now()));

        // images-per-sample-task is 2 in the test profile: images 0-1, 2-3 and 4.
        List<ConsumerRecord<String, String>> seen = probe.await(r -> TopicProbe.of(r, Topics.SAMPLE, "enc-job-1").size() == 3
                && !events(r, "enc-job-1", JobEvent.Type.ENCODED).isEmpty(), WAIT, "3 sample tasks of enc-job-1");
        List<ConsumerRecord<String, String>> tasks = TopicProbe.of(seen, Topics.SAMPLE, "enc-job-1");
        assertThat(tasks).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("enc-job-1/0", "enc-job-1/2", "enc-job-1/4");
        assertThat(tasks).extracting(r -> JsonCodec.shared().read(r.value(), SampleTask.class))
                .extracting(SampleTask::imageIndex, SampleTask::images)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(0, 2), org.assertj.core.groups.Tuple.tuple(2, 2),
                        org.assertj.core.groups.Tuple.tuple(4, 1));
        SampleTask first = JsonCodec.shared().read(tasks.get(0).value(), SampleTask.class);
        assertThat(first.sourceLatentsKey()).isEqualTo(ObjectKeys.sourceLatents("acme", "enc-set", MODEL));
        assertThat(store.exists(first.sourceLatentsKey())).isTrue();
        assertThat(store.exists(first.pcaBasisKey())).isTrue();
        JobEvent encoded = events(seen, "enc-job-1", JobEvent.Type.ENCODED).get(0);
        assertThat(encoded.timingsMs()).containsEntry("encodedImages", 6L).containsKey("encode");
        assertThat(events(seen, "enc-job-1", JobEvent.Type.ENCODING_STARTED)).hasSize(1);
        // Events are keyed by job id, so ENCODING_STARTED and ENCODED share a partition and stay in order.
        List<ConsumerRecord<String, String>> jobEvents = TopicProbe.of(seen, Topics.EVENTS, "enc-job-1");
        assertThat(jobEvents).extracting(ConsumerRecord::key).containsOnly("enc-job-1");
        assertThat(jobEvents.get(0).value()).contains("ENCODING_STARTED");

        double reusedBefore = registry.counter("latentpatch.encode.sets.reused").count();
        submit(JobRequest.of("acme", "enc-job-2", "enc-set", MODEL, 2, 12, null, Instant.now()));
        seen = probe.await(r -> TopicProbe.of(r, Topics.SAMPLE, "enc-job-2").size() == 1
                && !events(r, "enc-job-2", JobEvent.Type.ENCODED).isEmpty(), WAIT, "the sample task of enc-job-2");
        assertThat(events(seen, "enc-job-2", JobEvent.Type.ENCODED).get(0).timingsMs())
                .containsEntry("encodedImages", 0L).doesNotContainKey("encode");
        assertThat(registry.counter("latentpatch.encode.sets.reused").count()).isEqualTo(reusedBefore + 1);
    }

    @Test
    void poisonAndImpossibleRequestsAreDeadLetteredTheirJobsFailAndLaterJobsStillRun() {
        StageFixtures.uploadBuiltInSet(store, "enc-bad-set", 4);
        // The gateway records each job's tenant; a poison value names none, so the worker finds it there.
        store.put(ObjectKeys.jobOwner("enc-poison"), "acme".getBytes(StandardCharsets.UTF_8), "text/plain");
        probe.send(Topics.ENCODE, "enc-poison", "{this is not json");
        submit(JobRequest.of("acme", "enc-bad-plan", "enc-bad-set", MODEL, 2, 1,
                GenerationParams.builder().mode(GenerationParams.Mode.ATTRIBUTES).where("glasses=purple").build(), Instant.now()));
        submit(JobRequest.of("acme", "enc-bad-model", "enc-bad-set", "no-such-model", 2, 1, null, Instant.now()));
        store.put(ObjectKeys.jobCancelled("acme", "enc-cancelled"), new byte[0], "text/plain");
        double skippedBefore = registry.counter("latentpatch.stage.skipped", "stage", "encode").count();
        submit(JobRequest.of("acme", "enc-cancelled", "enc-bad-set", MODEL, 2, 1, null, Instant.now()));
        submit(JobRequest.of("acme", "enc-after", "enc-bad-set", MODEL, 3, 1, null, Instant.now()));

        List<ConsumerRecord<String, String>> seen = probe.await(r -> TopicProbe.of(r, Topics.SAMPLE, "enc-after").size() == 2
                && TopicProbe.of(r, Topics.ENCODE_DLQ, "enc-poison").size() == 1
                && TopicProbe.of(r, Topics.ENCODE_DLQ, "enc-bad-plan").size() == 1
                && TopicProbe.of(r, Topics.ENCODE_DLQ, "enc-bad-model").size() == 1
                && !events(r, "enc-bad-model", JobEvent.Type.FAILED).isEmpty(), WAIT, "dead letters and the later job's tasks");

        ConsumerRecord<String, String> poison = TopicProbe.of(seen, Topics.ENCODE_DLQ, "enc-poison").get(0);
        assertThat(poison.value()).isEqualTo("{this is not json");
        assertThat(new String(poison.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8)).isNotBlank();
        assertThat(events(seen, "enc-poison", JobEvent.Type.FAILED)).singleElement()
                .satisfies(e -> assertThat(e.stage()).isEqualTo(JobEvent.Stage.ENCODE));
        assertThat(events(seen, "enc-bad-plan", JobEvent.Type.FAILED)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("0 of 4 sources match the attribute filter 'glasses=purple'; generation needs at least 2"));
        assertThat(events(seen, "enc-bad-model", JobEvent.Type.FAILED).get(0).reason()).contains("unknown model 'no-such-model'");
        assertThat(TopicProbe.of(seen, Topics.SAMPLE, "enc-bad-plan")).isEmpty();

        // The cancelled job was read before enc-after or after it; wait for the skip to be counted.
        long end = System.nanoTime() + WAIT.toNanos();
        while (registry.counter("latentpatch.stage.skipped", "stage", "encode").count() < skippedBefore + 1 && System.nanoTime() < end) {
            sleep(100);
        }
        assertThat(registry.counter("latentpatch.stage.skipped", "stage", "encode").count()).isEqualTo(skippedBefore + 1);
        // Skipped before anything is published: no sample task of it exists among all those published so far.
        assertThat(sampleTaskKeysPublishedSoFar()).isNotEmpty().noneMatch(key -> key.startsWith("enc-cancelled/"));
        assertThat(registry.counter("latentpatch.stage.failures", "stage", "encode", "kind", "poison").count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void readinessReportsTheObjectStoreKafkaAndWarmModels() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body(containsString("object-store")).body(containsString("job-requests")).body(containsString("job-events"))
                .body(containsString("\"models\"")).body(containsString("warm")).body(containsString("pixel-f16"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("latentpatch_stage_processing_seconds"));
    }

    /** Keys of every record in the sample topic now: read from its start until each partition's current end. */
    private static List<String> sampleTaskKeysPublishedSoFar() {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SAMPLE).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> keys = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) throw new AssertionError("timed out reading " + Topics.SAMPLE + " to " + end);
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) keys.add(r.key());
            }
            return keys;
        }
    }

    private void submit(JobRequest job) {
        probe.send(Topics.ENCODE, job.partitionKey(), JsonCodec.shared().writeString(job));
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
