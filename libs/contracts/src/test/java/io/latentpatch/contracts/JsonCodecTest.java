package io.latentpatch.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonCodecTest {

    private final JsonCodec codec = JsonCodec.shared();
    private final ObjectMapper plain = new ObjectMapper();

    private ObjectNode jobRequest() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/samples/job-request.json")) {
            return (ObjectNode) plain.readTree(in);
        }
    }

    private JobRequest read(JsonNode node) throws IOException {
        return codec.read(plain.writeValueAsBytes(node), JobRequest.class);
    }

    @Test
    void unknownSchemaVersionIsRejectedNamingBothVersions() throws IOException {
        ObjectNode json = jobRequest().put("schemaVersion", 1);

        assertThatThrownBy(() -> read(json))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("JobRequest")
                .hasMessageContaining("unsupported schemaVersion 1")
                .hasMessageContaining("schemaVersion 2");
    }

    @Test
    void missingSchemaVersionIsRejected() throws IOException {
        ObjectNode json = jobRequest();
        json.remove("schemaVersion");

        assertThatThrownBy(() -> read(json)).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("missing required field 'schemaVersion'");
    }

    @Test
    void missingRequiredFieldIsRejectedNamingTheField() throws IOException {
        for (String field : List.of("jobId", "sourceSetId", "model", "count", "seed", "createdAt")) {
            ObjectNode json = jobRequest();
            json.remove(field);

            assertThatThrownBy(() -> read(json)).as(field).isInstanceOf(InvalidMessageException.class)
                    .hasMessageContaining("JobRequest")
                    .hasMessageContaining(field);
        }
    }

    @Test
    void explicitNullForARequiredFieldIsRejected() throws IOException {
        ObjectNode json = jobRequest();
        json.putNull("jobId");
        assertThatThrownBy(() -> read(json)).isInstanceOf(InvalidMessageException.class).hasMessageContaining("jobId is required");

        ObjectNode json2 = jobRequest();
        json2.putNull("count");
        assertThatThrownBy(() -> read(json2)).isInstanceOf(InvalidMessageException.class).hasMessageContaining("count");
    }

    @Test
    void unknownExtraPropertiesAreIgnoredAtEveryLevel() throws IOException {
        ObjectNode json = jobRequest();
        json.put("priority", "high");
        ((ObjectNode) json.get("params")).put("temperature", 0.7);

        JobRequest request = read(json);

        assertThat(request).isEqualTo(read(jobRequest()));
    }

    @Test
    void scalarsAreNotCoerced() throws IOException {
        assertThatThrownBy(() -> read(jobRequest().put("count", "8"))).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("count");
        assertThatThrownBy(() -> read(jobRequest().put("count", 8.5))).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("count");
    }

    @Test
    void invalidNestedValueNamesThePathAndTheAllowedValues() throws IOException {
        ObjectNode json = jobRequest();
        ((ObjectNode) json.get("params")).put("method", "copy-everything");

        assertThatThrownBy(() -> read(json)).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("params.method")
                .hasMessageContaining("copy-everything")
                .hasMessageContaining("random-cell");
    }

    @Test
    void recordValidationFailuresCarryTheFieldPath() throws IOException {
        ObjectNode json = jobRequest();
        ((ObjectNode) json.get("params")).put("stride", 9);

        assertThatThrownBy(() -> read(json)).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("JobRequest at 'params'")
                .hasMessageContaining("stride 9 is larger than patch 4");
    }

    @Test
    void unsafeIdsAreRejected() throws IOException {
        assertThatThrownBy(() -> read(jobRequest().put("jobId", "../../etc"))).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("jobId '../../etc' is not a valid id");
    }

    @Test
    void malformedPayloadsAreInvalidMessagesNotCrashes() {
        assertThatThrownBy(() -> codec.read("{\"schemaVersion\": 1,", JobRequest.class))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> codec.read("", JobRequest.class))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("empty payload");
        assertThatThrownBy(() -> codec.read("[1, 2]", JobRequest.class))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("expected a JSON object, got ARRAY");
        assertThatThrownBy(() -> codec.read("{\"schemaVersion\":1} {}", JobRequest.class))
                .isInstanceOf(InvalidMessageException.class);
        assertThatThrownBy(() -> codec.read("{\"schemaVersion\":1,\"schemaVersion\":1}", JobRequest.class))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("schemaVersion");
        assertThatThrownBy(() -> codec.read((byte[]) null, JobRequest.class))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("no payload");
    }

    @Test
    void writesInstantsAsIsoStringsOmitsNullsAndLeavesThePartitionKeyOut() throws IOException {
        JobRequest request = JobRequest.of("acme", "job-1", "set-1", "taef2", 2, 7L, null, Instant.parse("2026-01-02T03:04:05Z"));

        JsonNode json = plain.readTree(codec.write(request));

        assertThat(json.get("createdAt").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(json.get("params").isObject()).isTrue();
        assertThat(json.get("params").size()).isZero();
        assertThat(json.has("partitionKey")).isFalse();
        assertThat(codec.read(codec.writeString(request), JobRequest.class)).isEqualTo(request);
    }

    @Test
    void regionIsEitherAListOfNamesOrAMaskKey() throws IOException {
        ObjectNode json = jobRequest();
        ObjectNode params = (ObjectNode) json.get("params");
        params.put("mode", "edit").put("reference", 2);

        params.putArray("region").add("eyes").add("mouth");
        assertThat(read(json).params().region()).isEqualTo(Region.named("eyes", "mouth"));

        params.put("region", "tenants/acme/jobs/x/mask.png");
        assertThat(read(json).params().region()).isEqualTo(Region.mask("tenants/acme/jobs/x/mask.png"));

        params.put("region", 5);
        assertThatThrownBy(() -> read(json)).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("region").hasMessageContaining("array of names or a mask object key");

        params.put("region", "../secrets.png");
        assertThatThrownBy(() -> read(json)).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("not a safe object key");
    }

    @Test
    void everyMessageTypeReadsBackWhatItWrote() {
        Instant t = Instant.parse("2026-11-23T16:05:00.123456789Z");
        JobRequest job = JobRequest.of("acme", "j1", "s1", "taef2", 3, Long.MIN_VALUE, GenerationParams.builder().k(5).build(), t);
        SampleTask sample = SampleTask.of(job, 2, 16, List.of(1, 4), ObjectKeys.subsetId(List.of(1, 4)));
        DecodeTask decode = DecodeTask.of(sample, 5);
        JobStatus status = JobStatus.queued(job).apply(JobEvent.encodingStarted("acme", "j1", null, t));
        SourceSetManifest manifest = SourceSetManifest.of("s1", List.of(new ImageSize(8, 6)), List.of("a.png"), null, List.of(new byte[] {1}), t);

        for (Message m : List.of(job, sample, decode, status, manifest,
                JobEvent.failed("acme", "j1", JobEvent.Stage.SAMPLE, 1, "boom", "w", t))) {
            assertThat(codec.read(codec.write(m), m.getClass())).isEqualTo(m);
        }
    }

    @Test
    void paramsWrittenAloneAreTheParamsOfAJobRequestAndReadBackEqual() throws IOException {
        for (String sample : List.of("/samples/job-request.json", "/samples/job-request-edit.json", "/samples/job-request-reference.json")) {
            JobRequest request;
            try (InputStream in = getClass().getResourceAsStream(sample)) {
                request = codec.read(in, JobRequest.class);
            }
            ObjectNode params = codec.writeParams(request.params());

            assertThat(params).as(sample).isEqualTo(plain.readTree(codec.write(request)).get("params"));
            assertThat(codec.readParams(params)).as(sample).isEqualTo(request.params());
        }
        assertThat(codec.writeParams(null)).isEmpty();
    }

    @Test
    void paramsAreReadAsStrictlyAsMessages() {
        ObjectNode quoted = plain.createObjectNode().put("patch", "5");
        assertThatThrownBy(() -> codec.readParams(quoted)).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("GenerationParams").hasMessageContaining("patch");
        ObjectNode inconsistent = plain.createObjectNode().put("mode", "edit");
        assertThatThrownBy(() -> codec.readParams(inconsistent)).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("mode edit needs 'reference'");
        assertThatThrownBy(() -> codec.readParams(plain.createArrayNode())).isInstanceOf(InvalidMessageException.class);
    }

    @Test
    void aMessageNamingAnotherTenantsObjectIsRefused() throws IOException {
        ObjectNode json = jobRequest();
        json.put("tenant", "beta");
        ObjectNode edit = json.putObject("params");
        edit.put("mode", "edit").put("reference", 0).put("region", "tenants/acme/sources/faces-16/masks/m.png");
        assertThatThrownBy(() -> read(json)).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("params.region").hasMessageContaining("not an object of tenant beta");
        json.remove("tenant");
        assertThatThrownBy(() -> read(json)).isInstanceOf(InvalidMessageException.class).hasMessageContaining("tenant");
    }
}
