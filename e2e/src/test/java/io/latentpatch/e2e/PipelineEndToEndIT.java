package io.latentpatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentpatch.cli.GatewayClient;
import io.latentpatch.cli.JobWatcher;
import io.latentpatch.cli.LatentPatchCommand;
import io.latentpatch.contracts.GenerationParams;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.contracts.Topics;
import io.latentpatch.contracts.ConsumerGroups;
import io.latentpatch.localstack.ControlServer;
import io.latentpatch.localstack.LocalInfra;
import io.latentpatch.localstack.Supervisor;
import io.latentpatch.localstack.ServiceStack;
import io.latentpatch.localstack.ServiceStack.Service;
import io.latentpatch.samples.SampleSet;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole system as operators run it: a real Kafka broker (KRaft) and S3 server, and the four
 * services as separate processes started from their built apps; a client talks to the gateway only.
 * The results are compared with {@code latentpatch generate} doing the same work in one process.
 *
 * <p>One stack serves every test (started once); each test uploads or reuses its own source set, runs
 * its own jobs and leaves every service running, so the tests pass or fail independently, in any order.
 * Tests that need the real taef2 model and faces from {@code ../shared} skip, each with the reason,
 * when it is absent; the others use the built-in portraits and pixel codec and always run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineEndToEndIT {
    private static final int FACES = 16;
    private static final long SEED = 7;
    private static final String PIXEL = "pixel-f16";
    /** What {@code submit} sends without options: every parameter at the engine's default. */
    private static final GenerationParams DEFAULTS = GenerationParams.DEFAULTS;
    /** Consumer group of each service and the topic it consumes (the services' application.properties). */
    private static final Map<String, String> SERVICE_GROUPS = Map.of(
            "latentpatch-encoder-worker", Topics.ENCODE, "latentpatch-sampler-worker", Topics.SAMPLE,
            "latentpatch-decoder-worker", Topics.DECODE, "latentpatch-gateway", Topics.EVENTS);

    @TempDir
    static Path work;

    private Path shared;
    /** Why the real-model tests skip; null when ../shared has models/taef2 and data/faces. */
    private String noRealModels;
    private LocalInfra infra;
    private ServiceStack stack;
    private GatewayClient client;
    /** The stack runs with keys: every request of this test is tenant e2e's. */
    private static final String TENANT = "e2e";
    private static final String API_KEY = io.latentpatch.contracts.ApiKeys.generate();
    /** The first 16 faces of ../shared, and their source set (uploaded once) for the taef2 tests. */
    private Path faces;
    private String faceSetId;

    /** Receives the spans every service exports (tracing is on in this stack, with OTLP/HTTP to it). */
    private OtlpReceiver otlp;
    private ControlServer control;

    @BeforeAll
    void startSystem() throws IOException {
        Path home = Path.of(System.getProperty("latentpatch.home", "..")).toAbsolutePath().normalize();
        for (Service s : Service.values()) {
            if (!Files.isRegularFile(ServiceStack.appJar(home, s))) {
                String reason = s.module() + " is not built; run the reactor build first";
                // Surefire's summary shows a class skipped in @BeforeAll as 0 tests: say why as well.
                System.err.println("[e2e] SKIPPED: " + reason);
                assumeTrue(false, reason);
            }
        }
        String sharedProperty = System.getProperty("latentpatch.shared");
        shared = sharedProperty == null ? null : Path.of(sharedProperty).toAbsolutePath().normalize();
        if (shared == null || !Files.isDirectory(shared.resolve("models/taef2")) || !Files.isDirectory(shared.resolve("data/faces"))) {
            noRealModels = (shared == null ? "latentpatch.shared is not set" : shared + " (models/taef2 and data/faces) is absent")
                    + ": this test needs the real model and faces";
            System.err.println("[e2e] tests that need the real model will skip: " + noRealModels);
        }
        long start = System.nanoTime();
        infra = LocalInfra.builder().start();
        otlp = new OtlpReceiver();
        // As operators run it: two samplers and two decoders under the supervisor, tracing on (OTLP/HTTP to the
        // receiver above), and a short stall threshold so the stalled-job test takes seconds.
        ServiceStack.Builder services = ServiceStack.builder(home, infra).freePorts().apiKey(TENANT, API_KEY).logDir(home.resolve("e2e/target/e2e-logs"))
                .replicas(Service.SAMPLER_WORKER, 2).replicas(Service.DECODER_WORKER, 2)
                .supervise(new Supervisor.Policy(true, Duration.ofMillis(500), Duration.ofSeconds(5), 10, Duration.ofMinutes(5)))
                .onEvent(m -> System.out.println("[e2e] supervisor: " + m))
                .property("quarkus.otel.sdk.disabled", "false")
                .property("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf")
                .property("quarkus.otel.exporter.otlp.traces.endpoint", otlp.endpoint())
                .property("quarkus.otel.bsp.schedule.delay", "200ms")
                .property("api-gateway.latentpatch.gateway.stall.after", "3s")
                .property("api-gateway.latentpatch.gateway.stall.poll-interval", "1s");
        if (shared != null) services.modelsDir(shared.resolve("models"));
        stack = services.start();
        control = ControlServer.start(stack, 0, work.resolve("control.json"));
        System.out.printf(Locale.ROOT, "[e2e] stack up in %.1f s, gateway %s%n", (System.nanoTime() - start) / 1e9, stack.gatewayUrl());
        client = new GatewayClient(stack.gatewayUrl(), API_KEY);
        if (noRealModels == null) {
            faces = Files.createDirectories(work.resolve("faces"));
            for (int i = 0; i < FACES; i++) {
                String name = String.format(Locale.ROOT, "face_%04d.png", i);
                Files.copy(shared.resolve("data/faces").resolve(name), faces.resolve(name));
            }
            faceSetId = client.uploadSourceSet(files(faces), null);
        }
    }

    @AfterAll
    void stopSystem() {
        if (control != null) control.close();
        if (stack != null) stack.close();
        if (otlp != null) otlp.close();
        if (infra != null) infra.close();
    }

    /** Skips the calling test, saying why, unless ../shared holds the real model and faces. */
    private void requireRealModels() {
        if (noRealModels != null) System.err.println("[e2e] SKIPPED: " + noRealModels);
        assumeTrue(noRealModels == null, () -> noRealModels);
    }

    @Test
    void taef2JobOf16FacesMatchesGenerateByteForByte() throws Exception {
        requireRealModels();
        // Cold: a new set (encoded again), and a fresh in-process generate.
        Path distributed = work.resolve("taef2-distributed");
        Timed cold = runPipeline(client.uploadSourceSet(files(faces), null), distributed);
        Path local = work.resolve("taef2-generate");
        double generateCold = runGenerate(local);
        // Warm: the same work again (another new set of the same faces) on warm services.
        Path distributedWarm = work.resolve("taef2-distributed-warm");
        Timed warm = runPipeline(client.uploadSourceSet(files(faces), null), distributedWarm);
        double generateWarm = runGenerate(work.resolve("taef2-generate-warm"));
        System.out.printf(Locale.ROOT, "[e2e] taef2 16 faces -> 16 images: cold pipeline %.2f s vs generate %.2f s (%.2fx); "
                        + "warm pipeline %.2f s vs generate %.2f s (%.2fx); warm stage timings %s%n",
                cold.seconds, generateCold, cold.seconds / generateCold, warm.seconds, generateWarm,
                warm.seconds / generateWarm, warm.status.path("timingsMs"));

        for (Path d : List.of(distributed, distributedWarm)) {
            for (int i = 0; i < FACES; i++) {
                assertThat(Files.readAllBytes(d.resolve(i + ".latent.npy")))
                        .as("latent %d is byte-identical to generate's", i)
                        .isEqualTo(Files.readAllBytes(local.resolve(i + ".latent.npy")));
                assertThat(Files.readAllBytes(d.resolve(i + ".provenance.npy")))
                        .as("provenance %d is byte-identical to generate's", i)
                        .isEqualTo(Files.readAllBytes(local.resolve(i + ".provenance.npy")));
                assertThat(maxChannelDifference(d.resolve(i + ".png"), local.resolve(i + ".png")))
                        .as("image %d within 1/255 of generate's", i).isLessThanOrEqualTo(1);
            }
        }
    }

    private record Timed(double seconds, JsonNode status) {}

    private Timed runPipeline(String setId, Path out) throws IOException {
        long start = System.nanoTime();
        String jobId = client.submitJob(job(setId, "taef2", FACES, SEED), null);
        JsonNode status = JobWatcher.await(client, jobId, Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - start) / 1e9;
        JobWatcher.download(client, jobId, FACES, out);
        return new Timed(seconds, status);
    }

    private double runGenerate(Path out) {
        long start = System.nanoTime();
        int exit = LatentPatchCommand.commandLine().execute("generate", "--sources", faces.toString(),
                "--model", shared.resolve("models/taef2").toString(), "--count", "" + FACES, "--seed", "" + SEED,
                "--out", out.toString(), "--quiet");
        assertThat(exit).isZero();
        return (System.nanoTime() - start) / 1e9;
    }

    @Test
    void anUploadWithAlignSkipMatchesGenerateAlignSkipByteForByteAndServesTheAlignedImages() throws Exception {
        assumeTrue(shared != null && Files.isDirectory(shared.resolve("data/faces")), "skipped: ../shared/data/faces is absent");
        Path landmarks = io.latentpatch.alignment.AlignmentSettings.DEFAULT_LANDMARK_MODEL;
        Path cascade = io.latentpatch.alignment.AlignmentSettings.DEFAULT_DETECTOR_CASCADE;
        assumeTrue(Files.isRegularFile(landmarks) && Files.isRegularFile(cascade), "skipped: " + landmarks + " or " + cascade
                + " is absent; install Debian's libdlib-data and opencv-data (scripts/test-setup.sh does it as root)");
        // Own photos: three faces and a picture without one, in the order generate reads a directory (by name).
        Path photos = Files.createDirectories(work.resolve("aligned-sources"));
        for (int i : new int[] {0, 40, 80}) {
            String name = String.format(Locale.ROOT, "face_%04d.png", i);
            Files.copy(shared.resolve("data/faces").resolve(name), photos.resolve(name));
        }
        BufferedImage sky = new BufferedImage(200, 150, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 150; y++) for (int x = 0; x < 200; x++) sky.setRGB(x, y, (60 + y / 2) << 8 | 200);
        ImageIO.write(sky, "png", photos.resolve("sky.png").toFile());
        List<Path> files = files(photos);

        String boundary = "lp-" + UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (Path f : files) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"images\"; filename=\"" + f.getFileName()
                    + "\"\r\nContent-Type: image/png\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            body.writeBytes(Files.readAllBytes(f));
            body.writeBytes("\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        for (String[] field : new String[][] {{"align", "true"}, {"alignFailures", "skip"}}) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field[0] + "\"\r\n\r\n" + field[1]
                    + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/source-sets"))
                .header("X-Api-Key", API_KEY).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String setId = JsonCodec.shared().mapper().readTree(created.body()).path("id").asText();

        String jobId = client.submitJob(job(setId, PIXEL, 3, SEED), null);
        JobWatcher.await(client, jobId, Duration.ofMinutes(5));
        Path distributed = work.resolve("aligned-distributed");
        JobWatcher.download(client, jobId, 3, distributed);
        Path local = work.resolve("aligned-generate");
        assertThat(LatentPatchCommand.commandLine().execute("generate", "--sources", photos.toString(), "--align", "--align-skip",
                "--model", PIXEL, "--count", "3", "--seed", "" + SEED, "--out", local.toString(), "--quiet")).isZero();
        assertPixelCodecRunsEqual(distributed, local, 3);

        String setUrl = stack.gatewayUrl() + "/v1/source-sets/" + setId;
        JsonNode alignment = JsonCodec.shared().mapper().readTree(http.send(HttpRequest.newBuilder(URI.create(setUrl
                + "/aligned/alignment.json")).header("X-Api-Key", API_KEY).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(alignment.path("images")).hasSize(3);
        assertThat(alignment.path("skipped").get(0).path("fileName").asText()).isEqualTo("sky.png");
        for (int i = 0; i < 3; i++) {
            String name = alignment.path("images").get(i).path("fileName").asText();
            assertThat(alignment.path("images").get(i).path("sourceToAligned")).hasSize(6);
            Path served = work.resolve("aligned-served-" + i + ".png");
            HttpResponse<Path> image = http.send(HttpRequest.newBuilder(URI.create(setUrl + "/aligned/" + i + ".png")).header("X-Api-Key", API_KEY).build(),
                    HttpResponse.BodyHandlers.ofFile(served));
            assertThat(image.statusCode()).isEqualTo(200);
            Path generated = local.resolve(String.format(Locale.ROOT, "aligned/%03d-%s.png", i, name.replace(".png", "")));
            assertThat(maxChannelDifference(served, generated)).as("aligned image %d is generate --align's", i).isZero();
        }
    }

    @Test
    void pixelCodecJobMatchesGenerateByteForByte() throws Exception {
        // The built-in portraits, so this runs without ../shared.
        Path portraits = work.resolve("pixel-sources");
        SampleSet.writeTo(portraits, FACES, SampleSet.DEFAULT_SEED, SampleSet.DEFAULT_SIZE);
        String setId = client.uploadSourceSet(files(portraits), null);
        long start = System.nanoTime();
        String jobId = client.submitJob(job(setId, PIXEL, FACES, SEED), null);
        JobWatcher.await(client, jobId, Duration.ofMinutes(5));
        double pipeline = (System.nanoTime() - start) / 1e9;
        Path distributed = work.resolve("pixel-distributed");
        JobWatcher.download(client, jobId, FACES, distributed);
        Path local = work.resolve("pixel-generate");
        start = System.nanoTime();
        assertThat(LatentPatchCommand.commandLine().execute("generate", "--sources", portraits.toString(), "--model", PIXEL,
                "--count", "" + FACES, "--seed", "" + SEED, "--out", local.toString(), "--quiet")).isZero();
        double generate = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "[e2e] pixel-f16 16 portraits -> 16 images: pipeline %.2f s vs generate %.2f s (%.2fx)%n",
                pipeline, generate, pipeline / generate);
        assertPixelCodecRunsEqual(distributed, local, FACES);
    }

    @Test
    void anEditOfAnOutsideImageMatchesGenerateWithAReferenceFileByteForByte() throws Exception {
        Path portraits = work.resolve("outside-sources");
        SampleSet.writeTo(portraits, FACES, SampleSet.DEFAULT_SEED, SampleSet.DEFAULT_SIZE);
        // A portrait that is not in the set: the first of another seed's set.
        Path other = work.resolve("outside-image");
        SampleSet.writeTo(other, 2, SampleSet.DEFAULT_SEED + 99, SampleSet.DEFAULT_SIZE);
        Path outside = files(other).get(0);
        String setId = client.uploadSourceSet(files(portraits), null);
        HttpResponse<String> uploaded;
        try (HttpClient http = HttpClient.newHttpClient()) {
            uploaded = http.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/source-sets/" + setId + "/references")).header("X-Api-Key", API_KEY)
                    .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofFile(outside)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        String key = JsonCodec.shared().mapper().readTree(uploaded.body()).path("referenceImage").asText();
        GenerationParams edit = GenerationParams.builder().mode(GenerationParams.Mode.EDIT)
                .region(io.latentpatch.contracts.Region.named("eyes", "mouth")).referenceImage(key).build();
        int count = 4;
        String jobId = client.submitJob(GatewayClient.jobBody(setId, PIXEL, count, SEED, edit), null);
        JsonNode status = JobWatcher.await(client, jobId, Duration.ofMinutes(5));
        assertThat(JobWatcher.state(status)).isEqualTo("SUCCEEDED");
        assertThat(status.path("timingsMs").has("reference")).as("the encoder encoded the outside image").isTrue();
        Path distributed = work.resolve("outside-distributed");
        JobWatcher.download(client, jobId, count, distributed);
        Path local = work.resolve("outside-generate");
        assertThat(LatentPatchCommand.commandLine().execute("generate", "--sources", portraits.toString(), "--model", PIXEL,
                "--mode", "edit", "--reference", outside.toString(), "--region", "eyes,mouth",
                "--count", "" + count, "--seed", "" + SEED, "--out", local.toString(), "--quiet")).isZero();
        assertPixelCodecRunsEqual(distributed, local, count);
    }

    @Test
    void serverSentEventsFollowAJobToItsEndAndCancelStopsAnother() throws Exception {
        requireRealModels();
        String jobId = client.submitJob(job(faceSetId, "taef2", 3, 42), null);
        HttpResponse<Stream<String>> sse = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/jobs/" + jobId + "/events")).header("X-Api-Key", API_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(sse.statusCode()).isEqualTo(200);
        List<String> states = new ArrayList<>();
        List<Integer> done = new ArrayList<>();
        ObjectMapper json = JsonCodec.shared().mapper();
        sse.body().filter(line -> line.startsWith("data:")).forEach(line -> {
            try {
                JsonNode status = json.readTree(line.substring(5));
                states.add(JobWatcher.state(status));
                done.add(JobWatcher.done(status));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(states).as("the stream ends after the terminal state").last().isEqualTo("SUCCEEDED");
        assertThat(done).as("progress never goes back").isSorted().last().isEqualTo(3);
        assertThat(states.size()).as("progress arrives as it happens, not only at the end").isGreaterThan(2);

        String cancelled = client.submitJob(job(faceSetId, "taef2", 16, 43), null);
        client.cancel(cancelled);
        JsonNode status = awaitState(cancelled, "CANCELLED", Duration.ofSeconds(60));
        // Every message already in flight for the job has been consumed (and skipped) by every stage, and
        // the gateway has applied every event: nothing can change the job any more.
        awaitPipelineIdle(Duration.ofSeconds(120));
        JsonNode later = client.status(cancelled);
        assertThat(JobWatcher.state(later)).as("cancelled is final").isEqualTo("CANCELLED");
        assertThat(JobWatcher.done(later)).as("no more images once cancelled").isLessThan(16);
        assertThat(status.path("reason").asText()).isNotBlank();
    }

    @Test
    void aSecondJobReusesTheEncodedSourceSet() throws Exception {
        requireRealModels();
        // The first job encodes the set unless another test already did; the second must not encode again.
        JobWatcher.await(client, client.submitJob(job(faceSetId, "taef2", 2, 98), null), Duration.ofMinutes(5));
        JsonNode status = JobWatcher.await(client, client.submitJob(job(faceSetId, "taef2", 2, 99), null), Duration.ofMinutes(5));
        assertThat(JobWatcher.done(status)).isEqualTo(2);
        // The encoder reports the encode step it skipped as 0 images encoded (see encoder-worker README).
        assertThat(status.toString()).contains("encode");
        assertThat(encodedImages(status)).as("images encoded for the second job").isZero();
    }

    @Test
    void aDecoderKilledMidJobIsRestartedAndEveryImageCompletesExactlyOnce() throws Exception {
        requireRealModels();
        String jobId = client.submitJob(job(faceSetId, "taef2", 12, 1234), null);
        try {
            await("the first image of " + jobId).atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> JobWatcher.done(client.status(jobId)) >= 1);
            stack.kill(Service.DECODER_WORKER);
            assertThat(JobWatcher.state(client.status(jobId))).isNotEqualTo("SUCCEEDED");
            stack.start(Service.DECODER_WORKER);
        } finally {
            if (!stack.isRunning(Service.DECODER_WORKER)) stack.start(Service.DECODER_WORKER);
        }
        JsonNode status = JobWatcher.await(client, jobId, Duration.ofMinutes(5));
        assertThat(JobWatcher.done(status)).isEqualTo(12);
        Set<Integer> completed = new HashSet<>();
        for (JsonNode image : status.path("links").path("images")) {
            assertThat(completed.add(image.path("index").asInt())).as("image %s listed once", image).isTrue();
        }
        assertThat(completed).hasSize(12);
        JobWatcher.download(client, jobId, 12, work.resolve("restarted"));
    }

    @Test
    void aPoisonMessageIsDeadLetteredAndFailsOnlyItsJob() throws Exception {
        Path samples = work.resolve("poison-sources");
        Path labels = SampleSet.writeTo(samples, 8, 5, 256);
        String setId = client.uploadSourceSet(files(samples), labels);

        // A job whose request waits in the encode topic while the encoder is down.
        String poisoned;
        String garbage = "{ this is not a message";
        String badTask;
        stack.stop(Service.ENCODER_WORKER);
        try {
            poisoned = client.submitJob(job(setId, PIXEL, 4, 1), null);
            badTask = """
                    {"schemaVersion":2,"tenant":"%s","jobId":"%s","imageIndex":0,"count":4,"seed":1,"setId":"%s","model":"pixel-f16",
                     "sourceLatentsKey":"tenants/%s/sources/%s/pixel-f16/missing.npy","pcaMeanKey":"tenants/%s/sources/%s/none/mean.npy",
                     "pcaBasisKey":"tenants/%s/sources/%s/none/basis.npy"}""".formatted(TENANT, poisoned, setId, TENANT, setId, TENANT, setId,
                    TENANT, setId);
            try (KafkaProducer<String, String> producer = TopicProbe.producer(infra.bootstrapServers())) {
                producer.send(new ProducerRecord<>(Topics.SAMPLE, "garbage", garbage)).get();
                producer.send(new ProducerRecord<>(Topics.SAMPLE, poisoned + "/0", badTask)).get();
            }
        } finally {
            stack.start(Service.ENCODER_WORKER);
        }
        String healthy = client.submitJob(job(setId, PIXEL, 4, 2), null);

        List<String> dead = TopicProbe.values(infra.bootstrapServers(), Topics.dlq(Topics.SAMPLE), List.of(garbage, badTask), Duration.ofSeconds(60));
        assertThat(dead).contains(garbage, badTask);
        JsonNode failed = awaitState(poisoned, "FAILED", Duration.ofSeconds(120));
        assertThat(failed.path("reason").asText()).isNotBlank();
        JsonNode ok = JobWatcher.await(client, healthy, Duration.ofMinutes(2));
        assertThat(JobWatcher.done(ok)).isEqualTo(4);
    }

    @Test
    void workOfOneJobIsSpreadOverBothSamplerAndBothDecoderReplicas() throws Exception {
        awaitAssignedMembers(ConsumerGroups.SAMPLE.groupId(), 2);
        awaitAssignedMembers(ConsumerGroups.DECODE.groupId(), 2);
        Path samples = work.resolve("spread-sources");
        SampleSet.writeTo(samples, 8, 9, 256);
        String setId = client.uploadSourceSet(files(samples), null);
        double[] sampledBefore = perReplica(Service.SAMPLER_WORKER, "latentpatch_stage_processing_seconds_count", "sample");
        double[] decodedBefore = perReplica(Service.DECODER_WORKER, "latentpatch_decode_images_total", null);
        // Sample tasks (runs of 8 images) hash onto partitions by key: 4 tasks all land on one replica's half 1 time in 8,
        // 16 tasks 1 time in 30 000.
        int count = 128;
        String jobId = client.submitJob(job(setId, PIXEL, count, 77), null);
        JsonNode status = JobWatcher.await(client, jobId, Duration.ofMinutes(3));
        assertThat(JobWatcher.done(status)).isEqualTo(count);
        double[] sampled = minus(perReplica(Service.SAMPLER_WORKER, "latentpatch_stage_processing_seconds_count", "sample"), sampledBefore);
        double[] decoded = minus(perReplica(Service.DECODER_WORKER, "latentpatch_decode_images_total", null), decodedBefore);
        System.out.printf(Locale.ROOT, "[e2e] %d images: sampled per replica %s, decoded per replica %s%n", count,
                java.util.Arrays.toString(sampled), java.util.Arrays.toString(decoded));
        assertThat(sampled).as("sample tasks per sampler replica").hasSize(2).doesNotContain(0.0);
        assertThat(decoded).as("images per decoder replica").hasSize(2).doesNotContain(0.0);
        assertThat(decoded[0] + decoded[1]).as("every image decoded (a redelivery may decode one twice)").isGreaterThanOrEqualTo(count);
    }

    @Test
    void aDecoderReplicaKilledMidJobIsRestartedByTheSupervisorAndEveryImageCompletesOnce() throws Exception {
        stack.start(Service.DECODER_WORKER); // both replicas ready (earlier tests may have just restarted one)
        int restartsBefore = replica(Service.DECODER_WORKER, 1).restarts();
        // taef2 makes the job long enough to be killed in the middle; without ../shared the pixel codec still proves
        // the restart and the exactly-once listing (its job may be nearly done when the replica dies).
        String setId = faceSetId;
        if (noRealModels != null) {
            Path samples = work.resolve("restart-sources");
            SampleSet.writeTo(samples, 8, 19, 256);
            setId = client.uploadSourceSet(files(samples), null);
        }
        String jobId = client.submitJob(job(setId, noRealModels == null ? "taef2" : PIXEL, 24, 4321), null);
        await("the first image of " + jobId).atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> JobWatcher.done(client.status(jobId)) >= 1);
        long killed = stack.kill(Service.DECODER_WORKER, 1);
        Supervisor.ReplicaStatus restarted = await("decoder-worker#1 restarted and ready").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200)).until(() -> replica(Service.DECODER_WORKER, 1),
                        r -> r.restarts() == restartsBefore + 1 && r.state() == Supervisor.State.RUNNING);
        assertThat(restarted.pid()).isNotEqualTo(killed);
        assertThat(restarted.lastExitCode()).as("SIGKILL").isEqualTo(137);
        JsonNode status = JobWatcher.await(client, jobId, Duration.ofMinutes(5));
        List<Integer> indices = new ArrayList<>();
        for (JsonNode image : status.path("links").path("images")) indices.add(image.path("index").asInt());
        assertThat(indices).as("every image listed exactly once").containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 24).boxed().toList());
    }

    @Test
    void aJobWaitingOnStoppedDecodersShowsStalledAndTheFlagClearsOnceTheyAreBack() throws Exception {
        Path samples = work.resolve("stall-sources");
        SampleSet.writeTo(samples, 8, 13, 256);
        String setId = client.uploadSourceSet(files(samples), null);
        String jobId;
        stack.stop(Service.DECODER_WORKER);
        try {
            jobId = client.submitJob(job(setId, PIXEL, 4, 21), null);
            JsonNode stalled = await("job shown stalled at decode").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> client.status(jobId), st -> st.path("stalled").path("stage").asText().equals("decode"));
            assertThat(stalled.path("stalled").path("since").asText()).isNotBlank();
            assertThat(stalled.path("stalled").path("reason").asText()).contains(ConsumerGroups.DECODE.groupId());
            String metrics = get(stack.gatewayUrl() + "/q/metrics");
            assertThat(metric(metrics, "latentpatch_gateway_jobs_stalled", "decode")).isGreaterThanOrEqualTo(1);
            assertThat(metric(metrics, "latentpatch_stage_consumer_members", "decode")).isZero();
            assertThat(metric(metrics, "latentpatch_stage_consumer_lag", "decode")).isPositive();
        } finally {
            stack.start(Service.DECODER_WORKER);
        }
        JsonNode done = JobWatcher.await(client, jobId, Duration.ofMinutes(3));
        assertThat(JobWatcher.done(done)).isEqualTo(4);
        assertThat(done.has("stalled")).as("a finished job is not stalled").isFalse();
        assertThat(metric(get(stack.gatewayUrl() + "/q/metrics"), "latentpatch_gateway_jobs_stalled", "decode")).isZero();
    }

    @Test
    void oneTraceIdRunsFromTheHttpRequestThroughEveryStageAndEveryRecordOfTheJob() throws Exception {
        Path samples = work.resolve("trace-sources");
        SampleSet.writeTo(samples, 8, 17, 256);
        String setId = client.uploadSourceSet(files(samples), null);
        // The client starts the trace: the gateway's server span, and everything after it, must continue it.
        String traceId = HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(16).putLong(System.nanoTime()).putLong(SEED).array());
        HttpResponse<String> submitted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/jobs")).header("Authorization", "Bearer " + API_KEY)
                .header("Content-Type", "application/json").header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .POST(HttpRequest.BodyPublishers.ofString(job(setId, PIXEL, 4, 5).toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).isEqualTo(202);
        String jobId = JsonCodec.shared().mapper().readTree(submitted.body()).path("id").asText();
        JobWatcher.await(client, jobId, Duration.ofMinutes(2));

        // Kafka: every record of the job on every topic carries the trace (the events come from all three workers);
        // the 4 images are one sample task (the encoder's runs are of up to 8), then one decode task each.
        Map<String, Integer> expected = Map.of(Topics.ENCODE, 1, Topics.SAMPLE, 1, Topics.DECODE, 4, Topics.EVENTS, 10);
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            List<ConsumerRecord<String, String>> records = recordsOfJob(e.getKey(), jobId, e.getValue(), Duration.ofSeconds(30));
            assertThat(records).as("records of the job on %s", e.getKey()).hasSizeGreaterThanOrEqualTo(e.getValue());
            for (ConsumerRecord<String, String> r : records) {
                Header h = r.headers().lastHeader("traceparent");
                assertThat(h).as("traceparent of %s record %s", e.getKey(), r.key()).isNotNull();
                assertThat(new String(h.value(), java.nio.charset.StandardCharsets.UTF_8))
                        .as("trace of %s record %s", e.getKey(), r.key()).startsWith("00-" + traceId + "-");
            }
        }
        // Spans: every service exported spans of this one trace.
        Set<String> services;
        try {
            services = await("spans of every service in trace " + traceId).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> servicesInTrace(traceId),
                            s -> s.containsAll(List.of("api-gateway", "encoder-worker", "sampler-worker", "decoder-worker")));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; the receiver got " + otlp.describe(), e);
        }
        System.out.println("[e2e] trace " + traceId + ": spans from " + services + ", "
                + otlp.spans().stream().filter(sp -> traceId.equals(sp.traceId())).count() + " spans");
    }

    @Test
    void theControlEndpointScalesAStageAndReportsReplicasAndConsumerMembers() throws Exception {
        String url = control.url();
        assertThat(LatentPatchCommand.commandLine().execute("scale", "sampler=3", "--control", url, "--timeout", "240")).isZero();
        assertThat(stack.status().stream().filter(r -> r.service() == Service.SAMPLER_WORKER)).hasSize(3)
                .allSatisfy(r -> assertThat(r.state()).isEqualTo(Supervisor.State.RUNNING));
        Supervisor.ReplicaStatus third = replica(Service.SAMPLER_WORKER, 2);
        assertThat(LatentPatchCommand.commandLine().execute("scale", "sampler=2", "--control", url)).isZero();
        assertThat(ProcessHandle.of(third.pid()).map(ProcessHandle::isAlive).orElse(false)).as("the removed replica has exited").isFalse();
        JsonNode doc = JsonCodec.shared().mapper().readTree(get(url + "/v1/stack"));
        JsonNode sampler = null;
        for (JsonNode st : doc.path("stages")) if (st.path("stage").asText().equals("sampler")) sampler = st;
        assertThat(sampler).isNotNull();
        assertThat(sampler.path("replicas").asInt()).isEqualTo(2);
        assertThat(sampler.path("consumer").path("group").asText()).isEqualTo(ConsumerGroups.SAMPLE.groupId());
        await("2 sampler consumers").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> JsonCodec.shared().mapper().readTree(get(url + "/v1/stack")).path("stages").get(2).path("consumer").path("members").asInt() == 2);
        HttpResponse<String> bad = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/v1/scale?stage=painter&replicas=2"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("unknown stage 'painter'");
    }

    private Set<String> servicesInTrace(String traceId) {
        Set<String> out = new java.util.TreeSet<>();
        for (OtlpReceiver.Span sp : otlp.spans()) if (traceId.equals(sp.traceId())) out.add(sp.service());
        return out;
    }

    private Supervisor.ReplicaStatus replica(Service s, int index) {
        return stack.status().stream().filter(r -> r.service() == s && r.index() == index).findFirst().orElseThrow();
    }

    /** Waits until {@code group} has {@code n} members, each with partitions assigned. */
    private void awaitAssignedMembers(String group, int n) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            await(n + " assigned members in " + group).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() -> {
                List<MemberDescription> members = new ArrayList<>(admin.describeConsumerGroups(List.of(group)).all().get().get(group).members());
                return members.size() == n && members.stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
            });
        }
    }

    /** One counter or gauge of every replica of {@code s} (each replica's own /q/metrics). */
    private double[] perReplica(Service s, String name, String stage) throws Exception {
        List<Supervisor.ReplicaStatus> replicas = stack.status().stream().filter(r -> r.service() == s).toList();
        double[] out = new double[replicas.size()];
        for (int i = 0; i < out.length; i++) out[i] = metric(get(stack.url(s, replicas.get(i).index()) + "/q/metrics"), name, stage);
        return out;
    }

    private static double[] minus(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i] - b[i];
        return out;
    }

    /** The value of the Prometheus sample {@code name} (with {@code stage="..."} when given); 0 when absent. */
    private static double metric(String exposition, String name, String stage) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})?\\s+(\\S+)", Pattern.MULTILINE);
        Matcher m = line.matcher(exposition);
        while (m.find()) {
            String labels = m.group(1) == null ? "" : m.group(1);
            if (stage == null || labels.contains("stage=\"" + stage + "\"")) return Double.parseDouble(m.group(2));
        }
        return 0;
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s", url).isEqualTo(200);
        return r.body();
    }

    /** Every record of {@code topic} whose key is the job or one of its images, read from the start, until {@code atLeast} arrived. */
    private List<ConsumerRecord<String, String>> recordsOfJob(String topic, String jobId, int atLeast, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < atLeast && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() != null && (r.key().equals(jobId) || r.key().startsWith(jobId + "/"))) out.add(r);
                }
            }
        }
        return out;
    }

    private JsonNode awaitState(String jobId, String state, Duration timeout) {
        return await("state " + state + " of " + jobId).atMost(timeout).pollInterval(Duration.ofMillis(200))
                .until(() -> client.status(jobId), s -> JobWatcher.state(s).equals(state));
    }

    /** Waits until every service's consumer group has committed every message of the topic it consumes. */
    private void awaitPipelineIdle(Duration timeout) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            await("every service's consumer lag at 0").atMost(timeout).pollInterval(Duration.ofMillis(500))
                    .until(() -> totalLag(admin) == 0);
        }
    }

    private static long totalLag(Admin admin) throws Exception {
        long lag = 0;
        for (Map.Entry<String, String> group : SERVICE_GROUPS.entrySet()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(group.getValue())).allTopicNames().get().get(group.getValue()).partitions()
                    .forEach(info -> latest.put(new TopicPartition(group.getValue(), info.partition()), OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group.getKey()).partitionsToOffsetAndMetadata().get();
            for (var end : admin.listOffsets(latest).all().get().entrySet()) {
                OffsetAndMetadata c = committed.get(end.getKey());
                lag += end.getValue().offset() - (c == null ? 0 : c.offset());
            }
        }
        return lag;
    }

    private static int encodedImages(JsonNode status) {
        JsonNode timings = status.path("timingsMs");
        return timings.has("encodedImages") ? timings.get("encodedImages").asInt() : -1;
    }

    private static ObjectNode job(String setId, String model, int count, long seed) {
        return GatewayClient.jobBody(setId, model, count, seed, DEFAULTS);
    }

    private static List<Path> files(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".png")).sorted().toList();
        }
    }

    /** Largest difference of one 8-bit channel between two images of the same size. */
    /** The pixel codec decodes exactly: latents, provenance and PNGs of the first {@code count} images are the same bytes. */
    private static void assertPixelCodecRunsEqual(Path distributed, Path local, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            for (String file : List.of(i + ".latent.npy", i + ".provenance.npy", i + ".png")) {
                assertThat(Files.readAllBytes(distributed.resolve(file))).as("%s is byte-identical to generate's", file)
                        .isEqualTo(Files.readAllBytes(local.resolve(file)));
            }
        }
    }

    private static int maxChannelDifference(Path a, Path b) throws IOException {
        BufferedImage x = ImageIO.read(a.toFile());
        BufferedImage y = ImageIO.read(b.toFile());
        assertThat(x.getWidth()).isEqualTo(y.getWidth());
        assertThat(x.getHeight()).isEqualTo(y.getHeight());
        int max = 0;
        for (int row = 0; row < x.getHeight(); row++) {
            for (int col = 0; col < x.getWidth(); col++) {
                int p = x.getRGB(col, row);
                int q = y.getRGB(col, row);
                for (int shift = 0; shift <= 16; shift += 8) {
                    max = Math.max(max, Math.abs(((p >> shift) & 255) - ((q >> shift) & 255)));
                }
            }
        }
        return max;
    }
}
