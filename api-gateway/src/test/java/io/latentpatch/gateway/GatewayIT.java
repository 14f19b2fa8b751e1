package io.latentpatch.gateway;

import io.latentpatch.gateway.job.Idempotency;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.latentpatch.contracts.JobEvent;
import io.latentpatch.contracts.JobRequest;
import io.latentpatch.contracts.JobStatus;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.contracts.ObjectKeys;
import io.latentpatch.contracts.SourceSetAlignment;
import io.latentpatch.contracts.SourceSetManifest;
import io.latentpatch.contracts.Topics;
import io.latentpatch.contracts.ModelInfo;
import io.latentpatch.service.LocalInfraTestResource;
import io.latentpatch.service.ModelRegistry;
import io.latentpatch.storage.ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway against the real local infrastructure (Kafka KRaft broker and S3Proxy, child JVMs):
 * uploads, submission (with the JobRequest read back from latentpatch.encode by a plain consumer),
 * idempotency, status driven by events fed into latentpatch.events by a plain producer, SSE, cancel,
 * failure, results, and the problem documents of bad inputs. No workers run: this test plays them.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class GatewayIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PROBLEM_JSON = "application/problem+json";
    /** Tenant "acme"'s key (its SHA-256 is in the test profile); every request of this test is acme's. */
    static final String ACME_KEY = "test-key-acme";


    @Inject
    ObjectStore store;
    @Inject
    ModelRegistry registry;

    @TestHTTPResource("/")
    URL base;

    private static KafkaProducer<String, String> producer;
    private static String setId;
    private static List<byte[]> setImages;

    /** The entries an encoder publishes for the built-in pixel codecs (no worker runs here; the gateway has no codec). */
    @BeforeEach
    void publishBuiltInModelsAsAnEncoderWould() {
        io.restassured.RestAssured.requestSpecification = new io.restassured.builder.RequestSpecBuilder()
                .addHeader("Authorization", "Bearer " + ACME_KEY).build();
        registry.publish(ModelInfo.of("pixel-f16", 768, 16, 256, "gateway-it", Instant.now()));
        registry.publish(ModelInfo.of("pixel", 768, 16, 256, "gateway-it", Instant.now()));
        registry.publish(ModelInfo.of("pixel-f8", 192, 8, 256, "gateway-it", Instant.now()));
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
        }
    }

    // ---- model registry -----------------------------------------------------------------------

    @Test
    void aModelOnlyTheEncoderHasIsAcceptedOnceItIsInTheRegistry() {
        String set = sourceSet();
        String body = "{\"sourceSetId\": \"" + set + "\", \"model\": \"encoder-only\", \"count\": 1}";
        // The gateway has no model directory and no codec: before a worker publishes the model, it is unknown.
        invalidJob(body, "/model", "unknown model 'encoder-only'");
        registry.publish(ModelInfo.of("encoder-only", 32, 8, 256, "encoder-it", Instant.now()));
        given().contentType(ContentType.JSON).body(body).post("/v1/jobs").then().statusCode(202).body("model", equalTo("encoder-only"));
        assertThat(registry.available()).contains("encoder-only", "pixel-f16");
    }

    // ---- source sets --------------------------------------------------------------------------

    @Test
    void uploadingASourceSetStoresTheOriginalBytesAndTheManifest() {
        String id = sourceSet();
        JsonPath set = given().get("/v1/source-sets/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(set.getInt("imageCount")).isEqualTo(4);
        assertThat(set.getList("attributes")).containsExactly("group");
        assertThat(set.getList("labels", Map.class).get(2)).isEqualTo(Map.of("group", "b"));
        for (int i = 0; i < 4; i++) {
            assertThat(store.get(ObjectKeys.sourceImage("acme", id, i))).isEqualTo(setImages.get(i));
        }
        SourceSetManifest manifest = JsonCodec.shared().read(store.get(ObjectKeys.sourceManifest("acme", id)), SourceSetManifest.class);
        assertThat(manifest.contentHash()).isEqualTo(SourceSetManifest.contentHashOf(setImages));
        assertThat(manifest.sizes()).hasSize(4).allSatisfy(s -> assertThat(s.width()).isEqualTo(256));
        assertThat(set.getInt("sizes[0].width")).isEqualTo(256);
    }

    @Test
    void aJpegUploadIsStoredAsUploaded() {
        byte[] jpeg = TestImages.jpeg(64, 64, 5);
        String location = given().multiPart("images", "a.jpg", jpeg, "image/jpeg")
                .multiPart("images", "b.jpg", TestImages.jpeg(64, 64, 6), "image/jpeg")
                .post("/v1/source-sets").then().statusCode(201).extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        assertThat(store.get(ObjectKeys.sourceImage("acme", id, 0))).isEqualTo(jpeg);
        assertThat(store.stat(ObjectKeys.sourceImage("acme", id, 0)).orElseThrow().contentType()).isEqualTo("image/jpeg");
    }

    @Test
    void badUploadsGetProblemDocuments() {
        byte[] ok = TestImages.png(32, 32, 1);
        problem(given().multiPart("images", "a.png", ok, "image/png")
                .multiPart("images", "notes.txt", "not an image".getBytes(), "text/plain"), "/v1/source-sets", 415,
                "image-rejected").body("detail", containsString("notes.txt")).body("errors[0].pointer", equalTo("images[1]"));
        problem(given().multiPart("images", "a.png", ok, "image/png")
                .multiPart("images", "cut.png", TestImages.truncatedPng(32, 32), "image/png"), "/v1/source-sets", 400,
                "image-rejected").body("detail", containsString("truncated"));
        problem(given().multiPart("images", "a.png", ok, "image/png")
                .multiPart("images", "bomb.png", TestImages.pngHeaderClaiming(100_000, 100_000), "image/png"),
                "/v1/source-sets", 400, "image-rejected").body("detail", containsString("100000x100000"));
        RequestSpecification many = given();
        byte[] tiny = TestImages.png(8, 8, 2);
        for (int i = 0; i < 513; i++) {
            many.multiPart("images", "t" + i + ".png", tiny, "image/png");
        }
        problem(many, "/v1/source-sets", 413, "upload-limit-exceeded").body("detail", containsString("513 images"));
        problem(given().multiPart("images", "a.png", ok, "image/png"), "/v1/source-sets", 422, "validation-failed")
                .body("detail", containsString("at least 2 images"));
        problem(given().multiPart("images", "a.png", ok, "image/png").multiPart("images", "b.png", ok, "image/png")
                .multiPart("labels", "labels.csv", "file,x\nzzz.png,1\n".getBytes(), "text/csv"), "/v1/source-sets", 422,
                "validation-failed").body("detail", containsString("zzz.png"));
    }

    // ---- submission -----------------------------------------------------------------------------

    @Test
    void aValidJobIsStoredThenPublishedToTheEncodeTopic() {
        try (EncodeTopic topic = new EncodeTopic()) {
            Response r = submit(null, "{\"sourceSetId\": \"" + sourceSet() + "\", \"count\": 3, \"seed\": 77,"
                    + " \"params\": {\"patch\": 6, \"stride\": 3}}");
            r.then().statusCode(202).contentType(ContentType.JSON).header("Location", containsString("/v1/jobs/"))
                    .body("state", equalTo("QUEUED")).body("progress.total", equalTo(3)).body("seed", equalTo(77))
                    .body("model", equalTo("pixel-f16"));
            String jobId = r.jsonPath().getString("id");
            JobRequest stored = JsonCodec.shared().read(store.get(ObjectKeys.jobRequest("acme", jobId)), JobRequest.class);
            assertThat(stored.seed()).isEqualTo(77);
            assertThat(stored.params().patch()).isEqualTo(6);
            JobStatus status = JsonCodec.shared().read(store.get(ObjectKeys.jobStatus("acme", jobId)), JobStatus.class);
            assertThat(status.state()).isEqualTo(JobStatus.State.QUEUED);
            List<ConsumerRecord<String, String>> records = topic.await(jobId, 1);
            assertThat(records).singleElement().satisfies(rec -> {
                assertThat(rec.key()).isEqualTo(jobId);
                assertThat(JsonCodec.shared().read(rec.value(), JobRequest.class)).isEqualTo(stored);
            });
        }
    }

    @Test
    void aJobWithoutSeedGetsARecordedRandomOne() {
        JsonPath job = submit(null, "{\"sourceSetId\": \"" + sourceSet() + "\"}").then().statusCode(202).extract().jsonPath();
        long seed = job.getLong("seed");
        assertThat(JsonCodec.shared().read(store.get(ObjectKeys.jobRequest("acme", job.getString("id"))), JobRequest.class).seed())
                .isEqualTo(seed);
    }

    @Test
    void inlineImagesBecomeANewSourceSet() {
        String body = "{\"images\": [{\"name\": \"x.png\", \"data\": \"" + b64(TestImages.png(64, 64, 3)) + "\"}, \""
                + b64(TestImages.png(64, 64, 4)) + "\"], \"count\": 2}";
        JsonPath job = submit(null, body).then().statusCode(202).extract().jsonPath();
        String set = job.getString("sourceSetId");
        SourceSetManifest m = JsonCodec.shared().read(store.get(ObjectKeys.sourceManifest("acme", set)), SourceSetManifest.class);
        assertThat(m.fileNames()).containsExactly("x.png", "image-1");
    }

    @Test
    void resubmittingWithTheSameKeyReturnsTheSameJobAndPublishesOnce() {
        String key = UUID.randomUUID().toString();
        String body = "{\"sourceSetId\": \"" + sourceSet() + "\", \"count\": 2, \"seed\": 5}";
        try (EncodeTopic topic = new EncodeTopic()) {
            String first = submit(key, body).then().statusCode(202).extract().jsonPath().getString("id");
            String reordered = "{ \"seed\": 5, \"count\": 2, \"sourceSetId\": \"" + sourceSet() + "\" }";
            submit(key, reordered).then().statusCode(200).header("Idempotent-Replayed", "true")
                    .body("id", equalTo(first));
            assertThat(topic.await(first, 1)).hasSize(1);
            assertThat(topic.poll(Duration.ofSeconds(2)).stream().filter(r -> first.equals(r.key()))).isEmpty();
            problem(given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                    .body("{\"sourceSetId\": \"" + sourceSet() + "\", \"count\": 3, \"seed\": 5}"), "/v1/jobs", 409,
                    "idempotency-key-reused").body("detail", containsString(first));
        }
        assertThat(store.exists(ObjectKeys.idempotencyRecord("acme", key))).isTrue();
    }

    @Test
    void twoConcurrentRequestsOnOneNewKeyCreateOneJobPublishedOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = "{\"sourceSetId\": \"" + sourceSet() + "\", \"count\": 1, \"seed\": 77}";
        try (EncodeTopic topic = new EncodeTopic()) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            try {
                List<java.util.concurrent.Future<Response>> answers = new java.util.ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return submit(key, body);
                    }));
                }
                start.countDown();
                List<Integer> codes = new java.util.ArrayList<>();
                java.util.Set<String> ids = new java.util.HashSet<>();
                for (var a : answers) {
                    Response r = a.get();
                    codes.add(r.statusCode());
                    if (r.statusCode() != 409) ids.add(r.jsonPath().getString("id"));
                }
                // One creates (202); the other replays it (200) or, on another replica mid-publish, gets 409 in-flight.
                assertThat(codes).containsOnlyOnce(202).allMatch(c -> c == 202 || c == 200 || c == 409);
                assertThat(ids).hasSize(1);
                String id = ids.iterator().next();
                assertThat(topic.await(id, 1)).hasSize(1);
                assertThat(topic.poll(Duration.ofSeconds(2)).stream().filter(r -> id.equals(r.key()))).isEmpty();
                Idempotency.Record rec = Idempotency.Record.fromJson(store.get(ObjectKeys.idempotencyRecord("acme", key)));
                assertThat(rec.jobId()).isEqualTo(id);
                assertThat(rec.state()).isEqualTo(Idempotency.State.PUBLISHED);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aPendingKeyIsInFlightWithinItsGraceAndCompletedUnderTheRecordedJobAfterIt() {
        String body = "{\"sourceSetId\": \"" + sourceSet() + "\", \"count\": 1, \"seed\": 78}";
        String k1 = UUID.randomUUID().toString();
        String first = submit(k1, body).then().statusCode(202).extract().jsonPath().getString("id");
        String hash = Idempotency.Record.fromJson(store.get(ObjectKeys.idempotencyRecord("acme", k1))).bodyHash();
        Instant abandoned = Instant.now().minus(Idempotency.PENDING_GRACE).minusSeconds(5);
        try (EncodeTopic topic = new EncodeTopic()) {
            // Another replica's live claim: this request must not create a second job.
            String k2 = UUID.randomUUID().toString();
            store.put(ObjectKeys.idempotencyRecord("acme", k2), new Idempotency.Record(hash, io.latentpatch.contracts.Ids.newId(),
                    Instant.now(), Idempotency.State.PENDING).toJson(), "application/json");
            problem(given().contentType(ContentType.JSON).header("Idempotency-Key", k2).body(body), "/v1/jobs", 409,
                    "idempotency-key-in-flight");

            // A claim left by a gateway that died before storing its job: the job is created under the recorded id.
            String k3 = UUID.randomUUID().toString();
            String job3 = io.latentpatch.contracts.Ids.newId();
            store.put(ObjectKeys.idempotencyRecord("acme", k3), new Idempotency.Record(hash, job3, abandoned,
                    Idempotency.State.PENDING).toJson(), "application/json");
            submit(k3, body).then().statusCode(202).body("id", equalTo(job3));
            assertThat(topic.await(job3, 1)).hasSize(1);
            assertThat(Idempotency.Record.fromJson(store.get(ObjectKeys.idempotencyRecord("acme", k3))).state())
                    .isEqualTo(Idempotency.State.PUBLISHED);

            // A claim left after its request was stored (perhaps published): the same request is published again.
            String k4 = UUID.randomUUID().toString();
            store.put(ObjectKeys.idempotencyRecord("acme", k4), new Idempotency.Record(hash, first, abandoned,
                    Idempotency.State.PENDING).toJson(), "application/json");
            submit(k4, body).then().statusCode(200).header("Idempotent-Replayed", "true").body("id", equalTo(first));
            JobRequest again = JsonCodec.shared().read(topic.await(first, 1).getFirst().value(), JobRequest.class);
            assertThat(again.seed()).isEqualTo(78);
            assertThat(Idempotency.Record.fromJson(store.get(ObjectKeys.idempotencyRecord("acme", k4))).state())
                    .isEqualTo(Idempotency.State.PUBLISHED);
        }
    }

    @Test
    void invalidSubmissionsAreRefusedBeforeAnythingIsPublished() {
        String set = sourceSet();
        try (EncodeTopic topic = new EncodeTopic()) {
            invalidJob("{\"sourceSetId\": \"" + set + "\", \"params\": {\"patch\": 17, \"stride\": 2, \"scales\": 1}}",
                    "/params/patch", "larger than the 16x16 grid");
            invalidJob("{\"sourceSetId\": \"" + set + "\", \"params\": {\"patch\": 4, \"stride\": 4}}",
                    "/params/stride", "stride w=4 must be smaller than the patch");
            invalidJob("{\"sourceSetId\": \"" + set + "\", \"params\": {\"k\": 0}}", "/params", "k must be >= 1");
            invalidJob("{\"sourceSetId\": \"" + set + "\", \"params\": {\"mode\": \"dream\"}}", "/params/mode",
                    "'dream' is not one of");
            invalidJob("{\"sourceSetId\": \"" + set + "\", \"params\": {\"mode\": \"reference\", \"reference\": 4}}",
                    "/params/reference", "has 4 images (0..3)");
            invalidJob("{\"sourceSetId\": \"" + set + "\", \"params\": {\"mode\": \"attributes\", \"where\": \"group=b\"}}",
                    "/params/where", "1 of 4 sources match");
            invalidJob("{\"sourceSetId\": \"" + set + "\", \"model\": \"no-such-model\"}", "/model", "available: pixel");
            invalidJob("{\"sourceSetId\": \"no-such-set\"}", "/sourceSetId", "no source set 'no-such-set'");
            invalidJob("{\"sourceSetId\": \"" + set + "\", \"count\": 257}", "/count", "between 1 and 256");
            problem(given().contentType(ContentType.JSON).body("{\"sourceSetId\": "), "/v1/jobs", 400, "malformed-request")
                    .body("detail", containsString("not valid JSON"));
            problem(given().contentType(ContentType.TEXT).body("hello"), "/v1/jobs", 415, "unsupported-media-type");
            assertThat(topic.poll(Duration.ofSeconds(1))).isEmpty();
        }
        // a filter that matches 3 of the 4 labelled images is fine
        submit(null, "{\"sourceSetId\": \"" + set + "\", \"params\": {\"mode\": \"attributes\", \"where\": \"group=a\"}}")
                .then().statusCode(202);
    }

    // ---- status from events ---------------------------------------------------------------------

    @Test
    void eventsDriveTheStatusAndADuplicateCountsOnce() throws Exception {
        String jobId = newJob(3);
        Instant t = Instant.now();
        send(JobEvent.encodingStarted("acme", jobId, "it", t));
        send(JobEvent.encoded("acme", jobId, Map.of("encode", 120L), "it", t.plusMillis(10)));
        for (int i = 0; i < 3; i++) {
            send(JobEvent.sampled("acme", jobId, i, Map.of("sample", 10L), "it", t.plusMillis(20 + i)));
        }
        send(JobEvent.imageDone("acme", jobId, 0, Map.of("decode", 5L), "it", t.plusMillis(30)));
        send(JobEvent.imageDone("acme", jobId, 1, Map.of("decode", 5L), "it", t.plusMillis(31)));
        send(JobEvent.imageDone("acme", jobId, 1, Map.of("decode", 5L), "it", t.plusMillis(32)));
        JsonPath mid = awaitStatus(jobId, s -> s.getInt("progress.done") == 2);
        assertThat(mid.getString("state")).isEqualTo("DECODING");
        assertThat(mid.getInt("timingsMs.decode")).isEqualTo(10);
        send(JobEvent.imageDone("acme", jobId, 2, Map.of("decode", 5L), "it", t.plusMillis(40)));
        JsonPath done = awaitStatus(jobId, s -> s.getString("state").equals("SUCCEEDED"));
        assertThat(done.getInt("progress.done")).isEqualTo(3);
        assertThat(done.getInt("timingsMs.sample")).isEqualTo(30);
        assertThat(done.getList("links.images.index")).containsExactly(0, 1, 2);
        assertThat(done.getBoolean("terminal")).isTrue();
        problem(given(), "DELETE", "/v1/jobs/" + jobId, 409, "job-already-finished");
    }

    @Test
    void resultsAreStreamedFromTheStoreAndMissingOnesAre404() {
        String jobId = newJob(2);
        byte[] png = TestImages.png(16, 16, 8);
        store.put(ObjectKeys.jobImage("acme", jobId, 0), png, "image/png");
        store.put(ObjectKeys.jobLatent("acme", jobId, 0), new byte[] {1, 2, 3}, "application/octet-stream");
        byte[] got = given().get("/v1/jobs/" + jobId + "/images/0.png").then().statusCode(200)
                .contentType("image/png").extract().asByteArray();
        assertThat(got).isEqualTo(png);
        assertThat(given().get("/v1/jobs/" + jobId + "/latents/0.npy").then().statusCode(200).extract().asByteArray())
                .containsExactly(1, 2, 3);
        problem(given(), "GET", "/v1/jobs/" + jobId + "/images/1.png", 404, "not-found")
                .body("detail", containsString("not there yet"));
        problem(given(), "GET", "/v1/jobs/" + jobId + "/provenance/2.png", 404, "not-found")
                .body("detail", containsString("has 2 images (0..1)"));
        problem(given(), "GET", "/v1/jobs/" + jobId + "/reports/0.json", 404, "not-found");
    }

    @Test
    void serverSentEventsFollowTheJobAndEndAtTheTerminalState() throws Exception {
        String jobId = newJob(2);
        List<String> data = new CopyOnWriteArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "v1/jobs/" + jobId + "/events")).header("X-Api-Key", ACME_KEY)
                .header("Accept", "text/event-stream").build();
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<Stream<String>>> response = client.sendAsync(request,
                HttpResponse.BodyHandlers.ofLines());
        CompletableFuture<Void> reading = response.thenAccept(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            r.body().filter(l -> l.startsWith("data:")).forEach(l -> data.add(l.substring(5).strip()));
        });
        awaitTrue(() -> !data.isEmpty());
        assertThat(JsonPath.from(data.get(0)).getString("state")).isEqualTo("QUEUED");
        Instant t = Instant.now();
        send(JobEvent.encodingStarted("acme", jobId, "it", t));
        send(JobEvent.encoded("acme", jobId, Map.of(), "it", t));
        send(JobEvent.sampled("acme", jobId, 0, Map.of(), "it", t));
        send(JobEvent.sampled("acme", jobId, 1, Map.of(), "it", t));
        send(JobEvent.imageDone("acme", jobId, 1, Map.of(), "it", t));
        awaitTrue(() -> data.stream().anyMatch(d -> JsonPath.from(d).getInt("progress.done") == 1));
        send(JobEvent.imageDone("acme", jobId, 0, Map.of(), "it", t));
        reading.get(WAIT.toSeconds(), TimeUnit.SECONDS); // the stream ends by itself after SUCCEEDED
        List<String> states = data.stream().map(d -> JsonPath.from(d).getString("state")).toList();
        assertThat(states.get(0)).isEqualTo("QUEUED");
        assertThat(states.get(states.size() - 1)).isEqualTo("SUCCEEDED");
        assertThat(states.stream().filter("SUCCEEDED"::equals)).hasSize(1);
        List<Integer> done = data.stream().map(d -> JsonPath.from(d).getInt("progress.done")).toList();
        assertThat(done).isSorted().contains(1).endsWith(2);
    }

    @Test
    void cancellingWritesTheMarkerAndTheStatusBecomesCancelled() {
        String jobId = newJob(4);
        send(JobEvent.encodingStarted("acme", jobId, "it", Instant.now()));
        given().delete("/v1/jobs/" + jobId).then().statusCode(202).body("id", equalTo(jobId));
        assertThat(store.exists(ObjectKeys.jobCancelled("acme", jobId))).isTrue();
        JsonPath s = awaitStatus(jobId, p -> p.getString("state").equals("CANCELLED"));
        assertThat(s.getString("reason")).contains("cancelled");
        send(JobEvent.imageDone("acme", jobId, 0, Map.of(), "it", Instant.now()));
        problem(given(), "DELETE", "/v1/jobs/" + jobId, 409, "job-already-finished");
        assertThat(given().get("/v1/jobs/" + jobId).jsonPath().getInt("progress.done")).isZero();
    }

    @Test
    void aFailedEventFailsTheJobWithItsReason() {
        String jobId = newJob(2);
        send(JobEvent.failed("acme", jobId, JobEvent.Stage.SAMPLE, 1, "latents.npy is corrupt: bad magic", "it", Instant.now()));
        JsonPath s = awaitStatus(jobId, p -> p.getString("state").equals("FAILED"));
        assertThat(s.getString("reason")).isEqualTo("latents.npy is corrupt: bad magic");
        assertThat(s.getString("failedStage")).isEqualTo("SAMPLE");
        assertThat(s.getInt("failedImageIndex")).isEqualTo(1);
    }

    @Test
    void aPoisonEventGoesToTheDeadLetterTopicAndTheWriterKeepsGoing() throws Exception {
        try (KafkaConsumer<String, String> dlq = consumerAtEnd(Topics.EVENTS_DLQ)) {
            producer().send(new ProducerRecord<>(Topics.EVENTS, "poison", "{not json")).get();
            List<ConsumerRecord<String, String>> dead = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (dead.isEmpty() && System.nanoTime() < deadline) {
                dlq.poll(Duration.ofMillis(200)).forEach(dead::add);
            }
            assertThat(dead).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo("{not json"));
        }
        String jobId = newJob(1);
        send(JobEvent.imageDone("acme", jobId, 0, Map.of(), "it", Instant.now()));
        awaitStatus(jobId, p -> p.getString("state").equals("SUCCEEDED"));
    }

    // ---- misc -----------------------------------------------------------------------------------

    @Test
    void unknownJobsAndRoutesAre404Problems() {
        problem(given(), "GET", "/v1/jobs/no-such-job", 404, "not-found").body("detail", containsString("no-such-job"));
        problem(given(), "GET", "/v1/jobs/no-such-job/events", 404, "not-found");
        problem(given(), "DELETE", "/v1/jobs/no-such-job", 404, "not-found");
        problem(given(), "GET", "/v1/source-sets/nope", 404, "not-found");
        problem(given(), "GET", "/v2/anything", 404, "not-found");
        problem(given(), "GET", "/v1/jobs/x/images/abc.png", 404, "not-found");
        problem(given(), "PUT", "/v1/jobs/x", 405, "method-not-allowed");
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("object-store", "SmallRye Reactive Messaging - readiness check"))
                .body("checks.find { it.name.contains('readiness') }.data.'job-requests'", equalTo("[OK]"))
                .body("checks.find { it.name.contains('readiness') }.data.'job-events'", equalTo("[OK]"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        newJob(1);
        given().get("/v1/jobs/no-such-job").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("latentpatch_gateway_jobs_accepted_total"))
                .body(containsString("latentpatch_gateway_requests_rejected_total"));
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body(containsString("/v1/jobs/{id}/events")).body(containsString("/v1/source-sets"));
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** A 4-image set (real faces when ../shared is there, else synthetic portraits) labelled group a, a, b, a. */
    // ---- web page and the API additions it uses ------------------------------------------------

    @Test
    void theWebPageAndItsScriptsAreServedByTheGateway() {
        given().get("/").then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("<script type=\"module\" src=\"js/main.js\">")).body(not(containsString("http://")))
                .body(not(containsString("https://")));
        for (String js : List.of("main", "api", "state", "sources", "params", "modes", "progress", "gallery")) {
            given().get("/js/" + js + ".js").then().statusCode(200).body(not(containsString("https://")));
        }
        given().get("/app.css").then().statusCode(200).contentType(startsWith("text/css"));
    }

    @Test
    void theOpenApiDocumentListsTheEndpointsThePageUses() {
        JsonPath doc = given().accept(ContentType.JSON).get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Object> paths = doc.getMap("paths");
        assertThat(paths).containsKeys("/v1/models", "/v1/models/{name}", "/v1/source-sets", "/v1/source-sets/{id}/images/{index}",
                "/v1/source-sets/{id}/masks", "/v1/source-sets/{id}/references", "/v1/jobs", "/v1/jobs/{id}/archive.zip");
    }

    @Test
    void modelsAreListedWithTheirGridAndThePapersDefaultsForIt() {
        JsonPath models = given().get("/v1/models").then().statusCode(200).extract().jsonPath();
        assertThat(models.getList("name")).contains("pixel-f16", "pixel-f8");
        JsonPath f16 = given().get("/v1/models/pixel-f16").then().statusCode(200).extract().jsonPath();
        assertThat(f16.getInt("gridSize")).isEqualTo(16);
        assertThat(f16.getInt("defaults.patch")).isEqualTo(4);
        assertThat(f16.getInt("defaults.stride")).isEqualTo(2);
        assertThat(f16.getInt("defaults.k")).isEqualTo(3);
        assertThat(f16.getInt("defaults.pcaDims")).isEqualTo(16);
        assertThat(f16.getString("defaults.method")).isEqualTo("latentpatch");
        assertThat(f16.getString("defaults.coverage")).isEqualTo("anchored");
        assertThat(f16.getString("defaults.anchorLayout")).isEqualTo("face-pooled");
        assertThat(f16.getInt("defaults.anchorRegions")).isEqualTo(5);
        assertThat(f16.getDouble("defaults.anchorWeight")).isEqualTo(64.0);
        assertThat(f16.getDouble("defaults.anchorCap")).isEqualTo(0.25);
        JsonPath f8 = given().get("/v1/models/pixel-f8").then().statusCode(200).extract().jsonPath();
        assertThat(f8.getInt("gridSize")).isEqualTo(32);
        assertThat(f8.getInt("defaults.patch")).as("ω scales with the grid").isEqualTo(8);
        problem(given(), "GET", "/v1/models/nope", 404, "not-found");
    }

    @Test
    void sourceSetsAreListedMostRecentFirstWithImageLinks() {
        String older = sourceSet();
        String newer = given().multiPart("images", "a.png", TestImages.png(32, 32, 1), "image/png")
                .multiPart("images", "b.png", TestImages.png(32, 32, 2), "image/png")
                .post("/v1/source-sets").then().statusCode(201).extract().jsonPath().getString("id");
        JsonPath page = given().get("/v1/source-sets?limit=100").then().statusCode(200).extract().jsonPath();
        List<String> ids = page.getList("items.id");
        assertThat(ids).contains(older, newer);
        assertThat(ids.indexOf(newer)).as("recent first").isLessThan(ids.indexOf(older));
        assertThat(page.getInt("total")).isGreaterThanOrEqualTo(2);
        JsonPath one = given().get("/v1/source-sets?limit=1").then().statusCode(200).extract().jsonPath();
        assertThat(one.getList("items")).hasSize(1);
        assertThat(one.getString("next")).isEqualTo("/v1/source-sets?offset=1&limit=1");
        String thumb = one.getString("items[0].images[0]");
        assertThat(thumb).isEqualTo("/v1/source-sets/" + ids.get(0) + "/images/0");
        byte[] image = given().get("/v1/source-sets/" + older + "/images/2").then().statusCode(200).contentType("image/png")
                .extract().asByteArray();
        assertThat(image).isEqualTo(setImages.get(2));
        problem(given(), "GET", "/v1/source-sets/" + older + "/images/4", 404, "not-found").body("detail", containsString("0..3"));
        problem(given(), "GET", "/v1/source-sets?limit=0", 422, "validation-failed").body("errors.pointer", hasItems("limit"));
        problem(given(), "GET", "/v1/source-sets?offset=-1&limit=abc", 422, "validation-failed")
                .body("errors.pointer", hasItems("offset", "limit"));
    }

    @Test
    void anUploadWithAlignIsRecordedAndTheAlignedImagesAreServedOnceTheEncoderStoredThem() {
        byte[] a = TestImages.png(64, 64, 1);
        byte[] b = TestImages.png(64, 64, 2);
        byte[] c = TestImages.png(64, 64, 3);
        JsonPath created = given().multiPart("images", "a.png", a, "image/png").multiPart("images", "b.png", b, "image/png")
                .multiPart("images", "c.png", c, "image/png").multiPart("align", "true").multiPart("alignFailures", "skip")
                .post("/v1/source-sets").then().statusCode(201).extract().jsonPath();
        String id = created.getString("id");
        assertThat(created.getString("align.failures")).isEqualTo("skip");
        assertThat(created.getString("alignment")).isEqualTo("/v1/source-sets/" + id + "/aligned/alignment.json");
        SourceSetManifest manifest = JsonCodec.shared().read(store.get(ObjectKeys.sourceManifest("acme", id)), SourceSetManifest.class);
        assertThat(manifest.align()).isEqualTo(new SourceSetManifest.AlignRequest("skip"));
        assertThat(manifest.imageCount()).isEqualTo(3);
        problem(given(), "GET", "/v1/source-sets/" + id + "/aligned/alignment.json", 404, "not-found")
                .body("detail", containsString("not aligned yet"));

        // Play the encoder: b.png had no face; a.png and c.png are aligned images 0 and 1.
        List<Double> identity = List.of(1.0, 0.0, 0.0, 0.0, 1.0, 0.0);
        SourceSetAlignment alignment = SourceSetAlignment.of(id, 256, List.of(
                        new SourceSetAlignment.AlignedImage(0, "a.png", identity, 1, 0, List.of(20.0, 30.0), List.of(44.0, 30.0),
                                List.of(10.0, 10.0, 44.0, 44.0)),
                        new SourceSetAlignment.AlignedImage(2, "c.png", identity, 1, 0, List.of(20.0, 30.0), List.of(44.0, 30.0),
                                List.of(10.0, 10.0, 44.0, 44.0))),
                List.of(new SourceSetAlignment.SkippedImage(1, "b.png", "NO_FACE", "b.png: cannot align the face: no face found")));
        byte[] aligned0 = TestImages.png(256, 256, 7);
        byte[] aligned1 = TestImages.png(256, 256, 8);
        store.put(ObjectKeys.sourceAlignedImage("acme", id, 0), aligned0, "image/png");
        store.put(ObjectKeys.sourceAlignedImage("acme", id, 1), aligned1, "image/png");
        store.put(ObjectKeys.sourceAlignment("acme", id), JsonCodec.shared().write(alignment), "application/json");

        byte[] json = given().get("/v1/source-sets/" + id + "/aligned/alignment.json").then().statusCode(200)
                .contentType(ContentType.JSON).extract().asByteArray();
        assertThat(JsonCodec.shared().read(json, SourceSetAlignment.class)).isEqualTo(alignment);
        assertThat(given().get("/v1/source-sets/" + id + "/aligned/1.png").then().statusCode(200).contentType("image/png")
                .extract().asByteArray()).isEqualTo(aligned1);
        problem(given(), "GET", "/v1/source-sets/" + id + "/aligned/2.png", 404, "not-found")
                .body("detail", containsString("2 aligned images (0..1)"));
        problem(given(), "GET", "/v1/source-sets/" + sourceSet() + "/aligned/0.png", 404, "not-found")
                .body("detail", containsString("not uploaded with align=true"));
    }

    @Test
    void badAlignPartsAreRefusedNamingThePartAndNothingIsStored() {
        int before = store.list(ObjectKeys.sourcesPrefix("acme")).size();
        problem(given().multiPart("images", "a.png", TestImages.png(32, 32, 1), "image/png").multiPart("align", "maybe"),
                "/v1/source-sets", 422, "validation-failed").body("errors.pointer", hasItems("align"));
        problem(given().multiPart("images", "a.png", TestImages.png(32, 32, 1), "image/png").multiPart("alignFailures", "skip"),
                "/v1/source-sets", 422, "validation-failed").body("errors.detail", hasItems("alignFailures needs align=true"));
        problem(given().multiPart("images", "a.png", TestImages.png(32, 32, 1), "image/png").multiPart("align", "true")
                .multiPart("alignFailures", "ignore"), "/v1/source-sets", 422, "validation-failed")
                .body("errors.pointer", hasItems("alignFailures"));
        assertThat(store.list(ObjectKeys.sourcesPrefix("acme"))).hasSize(before);
    }

    @Test
    void anUploadedMaskBecomesTheRegionOfAnEditJob() {
        String set = sourceSet();
        byte[] mask = TestImages.mask(64, 64, 16, 24, 48, 36);
        String region = given().contentType("image/png").body(mask).post("/v1/source-sets/" + set + "/masks")
                .then().statusCode(201).extract().jsonPath().getString("region");
        assertThat(region).startsWith("tenants/acme/sources/" + set + "/masks/").endsWith(".png");
        assertThat(store.get(region)).isEqualTo(mask);
        String again = given().contentType("image/png").body(mask).post("/v1/source-sets/" + set + "/masks")
                .then().statusCode(201).extract().jsonPath().getString("region");
        assertThat(again).as("content-addressed").isEqualTo(region);
        given().contentType(ContentType.JSON)
                .body("{\"sourceSetId\": \"" + set + "\", \"params\": {\"mode\": \"edit\", \"reference\": 1, \"region\": \"" + region + "\"}}")
                .post("/v1/jobs").then().statusCode(202).body("params.region", equalTo(region));
    }

    @Test
    void badMasksAreRefusedNamingTheFieldAndNothingIsStored() {
        String set = sourceSet();
        int before = store.list(ObjectKeys.sourcePrefix("acme", set) + "masks/").size();
        problem(given().contentType("image/png").body("not a png".getBytes()), "/v1/source-sets/" + set + "/masks", 415,
                "image-rejected").body("errors.pointer", hasItems("mask"));
        problem(given().contentType("image/png").body(TestImages.mask(32, 32, 0, 0, 0, 0)), "/v1/source-sets/" + set + "/masks",
                422, "validation-failed").body("errors.pointer", hasItems("mask")).body("detail", containsString("no bright pixel"));
        byte[] png = TestImages.mask(32, 32, 0, 0, 16, 16);
        problem(given().contentType("image/png").body(java.util.Arrays.copyOf(png, png.length / 2)),
                "/v1/source-sets/" + set + "/masks", 400, "image-rejected").body("errors.pointer", hasItems("mask"));
        problem(given().contentType("image/png").body(png), "/v1/source-sets/" + UUID.randomUUID() + "/masks", 404, "not-found");
        assertThat(store.list(ObjectKeys.sourcePrefix("acme", set) + "masks/")).hasSize(before);
    }

    @Test
    void anOutsideReferenceImageIsStoredForTheSetAndNamedByAJob() {
        String set = sourceSet();
        byte[] jpeg = TestImages.jpeg(300, 200, 21);
        JsonPath stored = given().contentType("image/jpeg").body(jpeg).post("/v1/source-sets/" + set + "/references")
                .then().statusCode(201).extract().jsonPath();
        String key = stored.getString("referenceImage");
        assertThat(key).startsWith("tenants/acme/sources/" + set + "/references/").endsWith(".jpg");
        assertThat(stored.getInt("size.width")).isEqualTo(300);
        assertThat(store.get(key)).isEqualTo(jpeg);
        String jobId = given().contentType(ContentType.JSON)
                .body("{\"sourceSetId\": \"" + set + "\", \"params\": {\"mode\": \"reference\", \"referenceImage\": \"" + key + "\"}}")
                .post("/v1/jobs").then().statusCode(202).body("params.referenceImage", equalTo(key)).extract().jsonPath().getString("id");
        JobRequest request = JsonCodec.shared().read(store.get(ObjectKeys.jobRequest("acme", jobId)), JobRequest.class);
        assertThat(request.params().referenceImage()).isEqualTo(key);
    }

    @Test
    void badOutsideReferencesAreRefusedNamingTheField() {
        String set = sourceSet();
        int before = store.list(ObjectKeys.sourceReferencesPrefix("acme", set)).size();
        problem(given().contentType("image/png").body("hello".getBytes()), "/v1/source-sets/" + set + "/references", 415,
                "image-rejected").body("errors.pointer", hasItems("referenceImage"));
        problem(given().contentType("image/png").body(TestImages.truncatedPng(64, 64)), "/v1/source-sets/" + set + "/references",
                400, "image-rejected").body("errors.pointer", hasItems("referenceImage"));
        assertThat(store.list(ObjectKeys.sourceReferencesPrefix("acme", set))).as("nothing stored").hasSize(before);
        String missing = ObjectKeys.sourceReference("acme", set, "0123456789abcdef", false);
        invalidJob("{\"sourceSetId\": \"" + set + "\", \"params\": {\"mode\": \"edit\", \"region\": [\"eyes\"], \"referenceImage\": \""
                + missing + "\"}}", "/params/referenceImage", "no reference image");
        invalidJob("{\"sourceSetId\": \"" + set + "\", \"params\": {\"mode\": \"reference\", \"referenceImage\": \""
                + ObjectKeys.sourceImage("acme", set, 0) + "\"}}", "/params/referenceImage", "upload it with POST");
        invalidJob("{\"sourceSetId\": \"" + set + "\", \"params\": {\"mode\": \"reference\", \"reference\": 1, \"referenceImage\": \""
                + missing + "\"}}", "/params", "not both");
    }

    @Test
    void jobsAreListedMostRecentFirstWithThumbnailLinks() {
        String first = newJob(1);
        String second = newJob(2);
        store.put(ObjectKeys.jobImage("acme", second, 0), TestImages.png(16, 16, 3), "image/png");
        send(JobEvent.imageDone("acme", second, 0, Map.of("decode", 1L), "it", Instant.now()));
        awaitStatus(second, s -> s.getInt("progress.done") == 1);
        JsonPath page = given().get("/v1/jobs?limit=100").then().statusCode(200).extract().jsonPath();
        List<String> ids = page.getList("items.id");
        assertThat(ids.indexOf(second)).as("recent first").isGreaterThanOrEqualTo(0).isLessThan(ids.indexOf(first));
        int i = ids.indexOf(second);
        assertThat(page.getString("items[" + i + "].links.thumbnail")).isEqualTo("/v1/jobs/" + second + "/images/0.png");
        assertThat(page.getString("items[" + i + "].links.archive")).isEqualTo("/v1/jobs/" + second + "/archive.zip");
        assertThat(page.getString("items[" + ids.indexOf(first) + "].links.thumbnail")).isNull();
        problem(given(), "GET", "/v1/jobs?limit=101", 422, "validation-failed").body("errors.pointer", hasItems("limit"));
    }

    @Test
    void theArchiveOfAFinishedJobHoldsEveryFileAndARunningJobIsRefused() throws IOException {
        String jobId = newJob(1);
        problem(given(), "GET", "/v1/jobs/" + jobId + "/archive.zip", 409, "job-not-finished")
                .body("detail", containsString("QUEUED"));
        byte[] png = TestImages.png(16, 16, 4);
        store.put(ObjectKeys.jobImage("acme", jobId, 0), png, "image/png");
        store.put(ObjectKeys.jobLatent("acme", jobId, 0), new byte[] {9, 8, 7}, "application/octet-stream");
        send(JobEvent.imageDone("acme", jobId, 0, Map.of("decode", 1L), "it", Instant.now()));
        awaitStatus(jobId, s -> s.getString("state").equals("SUCCEEDED"));
        byte[] zip = given().get("/v1/jobs/" + jobId + "/archive.zip").then().statusCode(200).contentType("application/zip")
                .header("Content-Disposition", containsString(jobId + ".zip")).extract().asByteArray();
        Map<String, byte[]> entries = new java.util.TreeMap<>();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) entries.put(e.getName(), in.readAllBytes());
        }
        assertThat(entries.keySet()).containsExactly("images/0.png", "latents/0.npy", "request.json", "status.json");
        assertThat(entries.get("images/0.png")).isEqualTo(png);
        assertThat(entries.get("latents/0.npy")).containsExactly(9, 8, 7);
        problem(given(), "GET", "/v1/jobs/" + UUID.randomUUID() + "/archive.zip", 404, "not-found");
    }

    private synchronized String sourceSet() {
        if (setId != null) {
            return setId;
        }
        List<String> names = new ArrayList<>();
        List<byte[]> images = new ArrayList<>();
        Path faces = Path.of(System.getProperty("latentpatch.shared", "../shared"), "data", "faces");
        if (Files.isRegularFile(faces.resolve("face_0000.png"))) {
            for (int i = 0; i < 4; i++) {
                names.add(String.format("face_%04d.png", i));
                try {
                    images.add(Files.readAllBytes(faces.resolve(names.get(i))));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        } else {
            for (int i = 0; i < 4; i++) {
                names.add(String.format("picture_%03d.png", i));
                images.add(TestImages.png(256, 256, 11 + i));
            }
        }
        String labels = "file,group\n" + names.get(0) + ",a\n" + names.get(1) + ",a\n" + names.get(2) + ",b\n3,a\n";
        RequestSpecification req = given();
        for (int i = 0; i < 4; i++) {
            req.multiPart("images", names.get(i), images.get(i), "image/png");
        }
        req.multiPart("labels", labels);
        Response r = req.post("/v1/source-sets");
        r.then().statusCode(201).contentType(ContentType.JSON).header("Location", containsString("/v1/source-sets/"))
                .body("imageCount", equalTo(4)).body("attributes", hasItems("group"));
        setImages = images;
        setId = r.jsonPath().getString("id");
        return setId;
    }

    private String newJob(int count) {
        return submit(null, "{\"sourceSetId\": \"" + sourceSet() + "\", \"count\": " + count + "}").then().statusCode(202)
                .extract().jsonPath().getString("id");
    }

    private static Response submit(String key, String body) {
        RequestSpecification r = given().contentType(ContentType.JSON).body(body);
        if (key != null) {
            r.header("Idempotency-Key", key);
        }
        return r.post("/v1/jobs");
    }

    private static void invalidJob(String body, String pointer, String detail) {
        problem(given().contentType(ContentType.JSON).body(body), "/v1/jobs", 422, "validation-failed")
                .body("errors.pointer", hasItems(pointer)).body("detail", containsString(detail));
    }

    private static io.restassured.response.ValidatableResponse problem(RequestSpecification req, String path, int status,
                                                                        String slug) {
        return problem(req, "POST", path, status, slug);
    }

    /** Sends the request and checks an RFC 9457 answer with no stack trace in it. */
    private static io.restassured.response.ValidatableResponse problem(RequestSpecification req, String method,
                                                                        String path, int status, String slug) {
        return req.request(method, path).then().statusCode(status).contentType(startsWith(PROBLEM_JSON))
                .body("type", equalTo("urn:latentpatch:problem:" + slug)).body("status", equalTo(status))
                .body("title", not(equalTo(null))).body("instance", equalTo(path.replaceAll("\\?.*", "")))
                .body(not(containsString("\tat "))).body(not(containsString("Exception")));
    }

    private static JsonPath awaitStatus(String jobId, Predicate<JsonPath> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonPath last = null;
        while (System.nanoTime() < deadline) {
            last = given().get("/v1/jobs/" + jobId).then().statusCode(200).extract().jsonPath();
            if (done.test(last)) {
                return last;
            }
            sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not reach the expected status in " + WAIT + "; last: "
                + (last == null ? null : last.prettify()));
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            sleep(50);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String b64(byte[] bytes) {
        return java.util.Base64.getEncoder().encodeToString(bytes);
    }

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put("bootstrap.servers", bootstrap());
            p.put("acks", "all");
            producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    /** Publishes an event as a worker would: JSON value, key = job id; waits for the broker. */
    private static void send(JobEvent event) {
        try {
            producer().send(new ProducerRecord<>(Topics.EVENTS, event.partitionKey(), JsonCodec.shared().writeString(event)))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not publish " + event, e);
        }
    }

    private static KafkaConsumer<String, String> consumerAtEnd(String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap());
        p.put("enable.auto.commit", "false");
        KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition()))
                .toList();
        c.assign(parts);
        c.seekToEnd(parts);
        parts.forEach(c::position); // resolve the end offsets now, before the test publishes
        return c;
    }

    /** Reads latentpatch.encode from the current end, like a plain client would. */
    private static final class EncodeTopic implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer = consumerAtEnd(Topics.ENCODE);
        private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

        List<ConsumerRecord<String, String>> await(String key, int n) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                List<ConsumerRecord<String, String>> hits = seen.stream().filter(r -> key.equals(r.key())).toList();
                if (hits.size() >= n) {
                    return hits;
                }
            }
            throw new AssertionError("fewer than " + n + " records keyed " + key + " on " + Topics.ENCODE);
        }

        List<ConsumerRecord<String, String>> poll(Duration d) {
            List<ConsumerRecord<String, String>> out = new ArrayList<>();
            long deadline = System.nanoTime() + d.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
            return out;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
