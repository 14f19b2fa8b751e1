package io.latentpatch.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every JSON sample under {@code samples/} is a valid message whose wire form survives a round trip unchanged. */
class MessageSamplesTest {

    private static final JsonCodec CODEC = JsonCodec.shared();
    private static final ObjectMapper PLAIN = new ObjectMapper();

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of("job-request.json", JobRequest.class),
                Arguments.of("job-request-edit.json", JobRequest.class),
                Arguments.of("job-request-mask.json", JobRequest.class),
                Arguments.of("job-request-reference.json", JobRequest.class),
                Arguments.of("sample-task.json", SampleTask.class),
                Arguments.of("sample-task-run.json", SampleTask.class),
                Arguments.of("decode-task.json", DecodeTask.class),
                Arguments.of("job-event-image-done.json", JobEvent.class),
                Arguments.of("job-event-failed.json", JobEvent.class),
                Arguments.of("job-status.json", JobStatus.class),
                Arguments.of("source-set-manifest.json", SourceSetManifest.class),
                Arguments.of("source-set-manifest-aligned.json", SourceSetManifest.class),
                Arguments.of("source-set-alignment.json", SourceSetAlignment.class),
                Arguments.of("model-info.json", ModelInfo.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void parseSerialiseParseGivesAnEqualMessage(String file, Class<? extends Message> type) throws IOException {
        Message parsed = CODEC.read(sample(file), type);
        byte[] written = CODEC.write(parsed);
        Message reparsed = CODEC.read(written, type);

        assertThat(reparsed).isEqualTo(parsed);
        assertThat(reparsed.schemaVersion()).isEqualTo(SchemaVersion.CURRENT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void serialisedFormHasExactlyTheSamplesFieldsAndValues(String file, Class<? extends Message> type) throws IOException {
        byte[] sample = sample(file);
        byte[] written = CODEC.write(CODEC.read(sample, type));

        JsonNode expected = PLAIN.readTree(sample);
        JsonNode actual = PLAIN.readTree(written);
        assertThat(actual).as("serialised %s", new String(written)).isEqualTo(expected);
    }

    private static byte[] sample(String file) throws IOException {
        try (InputStream in = MessageSamplesTest.class.getResourceAsStream("/samples/" + file)) {
            assertThat(in).as("sample %s on the test classpath", file).isNotNull();
            return in.readAllBytes();
        }
    }
}
