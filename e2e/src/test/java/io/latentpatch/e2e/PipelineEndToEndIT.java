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
import io.latentpatch.contracts.Topics;
import io.latentpatch.localstack.LocalInfra;
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
import java.util.UUID;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
    /** The first 16 faces of ../shared, and their source set (uploaded once) for the taef2 tests. */
    private Path faces;
    private String faceSetId;

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
        ServiceStack.Builder services = ServiceStack.builder(home, infra).freePorts().logDir(home.resolve("e2e/target/e2e-logs"));
        if (shared != null) services.modelsDir(shared.resolve("models"));
        stack = services.start();
        System.out.printf(Locale.ROOT, "[e2e] stack up in %.1f s, gateway %s%n", (System.nanoTime() - start) / 1e9, stack.gatewayUrl());
        client = new GatewayClient(stack.gatewayUrl());
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
        if (stack != null) stack.close();
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
            uploaded = http.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/source-sets/" + setId + "/references"))
                    .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofFile(outside)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        String key = new ObjectMapper().readTree(uploaded.body()).path("referenceImage").asText();
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
        for (int i = 0; i < count; i++) {
            assertThat(Files.readAllBytes(distributed.resolve(i + ".latent.npy"))).as("latent %d", i)
                    .isEqualTo(Files.readAllBytes(local.resolve(i + ".latent.npy")));
            assertThat(Files.readAllBytes(distributed.resolve(i + ".provenance.npy"))).as("provenance %d", i)
                    .isEqualTo(Files.readAllBytes(local.resolve(i + ".provenance.npy")));
            assertThat(Files.readAllBytes(distributed.resolve(i + ".png"))).as("image %d", i)
                    .isEqualTo(Files.readAllBytes(local.resolve(i + ".png")));
        }
    }

    @Test
    void serverSentEventsFollowAJobToItsEndAndCancelStopsAnother() throws Exception {
        requireRealModels();
        String jobId = client.submitJob(job(faceSetId, "taef2", 3, 42), null);
        HttpResponse<Stream<String>> sse = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/jobs/" + jobId + "/events")).GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(sse.statusCode()).isEqualTo(200);
        List<String> states = new ArrayList<>();
        List<Integer> done = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
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
                    {"schemaVersion":1,"jobId":"%s","imageIndex":0,"count":4,"seed":1,"setId":"%s","model":"pixel-f16",
                     "sourceLatentsKey":"sources/%s/pixel-f16/missing.npy","pcaMeanKey":"sources/%s/none/mean.npy",
                     "pcaBasisKey":"sources/%s/none/basis.npy"}""".formatted(poisoned, setId, setId, setId, setId);
            try (KafkaProducer<String, String> producer = producer()) {
                producer.send(new ProducerRecord<>(Topics.SAMPLE, "garbage", garbage)).get();
                producer.send(new ProducerRecord<>(Topics.SAMPLE, poisoned + "/0", badTask)).get();
            }
        } finally {
            stack.start(Service.ENCODER_WORKER);
        }
        String healthy = client.submitJob(job(setId, PIXEL, 4, 2), null);

        List<String> dead = deadLetters(Topics.dlq(Topics.SAMPLE), List.of(garbage, badTask), Duration.ofSeconds(60));
        assertThat(dead).contains(garbage, badTask);
        JsonNode failed = awaitState(poisoned, "FAILED", Duration.ofSeconds(120));
        assertThat(failed.path("reason").asText()).isNotBlank();
        JsonNode ok = JobWatcher.await(client, healthy, Duration.ofMinutes(2));
        assertThat(JobWatcher.done(ok)).isEqualTo(4);
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

    private KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** Reads {@code topic} from its start until every one of {@code expected} has arrived, or {@code timeout}. */
    private List<String> deadLetters(String topic, List<String> expected, Duration timeout) {
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
            while (!values.containsAll(expected) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) values.add(r.value());
            }
        }
        return values;
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
