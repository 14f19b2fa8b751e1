package io.latentpatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.latentpatch.contracts.GenerationParams;
import io.latentpatch.contracts.GenerationParams.Finish;
import io.latentpatch.contracts.GenerationParams.Method;
import io.latentpatch.contracts.GenerationParams.Mode;
import io.latentpatch.contracts.GenerationParams.Upsample;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.contracts.Region;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code submit}'s job body: built from the contracts' {@link GenerationParams} and written by the shared
 * {@link JsonCodec}, so it reads back, through the codec, as the parameters the options mean, for every mode.
 */
class SubmitCommandTest {
    /** The top-level fields the gateway's job parser knows (JobSubmissionParser.FIELDS). */
    private static final List<String> GATEWAY_FIELDS = List.of("sourceSetId", "images", "labels", "model", "count", "seed", "params");
    private static final List<String> PARAM_FIELDS = Arrays.stream(GenerationParams.class.getRecordComponents())
            .map(RecordComponent::getName).toList();

    @Test
    void randomModeWithDefaultOptionsSendsTheDefaultModeAndMethod() {
        ObjectNode body = body("--source-set", "set-1", "--count", "4", "--seed", "9");

        assertThat(body.path("sourceSetId").asText()).isEqualTo("set-1");
        assertThat(body.path("model").asText()).isEqualTo("pixel-f16");
        assertThat(body.path("count").asInt()).isEqualTo(4);
        assertThat(body.path("seed").asLong()).isEqualTo(9);
        assertRoundTrips(body, GenerationParams.builder().mode(Mode.RANDOM).method(Method.LATENTPATCH).build());
    }

    @Test
    void randomModeCarriesEveryEngineOption() {
        ObjectNode body = body("--source-set", "set-1", "--model", "taef2", "--method", "random-patch", "--patch", "4",
                "--stride", "2", "--k", "3", "--k-per-scale", "1,2,3", "--scales", "3", "--coarsest", "0.5", "--pca", "8",
                "--finish", "reconstruct", "--upsample", "provenance", "--reuse-penalty", "0.25");

        assertRoundTrips(body, GenerationParams.builder().mode(Mode.RANDOM).method(Method.RANDOM_PATCH).patch(4).stride(2).k(3)
                .kPerScale(List.of(1, 2, 3)).scales(3).coarsestFraction(0.5).pcaDims(8).finish(Finish.RECONSTRUCT)
                .upsample(Upsample.PROVENANCE).reusePenalty(0.25f).build());
        assertThat(body.path("params").path("method").asText()).isEqualTo("random-patch");
    }

    @Test
    void anchorOptionsAreSentAsTheirWireFields() {
        ObjectNode body = body("--source-set", "set-1", "--anchor-regions", "4", "--anchor-weight", "8", "--anchor-cap", "0.3");
        assertRoundTrips(body, GenerationParams.builder().mode(Mode.RANDOM).method(Method.LATENTPATCH).anchorRegions(4).anchorWeight(8.0)
                .anchorCap(0.3).build());
        assertThat(body.path("params").path("anchorRegions").asInt()).isEqualTo(4);
        ObjectNode face = body("--source-set", "set-1", "--anchor-layout", "face", "--anchor-weight", "8");
        assertRoundTrips(face, GenerationParams.builder().mode(Mode.RANDOM).method(Method.LATENTPATCH)
                .anchorLayout(GenerationParams.AnchorLayout.FACE).anchorWeight(8.0).build());
        assertThat(face.path("params").path("anchorLayout").asText()).isEqualTo("face");
        assertThat(face.path("params").has("anchorRegions")).isFalse();
    }

    @Test
    void referenceModeSendsTheReference() {
        ObjectNode body = body("--source-set", "set-1", "--mode", "reference", "--reference", "5", "--k", "1", "--multi-scale-reference");

        assertRoundTrips(body, GenerationParams.builder().mode(Mode.REFERENCE).method(Method.LATENTPATCH).reference(5).k(1)
                .multiScaleReference(true).build());
    }

    @Test
    void editModeSendsTheTargetAndTheRegionNames() {
        ObjectNode body = body("--source-set", "set-1", "--mode", "edit", "--reference", "3", "--region", "eyes,mouth");

        assertRoundTrips(body, GenerationParams.builder().mode(Mode.EDIT).method(Method.LATENTPATCH).reference(3)
                .region(Region.named("eyes", "mouth")).build());
        assertThat(body.path("params").path("region").toString()).isEqualTo("[\"eyes\",\"mouth\"]");
    }

    @Test
    void attributesModeSendsTheFilter() {
        ObjectNode body = body("--source-set", "set-1", "--mode", "attributes", "--where", "blond=true,glasses=true");

        assertRoundTrips(body, GenerationParams.builder().mode(Mode.ATTRIBUTES).method(Method.LATENTPATCH)
                .where("blond=true,glasses=true").build());
    }

    @Test
    void inconsistentOptionsFailBeforeAnythingIsSentWithTheGatewaysMessage() {
        Cli.Run r = Cli.run("submit", "--gateway", "http://127.0.0.1:9", "--source-set", "set-1", "--mode", "edit", "--reference", "3");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.error()).contains("mode edit needs 'region'").doesNotContain("cannot reach");
    }

    @Test
    void submitPostsTheBodyToTheGatewayAndPrintsTheJobId() throws IOException {
        AtomicReference<byte[]> posted = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/jobs", exchange -> {
            posted.set(exchange.getRequestBody().readAllBytes());
            byte[] answer = "{\"id\":\"job-1\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(202, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            Cli.Run r = Cli.ok("submit", "--gateway", "http://127.0.0.1:" + server.getAddress().getPort(), "--source-set", "set-1",
                    "--mode", "edit", "--reference", "2", "--region", "mouth", "--count", "3");

            assertThat(r.out().strip()).isEqualTo("job-1");
            ObjectMapper json = new ObjectMapper();
            JsonNode sent = json.readTree(posted.get());
            ObjectNode expected = body("--source-set", "set-1", "--mode", "edit", "--reference", "2", "--region", "mouth", "--count", "3");
            assertThat(sent).as("what arrived is the job body").isEqualTo(json.readTree(json.writeValueAsBytes(expected)));
        } finally {
            server.stop(0);
        }
    }

    private static ObjectNode body(String... args) {
        SubmitCommand submit = new SubmitCommand();
        new CommandLine(submit).parseArgs(args);
        return SubmitCommand.jobBody(submit.sourceSet, submit.model, submit.count, submit.seed, submit.engine, submit.reference, submit.region);
    }

    /** The body has only fields the gateway knows, and its params are {@code expected} in the codec's wire form. */
    private static void assertRoundTrips(ObjectNode body, GenerationParams expected) {
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertThat(GATEWAY_FIELDS).containsAll(fields);
        List<String> params = new ArrayList<>();
        body.path("params").fieldNames().forEachRemaining(params::add);
        assertThat(PARAM_FIELDS).as("parameters the gateway knows").containsAll(params);

        assertThat(JsonCodec.shared().readParams(body.get("params"))).isEqualTo(expected);
        assertThat(body.get("params")).isEqualTo(JsonCodec.shared().writeParams(expected));
    }
}
