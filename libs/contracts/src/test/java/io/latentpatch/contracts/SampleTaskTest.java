package io.latentpatch.contracts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A sample task's run of images: how a job is split, what the wire carries, and which runs are refused. */
class SampleTaskTest {
    private static final Instant T = Instant.parse("2026-12-03T15:00:00Z");
    private final JsonCodec codec = JsonCodec.shared();
    private final ObjectMapper plain = new ObjectMapper();

    private static JobRequest job(int count) {
        return JobRequest.of("acme", "j1", "s1", "taef2", count, 7, null, T);
    }

    @Test
    void aJobIsSplitIntoConsecutiveRunsTheLastOneShorter() {
        List<SampleTask> tasks = SampleTask.forJob(job(19), 8, 16, null, null);

        assertThat(tasks).extracting(SampleTask::imageIndex).containsExactly(0, 8, 16);
        assertThat(tasks).extracting(SampleTask::images).containsExactly(8, 8, 3);
        assertThat(tasks).extracting(SampleTask::lastImageIndex).containsExactly(7, 15, 18);
        assertThat(tasks).extracting(SampleTask::partitionKey).containsExactly("j1/0", "j1/8", "j1/16");
        assertThat(SampleTask.forJob(job(3), 1, 16, null, null)).extracting(SampleTask::images).containsExactly(1, 1, 1);
        assertThat(SampleTask.forJob(job(3), SampleTask.MAX_IMAGES, 16, null, null)).singleElement()
                .satisfies(t -> assertThat(t.images()).isEqualTo(3));
    }

    @Test
    void aRunNarrowedToOneImageIsTheOneImageTaskOfThatIndex() {
        SampleTask run = SampleTask.forJob(job(19), 8, 16, List.of(1, 3), "abc").get(1);

        assertThat(run.image(11)).isEqualTo(SampleTask.of(job(19), 11, 16, List.of(1, 3), "abc"));
        assertThatThrownBy(() -> run.image(7)).isInstanceOf(InvalidMessageException.class).hasMessageContaining("index");
        assertThatThrownBy(() -> run.image(16)).isInstanceOf(InvalidMessageException.class).hasMessageContaining("index");
    }

    @Test
    void aOneImageTaskIsWrittenWithoutTheFieldAndAMessageWithoutItIsOneImage() throws IOException {
        SampleTask one = SampleTask.of(job(4), 2, 16, null, null);
        ObjectNode json = (ObjectNode) plain.readTree(codec.write(one));

        assertThat(json.has("images")).as("one image is written as before the field existed: %s", json).isFalse();
        assertThat(codec.read(plain.writeValueAsBytes(json), SampleTask.class).images()).isEqualTo(1);

        SampleTask run = SampleTask.of(job(4), 1, 3, 16, null, null);
        ObjectNode runJson = (ObjectNode) plain.readTree(codec.write(run));
        assertThat(runJson.get("images").asInt()).isEqualTo(3);
        assertThat(codec.read(codec.write(run), SampleTask.class)).isEqualTo(run);
    }

    @Test
    void runsPastTheJobsLastImageOrOfNoImagesAreRefusedNamingTheField() throws IOException {
        ObjectNode json;
        try (InputStream in = getClass().getResourceAsStream("/samples/sample-task-run.json")) {
            json = (ObjectNode) plain.readTree(in);
        }
        assertThat(codec.read(plain.writeValueAsBytes(json), SampleTask.class).lastImageIndex()).isEqualTo(json.get("count").asInt() - 1);

        for (int images : new int[] {-1, 5, SampleTask.MAX_IMAGES + 1}) {
            json.put("images", images);
            byte[] bytes = plain.writeValueAsBytes(json);
            assertThatThrownBy(() -> codec.read(bytes, SampleTask.class)).as("images %d", images)
                    .isInstanceOf(InvalidMessageException.class).hasMessageContaining("images");
        }
        assertThatThrownBy(() -> SampleTask.forJob(job(4), 0, 16, null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("images per sample task");
        assertThatThrownBy(() -> SampleTask.forJob(job(4), SampleTask.MAX_IMAGES + 1, 16, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
