package io.latentpatch.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentpatch.codec.pixel.PixelCodec;
import io.latentpatch.contracts.JobEvent;
import io.latentpatch.contracts.JobRequest;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.contracts.ObjectKeys;
import io.latentpatch.contracts.SourceSetAlignment;
import io.latentpatch.contracts.Topics;
import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.npy.Npy;
import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.pipeline.SourceEncoding;
import io.latentpatch.pipeline.SourceNormalizer;
import io.latentpatch.pipeline.stage.StageFixtures;
import io.latentpatch.service.LocalInfraTestResource;
import io.latentpatch.service.TopicProbe;
import io.latentpatch.storage.ObjectInfo;
import io.latentpatch.storage.ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sets uploaded with {@code align=true}, against the real broker and S3 server, real faces from ../shared and the
 * Debian alignment models (skipped, saying which is missing, without them).
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class AlignedSetIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String MODEL = "pixel-f8";

    @Inject
    ObjectStore store;

    private TopicProbe probe;

    @BeforeEach
    void openProbe() {
        probe = new TopicProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                List.of(Topics.SAMPLE, Topics.EVENTS));
    }

    @AfterEach
    void closeProbe() {
        probe.close();
    }

    @Test
    void anAlignedSetIsAlignedThenEncodedWithTheSkippedPictureLeftOutAndEveryTransformRecorded() throws Exception {
        Map<String, byte[]> images = new LinkedHashMap<>(StageFixtures.sharedFaces(0, 40));
        images.put("sky.png", StageFixtures.skyPng());
        images.putAll(StageFixtures.sharedFaces(80));
        StageFixtures.uploadForAlignment(store, "aligned-skip", images, "skip");
        submit(JobRequest.of("acme", "aligned-job", "aligned-skip", MODEL, 2, 3, null, Instant.now()));

        List<ConsumerRecord<String, String>> seen = probe.await(r -> TopicProbe.of(r, Topics.SAMPLE, "aligned-job").size() == 1,
                WAIT, "the sample task of aligned-job (both images, in one run)");
        assertThat(events(seen, "aligned-job", JobEvent.Type.FAILED)).isEmpty();
        JobEvent encoded = events(seen, "aligned-job", JobEvent.Type.ENCODED).get(0);
        assertThat(encoded.timingsMs()).containsKey("align").containsEntry("encodedImages", 3L);

        SourceSetAlignment alignment = JsonCodec.shared().read(store.get(ObjectKeys.sourceAlignment("acme", "aligned-skip")),
                SourceSetAlignment.class);
        assertThat(alignment.size()).isEqualTo(256);
        assertThat(alignment.sourceIndices()).containsExactly(0, 1, 3);
        assertThat(alignment.images()).extracting(SourceSetAlignment.AlignedImage::fileName)
                .containsExactly("face_0000.png", "face_0040.png", "face_0080.png");
        assertThat(alignment.images()).allSatisfy(i -> assertThat(i.sourceToAligned()).hasSize(6));
        assertThat(alignment.skipped()).singleElement().satisfies(s -> {
            assertThat(s.fileName()).isEqualTo("sky.png");
            assertThat(s.reason()).isEqualTo("NO_FACE");
        });
        List<LatentGrid> latents = Npy.read(store.get(ObjectKeys.sourceLatents("acme", "aligned-skip", MODEL))).toGrids();
        assertThat(latents).hasSize(3);
        SourceNormalizer normalizer = new SourceNormalizer(new ImageLoader());
        for (int i = 0; i < 3; i++) {
            // What the codec saw is exactly the aligned picture: its encoding is the stored latent.
            float[] aligned = normalizer.normalize(store.get(ObjectKeys.sourceAlignedImage("acme", "aligned-skip", i)), "aligned " + i, 256);
            assertThat(latents.get(i).data()).isEqualTo(SourceEncoding.encodeImages(PixelCodec.f8(), List.of(aligned), 256).get(0).data());
        }
        assertThat(store.exists(ObjectKeys.sourceAlignedImage("acme", "aligned-skip", 3))).isFalse();

        // A second job reuses the aligned, encoded set.
        submit(JobRequest.of("acme", "aligned-job-2", "aligned-skip", MODEL, 1, 4, null, Instant.now()));
        List<ConsumerRecord<String, String>> again = probe.await(r -> !events(r, "aligned-job-2", JobEvent.Type.ENCODED).isEmpty(),
                WAIT, "ENCODED of aligned-job-2");
        assertThat(events(again, "aligned-job-2", JobEvent.Type.ENCODED).get(0).timingsMs())
                .containsEntry("encodedImages", 0L).doesNotContainKey("align");
    }

    @Test
    void aPictureWithoutAFaceFailsTheJobNamingItAndNothingIsStoredForTheSet() {
        Map<String, byte[]> images = new LinkedHashMap<>(StageFixtures.sharedFaces(0, 40));
        images.put("sky.png", StageFixtures.skyPng());
        StageFixtures.uploadForAlignment(store, "aligned-fail", images, "fail");
        List<String> uploaded = keys("aligned-fail");
        submit(JobRequest.of("acme", "aligned-fail-job", "aligned-fail", MODEL, 2, 3, null, Instant.now()));

        List<ConsumerRecord<String, String>> seen = probe.await(r -> !events(r, "aligned-fail-job", JobEvent.Type.FAILED).isEmpty(),
                WAIT, "FAILED of aligned-fail-job");
        assertThat(events(seen, "aligned-fail-job", JobEvent.Type.FAILED).get(0).reason())
                .contains("source image 2 (sky.png) of set aligned-fail cannot be aligned (NO_FACE)")
                .contains("no face found");
        assertThat(TopicProbe.of(seen, Topics.SAMPLE, "aligned-fail-job")).isEmpty();
        // Only what the upload stored: no aligned images, no alignment, no latents.
        assertThat(keys("aligned-fail")).containsExactlyInAnyOrderElementsOf(uploaded);
        assertThat(store.exists(ObjectKeys.sourceLatents("acme", "aligned-fail", MODEL))).isFalse();
    }

    private List<String> keys(String set) {
        return store.list(ObjectKeys.sourcePrefix("acme", set)).stream().map(ObjectInfo::key).toList();
    }

    private void submit(JobRequest job) {
        probe.send(Topics.ENCODE, job.partitionKey(), JsonCodec.shared().writeString(job));
    }

    private static List<JobEvent> events(List<ConsumerRecord<String, String>> records, String jobId, JobEvent.Type type) {
        return TopicProbe.of(records, Topics.EVENTS, jobId).stream()
                .map(r -> JsonCodec.shared().read(r.value(), JobEvent.class)).filter(e -> e.type() == type).toList();
    }
}
