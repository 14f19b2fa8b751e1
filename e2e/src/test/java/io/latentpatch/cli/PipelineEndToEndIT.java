package io.latentpatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.imaging.RgbImage;
import io.latentpatch.contracts.Topics;
import io.latentpatch.localstack.LocalInfra;
import io.latentpatch.localstack.ServiceStack;
import io.latentpatch.localstack.ServiceStack.Service;
import io.latentpatch.pipeline.ProgressBar;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole system as operators run it: a real Kafka broker (KRaft) and S3 server, and the four
 * services as separate processes started from their built apps; a client talks to the gateway only.
 * The results are compared with {@code latentpatch generate} doing the same work in one process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndIT {
    private static final int FACES = 16;
    private static final long SEED = 7;

    private Path shared;
    private LocalInfra infra;
    private ServiceStack stack;
    private GatewayClient client;
    private Path faces;
    private String faceSetId;

    @TempDir
    Path work;

    @BeforeAll
    void startSystem() throws IOException {
        String sharedProperty = System.getProperty("latentpatch.shared");
        shared = sharedProperty == null ? null : Path.of(sharedProperty);
        skipUnless(shared != null && Files.isDirectory(shared.resolve("models/taef2")) && Files.isDirectory(shared.resolve("data/faces")),
                "../shared (models/taef2 and data/faces) is absent: the end-to-end tests need the real model and faces");
        Path home = Path.of(System.getProperty("latentpatch.home", "..")).toAbsolutePath().normalize();
        for (Service s : Service.values()) {
            skipUnless(Files.isRegularFile(ServiceStack.appJar(home, s)), s.module() + " is not built; run the reactor build first");
        }
        faces = Files.createTempDirectory("lp-e2e-faces");
        for (int i = 0; i < FACES; i++) {
            String name = String.format(Locale.ROOT, "face_%04d.png", i);
            Files.copy(shared.resolve("data/faces").resolve(name), faces.resolve(name));
        }
        long start = System.nanoTime();
        infra = LocalInfra.builder().start();
        stack = ServiceStack.builder(home, infra).freePorts().modelsDir(shared.resolve("models"))
                .logDir(home.resolve("e2e/target/e2e-logs")).start();
        System.out.printf(Locale.ROOT, "[e2e] stack up in %.1f s, gateway %s%n", (System.nanoTime() - start) / 1e9, stack.gatewayUrl());
        client = new GatewayClient(stack.gatewayUrl());
    }

    /** Skips the class with the reason printed too: Surefire's summary shows a class skipped in @BeforeAll as 0 tests. */
    private static void skipUnless(boolean condition, String reason) {
        if (!condition) System.err.println("[e2e] SKIPPED: " + reason);
        assumeTrue(condition, reason);
    }

    @AfterAll
    void stopSystem() {
        if (stack != null) stack.close();
        if (infra != null) infra.close();
    }

    @Test
    @Order(1)
    void taef2JobOf16FacesMatchesGenerateByteForByte() throws Exception {
        // Cold: fresh services (model loading and JIT warm-up included), and a fresh in-process generate.
        faceSetId = client.uploadSourceSet(files(faces), null);
        Timed cold = runPipeline(faceSetId, work.resolve("distributed"));
        Path local = work.resolve("generate");
        double generateCold = runGenerate(local);
        // Warm: the same work again (a new set of the same faces, so it is encoded again) on warm services.
        Timed warm = runPipeline(client.uploadSourceSet(files(faces), null), work.resolve("distributed-warm"));
        double generateWarm = runGenerate(work.resolve("generate-warm"));
        System.out.printf(Locale.ROOT, "[e2e] taef2 16 faces -> 16 images: cold pipeline %.2f s vs generate %.2f s (%.2fx); "
                        + "warm pipeline %.2f s vs generate %.2f s (%.2fx); warm stage timings %s%n",
                cold.seconds, generateCold, cold.seconds / generateCold, warm.seconds, generateWarm,
                warm.seconds / generateWarm, warm.status.path("timingsMs"));

        ImageLoader loader = new ImageLoader();
        for (Path distributed : List.of(work.resolve("distributed"), work.resolve("distributed-warm"))) {
            for (int i = 0; i < FACES; i++) {
                assertThat(Files.readAllBytes(distributed.resolve(i + ".latent.npy")))
                        .as("latent %d is byte-identical to generate's", i)
                        .isEqualTo(Files.readAllBytes(local.resolve(i + ".latent.npy")));
                assertThat(Files.readAllBytes(distributed.resolve(i + ".provenance.npy")))
                        .as("provenance %d is byte-identical to generate's", i)
                        .isEqualTo(Files.readAllBytes(local.resolve(i + ".provenance.npy")));
                RgbImage a = loader.read(distributed.resolve(i + ".png"));
                RgbImage b = loader.read(local.resolve(i + ".png"));
                assertThat(maxChannelDifference(a, b)).as("image %d within 1/255 of generate's", i).isLessThanOrEqualTo(1);
            }
        }
    }

    private record Timed(double seconds, JsonNode status) {}

    private Timed runPipeline(String setId, Path out) throws IOException {
        long start = System.nanoTime();
        String jobId = client.submitJob(job(setId, "taef2", FACES, SEED), null);
        JsonNode status = JobWatcher.await(client, jobId, ProgressBar.silent(), 600_000);
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
    @Order(2)
    void pixelCodecJobMatchesGenerateByteForByte() throws Exception {
        String setId = client.uploadSourceSet(files(faces), null);
        long start = System.nanoTime();
        String jobId = client.submitJob(job(setId, "pixel-f16", FACES, SEED), null);
        JobWatcher.await(client, jobId, ProgressBar.silent(), 300_000);
        double pipeline = (System.nanoTime() - start) / 1e9;
        Path distributed = work.resolve("pixel-distributed");
        JobWatcher.download(client, jobId, FACES, distributed);
        Path local = work.resolve("pixel-generate");
        start = System.nanoTime();
        assertThat(LatentPatchCommand.commandLine().execute("generate", "--sources", faces.toString(), "--model", "pixel-f16",
                "--count", "" + FACES, "--seed", "" + SEED, "--out", local.toString(), "--quiet")).isZero();
        double generate = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "[e2e] pixel-f16 16 faces -> 16 images: pipeline %.2f s vs generate %.2f s (%.2fx)%n",
                pipeline, generate, pipeline / generate);
        for (int i = 0; i < FACES; i++) {
            assertThat(Files.readAllBytes(distributed.resolve(i + ".latent.npy"))).as("latent %d", i)
                    .isEqualTo(Files.readAllBytes(local.resolve(i + ".latent.npy")));
            assertThat(Files.readAllBytes(distributed.resolve(i + ".provenance.npy"))).as("provenance %d", i)
                    .isEqualTo(Files.readAllBytes(local.resolve(i + ".provenance.npy")));
            assertThat(Files.readAllBytes(distributed.resolve(i + ".png"))).as("pixel codec decodes exactly: image %d", i)
                    .isEqualTo(Files.readAllBytes(local.resolve(i + ".png")));
        }
    }

    @Test
    @Order(3)
    void serverSentEventsFollowAJobToItsEndAndCancelStopsAnother() throws Exception {
        assumeTrue(faceSetId != null, "needs the source set of the first test");
        String jobId = client.submitJob(job(faceSetId, "taef2", 3, 42), null);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<java.util.stream.Stream<String>> sse = http.send(
                HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/jobs/" + jobId + "/events")).GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(sse.statusCode()).isEqualTo(200);
        List<String> states = new ArrayList<>();
        List<Integer> done = new ArrayList<>();
        sse.body().filter(line -> line.startsWith("data:")).forEach(line -> {
            try {
                JsonNode status = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line.substring(5));
                states.add(JobWatcher.state(status));
                done.add(JobWatcher.done(status));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(states).as("the stream ends after the terminal state").last().isEqualTo("SUCCEEDED");
        assertThat(done).as("progress never goes back").isSorted().last().isEqualTo(3);
        assertThat(states.size()).as("progress arrives as it happens, not only at the end").isGreaterThan(2);

        String cancelled = client.submitJob(job(faceSetId, "taef2", 16, 43), null);
        client.cancel(cancelled);
        JsonNode status = awaitState(cancelled, "CANCELLED", Duration.ofSeconds(60));
        Thread.sleep(3000);
        JsonNode later = client.status(cancelled);
        assertThat(JobWatcher.state(later)).as("cancelled is final").isEqualTo("CANCELLED");
        assertThat(JobWatcher.done(later)).as("no more images once cancelled").isLessThan(16);
        assertThat(status.path("reason").asText()).isNotBlank();
    }

    @Test
    @Order(4)
    void aSecondJobReusesTheEncodedSourceSet() throws Exception {
        assumeTrue(faceSetId != null, "needs the source set of the first test");
        String jobId = client.submitJob(job(faceSetId, "taef2", 2, 99), null);
        JsonNode status = JobWatcher.await(client, jobId, ProgressBar.silent(), 300_000);
        assertThat(JobWatcher.done(status)).isEqualTo(2);
        // The encoder reports the encode step it skipped as 0 images encoded (see encoder-worker README).
        assertThat(status.toString()).contains("encode");
        assertThat(encodedImages(status)).as("images encoded for the second job").isZero();
    }

    @Test
    @Order(5)
    void aDecoderKilledMidJobIsRestartedAndEveryImageCompletesExactlyOnce() throws Exception {
        assumeTrue(faceSetId != null, "needs the source set of the first test");
        String jobId = client.submitJob(job(faceSetId, "taef2", 12, 1234), null);
        long deadline = System.currentTimeMillis() + 300_000;
        while (JobWatcher.done(client.status(jobId)) < 1 && System.currentTimeMillis() < deadline) Thread.sleep(100);
        stack.kill(Service.DECODER_WORKER);
        JsonNode mid = client.status(jobId);
        assertThat(JobWatcher.state(mid)).isNotEqualTo("SUCCEEDED");
        stack.start(Service.DECODER_WORKER);
        JsonNode status = JobWatcher.await(client, jobId, ProgressBar.silent(), 300_000);
        assertThat(JobWatcher.done(status)).isEqualTo(12);
        Set<Integer> completed = new HashSet<>();
        for (JsonNode image : status.path("links").path("images")) {
            assertThat(completed.add(image.path("index").asInt())).as("image %s listed once", image).isTrue();
        }
        assertThat(completed).hasSize(12);
        JobWatcher.download(client, jobId, 12, work.resolve("restarted"));
    }

    @Test
    @Order(6)
    void aPoisonMessageIsDeadLetteredAndFailsOnlyItsJob() throws Exception {
        Path samples = work.resolve("samples");
        io.latentpatch.samples.SampleSet.writeTo(samples, 8, 5, 256);
        String setId = client.uploadSourceSet(files(samples), samples.resolve("labels.csv"));

        // A job whose request waits in the encode topic while the encoder is down.
        stack.stop(Service.ENCODER_WORKER);
        String poisoned = client.submitJob(job(setId, "pixel-f16", 4, 1), null);
        String garbage = "{ this is not a message";
        String badTask = """
                {"schemaVersion":1,"jobId":"%s","imageIndex":0,"count":4,"seed":1,"setId":"%s","model":"pixel-f16",
                 "sourceLatentsKey":"sources/%s/pixel-f16/missing.npy","pcaMeanKey":"sources/%s/none/mean.npy",
                 "pcaBasisKey":"sources/%s/none/basis.npy"}""".formatted(poisoned, setId, setId, setId, setId);
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.SAMPLE, "garbage", garbage)).get();
            producer.send(new ProducerRecord<>(Topics.SAMPLE, poisoned + "/0", badTask)).get();
        }
        stack.start(Service.ENCODER_WORKER);
        String healthy = client.submitJob(job(setId, "pixel-f16", 4, 2), null);

        List<String> dead = deadLetters(Topics.dlq(Topics.SAMPLE), 2, Duration.ofSeconds(60));
        assertThat(dead).contains(garbage, badTask);
        JsonNode failed = awaitState(poisoned, "FAILED", Duration.ofSeconds(120));
        assertThat(failed.path("reason").asText()).isNotBlank();
        JsonNode ok = JobWatcher.await(client, healthy, ProgressBar.silent(), 120_000);
        assertThat(JobWatcher.done(ok)).isEqualTo(4);
    }

    private JsonNode awaitState(String jobId, String state, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode s = client.status(jobId);
        while (!JobWatcher.state(s).equals(state) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            s = client.status(jobId);
        }
        assertThat(JobWatcher.state(s)).as("state of %s: %s", jobId, s).isEqualTo(state);
        return s;
    }

    private static int encodedImages(JsonNode status) {
        JsonNode timings = status.path("timingsMs");
        return timings.has("encodedImages") ? timings.get("encodedImages").asInt() : -1;
    }

    private KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    private List<String> deadLetters(String topic, int atLeast, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (values.size() < atLeast && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) values.add(r.value());
            }
        }
        return values;
    }

    private static ObjectNode job(String setId, String model, int count, long seed) {
        return SubmitCommand.jobBody(setId, model, count, seed, new EngineOptions(), null, null);
    }

    private static List<Path> files(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".png")).sorted().toList();
        }
    }

    private static int maxChannelDifference(RgbImage a, RgbImage b) {
        assertThat(a.width()).isEqualTo(b.width());
        int max = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                max = Math.max(max, Math.abs(((a.rgb()[i] >> shift) & 255) - ((b.rgb()[i] >> shift) & 255)));
            }
        }
        return max;
    }
}
