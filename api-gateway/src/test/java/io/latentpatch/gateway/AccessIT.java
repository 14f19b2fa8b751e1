package io.latentpatch.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.latentpatch.contracts.ApiKeys;
import io.latentpatch.contracts.JobEvent;
import io.latentpatch.contracts.JobRequest;
import io.latentpatch.contracts.JobStatus;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.contracts.ModelInfo;
import io.latentpatch.contracts.ObjectKeys;
import io.latentpatch.contracts.SourceSetManifest;
import io.latentpatch.gateway.retention.RetentionSweep;
import io.latentpatch.service.LocalInfraTestResource;
import io.latentpatch.service.ModelRegistry;
import io.latentpatch.storage.ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who may do what, against the real local infrastructure: API keys (both header forms), tenant isolation (another
 * tenant's ids are 404, lists hold only one's own, keys in parameters cannot reach another tenant), the per-tenant
 * limits of the test profile (tenants "tiny" and "burst", see application.properties), the problem documents of the
 * HTTP layer (sent with raw sockets where a client library would refuse), deletion and retention.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class AccessIT {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String ACME = "test-key-acme";
    private static final String BETA = "test-key-beta";
    private static final String TINY = "test-key-tiny";
    private static final String BURST = "test-key-burst";

    @Inject
    ObjectStore store;
    @Inject
    ModelRegistry registry;

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void noDefaultKeyAndTheBuiltInModels() {
        RestAssured.requestSpecification = null;
        registry.publish(ModelInfo.of("pixel-f16", 768, 16, 256, "access-it", Instant.now()));
    }

    // ---- keys ---------------------------------------------------------------------------------

    @Test
    void aRequestWithoutAValidKeyIs401ProblemJsonWithAChallenge() {
        for (RequestSpecification r : List.of(given(), given().header("Authorization", "Bearer not-a-key"),
                given().header("X-Api-Key", "not-a-key"), given().header("Authorization", "Basic YTpi"),
                given().header("Authorization", "Bearer " + ACME).header("X-Api-Key", BETA))) {
            problem(r, "GET", "/v1/jobs", 401, "unauthorized").header("WWW-Authenticate", startsWith("Bearer"));
        }
        problem(given(), "POST", "/v1/source-sets", 401, "unauthorized");
        problem(given(), "GET", "/v1/no-such-route", 401, "unauthorized");
        given().get("/").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void anEncodedApiPathNeedsAKeyLikeThePlainOne() throws IOException {
        // /%76%31/jobs is routed as /v1/jobs: without a key 401, with one the caller's jobs (it was a 500, found by GatewayFuzzIT).
        assertProblem(raw("GET /%76%31/jobs HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 0), 401, "unauthorized");
        assertThat(raw("GET /%76%31/jobs HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Api-Key: " + ACME + "\r\n\r\n", 0))
                .startsWith("HTTP/1.1 200");
    }

    @Test
    void bothHeaderFormsAreAccepted() {
        given().header("Authorization", "Bearer " + ACME).get("/v1/jobs").then().statusCode(200);
        given().header("X-Api-Key", ACME).get("/v1/source-sets").then().statusCode(200);
        given().header("Authorization", "bearer  " + ACME + " ").get("/v1/models").then().statusCode(200);
    }

    // ---- tenants ------------------------------------------------------------------------------

    @Test
    void anotherTenantSeesNoneOfASetOrJobAndListsHoldOnlyOnesOwn() {
        String set = upload(ACME, 2, 64, 1);
        assertThat(store.exists(ObjectKeys.sourceManifest("acme", set))).isTrue();
        String mask = as(ACME).contentType("image/png").body(TestImages.mask(64, 64, 0, 0, 32, 32))
                .post("/v1/source-sets/" + set + "/masks").then().statusCode(201).extract().jsonPath().getString("region");
        assertThat(mask).startsWith(ObjectKeys.sourcePrefix("acme", set));
        String job = submit(ACME, set, 1).then().statusCode(202).extract().jsonPath().getString("id");
        assertThat(store.exists(ObjectKeys.jobStatus("acme", job))).isTrue();

        problem(as(BETA), "GET", "/v1/source-sets/" + set, 404, "not-found");
        problem(as(BETA), "GET", "/v1/source-sets/" + set + "/images/0", 404, "not-found");
        problem(as(BETA), "DELETE", "/v1/source-sets/" + set, 404, "not-found");
        problem(as(BETA).contentType("image/png").body(TestImages.mask(64, 64, 0, 0, 32, 32)), "POST",
                "/v1/source-sets/" + set + "/masks", 404, "not-found");
        for (String path : List.of("/v1/jobs/" + job, "/v1/jobs/" + job + "/events", "/v1/jobs/" + job + "/images/0.png",
                "/v1/jobs/" + job + "/archive.zip")) {
            problem(as(BETA), "GET", path, 404, "not-found");
        }
        problem(as(BETA), "DELETE", "/v1/jobs/" + job, 404, "not-found");
        // The other tenant's set id, and its mask key in the parameters, are unknown to beta.
        problem(as(BETA).contentType(ContentType.JSON).body("{\"sourceSetId\": \"" + set + "\"}"), "POST", "/v1/jobs", 422,
                "validation-failed").body("errors.pointer", org.hamcrest.Matchers.hasItems("/sourceSetId"));
        String betaSet = upload(BETA, 2, 64, 5);
        problem(as(BETA).contentType(ContentType.JSON).body("{\"sourceSetId\": \"" + betaSet + "\", \"params\": {\"mode\": \"edit\","
                + " \"reference\": 0, \"region\": \"" + mask + "\"}}"), "POST", "/v1/jobs", 422, "validation-failed");
        problem(as(BETA).contentType(ContentType.JSON).body("{\"sourceSetId\": \"" + betaSet + "\", \"params\": {\"mode\": \"edit\","
                + " \"reference\": 0, \"region\": \"tenants/beta/../acme/sources/" + set + "/masks/x.png\"}}"), "POST", "/v1/jobs",
                422, "validation-failed");

        List<String> betaSets = as(BETA).get("/v1/source-sets?limit=100").then().statusCode(200).extract().jsonPath().getList("items.id");
        assertThat(betaSets).contains(betaSet).doesNotContain(set);
        List<String> acmeSets = as(ACME).get("/v1/source-sets?limit=100").then().statusCode(200).extract().jsonPath().getList("items.id");
        assertThat(acmeSets).contains(set).doesNotContain(betaSet);
        assertThat(as(BETA).get("/v1/jobs?limit=100").then().statusCode(200).extract().jsonPath().getList("items.id", String.class))
                .doesNotContain(job);
        assertThat(as(ACME).get("/v1/jobs?limit=100").then().statusCode(200).extract().jsonPath().getList("items.id", String.class))
                .contains(job);
        as(ACME).get("/v1/jobs/" + job).then().statusCode(200);
    }

    // ---- limits -------------------------------------------------------------------------------

    @Test
    void aBurstOverTheRequestRateIs429WithRetryAfter() {
        int limited = 0;
        for (int i = 0; i < 10; i++) {
            var r = as(BURST).get("/v1/jobs");
            if (r.statusCode() == 429) {
                limited++;
                r.then().contentType(startsWith(PROBLEM_JSON)).body("type", equalTo("urn:latentpatch:problem:rate-limited"))
                        .body("status", equalTo(429)).body("detail", containsString("requests per second"));
                assertThat(Integer.parseInt(r.header("Retry-After"))).isBetween(1, 2);
            } else {
                assertThat(r.statusCode()).isEqualTo(200);
            }
        }
        assertThat(limited).as("requests refused of 10 with burst 3 at 1/s").isGreaterThanOrEqualTo(5);
        // Other tenants have their own bucket.
        as(ACME).get("/v1/jobs").then().statusCode(200);
    }

    @Test
    void eachLimitOfATenantIsAProblemAndOtherTenantsAreUnaffected() throws InterruptedException {
        String set = upload(TINY, 2, 64, 9);
        // images per job: 3 for tiny
        problem(as(TINY).contentType(ContentType.JSON).body("{\"sourceSetId\": \"" + set + "\", \"count\": 4}"), "POST",
                "/v1/jobs", 422, "validation-failed").body("detail", containsString("between 1 and 3"));
        // concurrent jobs: 2
        String a = submit(TINY, set, 1).then().statusCode(202).extract().jsonPath().getString("id");
        String b = submit(TINY, set, 1).then().statusCode(202).extract().jsonPath().getString("id");
        var third = submit(TINY, set, 1).then().statusCode(429).contentType(startsWith(PROBLEM_JSON))
                .body("type", equalTo("urn:latentpatch:problem:concurrent-jobs-limit")).extract();
        assertThat(Integer.parseInt(third.header("Retry-After"))).isPositive();
        submit(ACME, upload(ACME, 2, 64, 3), 1).then().statusCode(202);
        // finishing a job frees its slot
        for (String id : List.of(a, b)) as(TINY).delete("/v1/jobs/" + id).then().statusCode(202);
        for (String id : List.of(a, b)) awaitState(TINY, id, "CANCELLED");
        awaitTrue(() -> store.list(ObjectKeys.activeJobsPrefix("tiny")).isEmpty());
        // images per day: 5, and 2 are used
        submit(TINY, set, 3).then().statusCode(202);
        var daily = submit(TINY, set, 1).then().statusCode(429).contentType(startsWith(PROBLEM_JSON))
                .body("type", equalTo("urn:latentpatch:problem:daily-images-limit")).body("detail", containsString("5 of its 5")).extract();
        assertThat(Long.parseLong(daily.header("Retry-After"))).isBetween(1L, 86_401L);
        // stored bytes: 3 000 000; two noisy 800x800 PNGs are more
        RequestSpecification big = as(TINY);
        long bytes = 0;
        for (int i = 0; i < 2; i++) {
            byte[] png = noisePng(800, 800, 40 + i);
            bytes += png.length;
            big.multiPart("images", "big" + i + ".png", png, "image/png");
        }
        assertThat(bytes).isGreaterThan(3_000_000);
        problem(big, "POST", "/v1/source-sets", 403, "storage-quota-exceeded").body("detail", containsString("DELETE /v1/source-sets"));
    }

    // ---- the HTTP layer -----------------------------------------------------------------------

    @Test
    void whatTheHttpLayerRefusesIsProblemJsonToo() throws IOException {
        String overLimit = raw("POST /v1/source-sets HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                + "Content-Length: 200000000\r\n\r\n", 256 * 1024);
        assertProblem(overLimit, 413, "upload-limit-exceeded");
        String controlChar = raw("GET /v1/jobs HTTP/1.1\r\nHost: x\r\nX-Api-Key: " + ACME + "\r\nX-Note: a\u0001b\r\n\r\n", 0);
        assertProblem(controlChar, 400, "malformed-request");
        assertThat(controlChar).contains("control character");
        problem(given(), "GET", "/nothing/here", 404, "not-found");
        problem(as(ACME), "GET", "/v1/nothing", 404, "not-found");
        // Multipart bodies without their boundary: 400 from the parser's failure, not 500 (found by GatewayFuzzIT).
        for (String body : new String[] {"", "{\"count\":1}", "--b\r\nContent-Disposition: form-data; name=\"images\"; filename=\"a.png\"\r\n\r\nabc",
            "--b\r\nContent-Type: image/png\r\n\r\n"}) {
            String cut = raw("POST /v1/source-sets HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Api-Key: " + ACME
                    + "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: " + body.length() + "\r\n\r\n" + body, 0);
            assertProblem(cut, 400, "malformed-request");
        }
        problem(as(ACME), "PUT", "/v1/source-sets", 405, "method-not-allowed");
        problem(as(ACME), "PATCH", "/v1/jobs", 405, "method-not-allowed");
    }

    // ---- deletion and retention ---------------------------------------------------------------

    @Test
    void deletingASourceSetRemovesItAndEverythingDerivedFromIt() {
        String set = upload(ACME, 3, 64, 21);
        String prefix = ObjectKeys.sourcePrefix("acme", set);
        // what an encoder would have written
        store.put(ObjectKeys.sourceLatents("acme", set, "pixel-f16"), new byte[16], "application/octet-stream");
        store.put(ObjectKeys.pcaBasis("acme", set, "pixel-f16", 4), new byte[16], "application/octet-stream");
        as(ACME).contentType("image/png").body(TestImages.mask(64, 64, 0, 0, 8, 8)).post("/v1/source-sets/" + set + "/masks")
                .then().statusCode(201);
        assertThat(store.list(prefix)).hasSizeGreaterThanOrEqualTo(7);
        as(ACME).delete("/v1/source-sets/" + set).then().statusCode(204);
        assertThat(store.list(prefix)).isEmpty();
        problem(as(ACME), "GET", "/v1/source-sets/" + set, 404, "not-found");
        problem(as(ACME), "DELETE", "/v1/source-sets/" + set, 404, "not-found");
    }

    @Test
    void aFinishedJobCanBePurgedARunningOneCannot() {
        String set = upload(ACME, 2, 64, 31);
        String job = submit(ACME, set, 1).then().statusCode(202).extract().jsonPath().getString("id");
        problem(as(ACME), "DELETE", "/v1/jobs/" + job + "?purge=true", 409, "job-not-finished");
        problem(as(ACME), "DELETE", "/v1/jobs/" + job + "?purge=maybe", 422, "validation-failed");
        as(ACME).delete("/v1/jobs/" + job).then().statusCode(202);
        awaitState(ACME, job, "CANCELLED");
        assertThat(store.list(ObjectKeys.jobPrefix("acme", job))).isNotEmpty();
        as(ACME).delete("/v1/jobs/" + job + "?purge=true").then().statusCode(204);
        assertThat(store.list(ObjectKeys.jobPrefix("acme", job))).as("only the tombstone is left")
                .extracting(io.latentpatch.storage.ObjectInfo::key).containsExactly(ObjectKeys.jobCancelled("acme", job));
        assertThat(store.exists(ObjectKeys.activeJob("acme", job))).isFalse();
        problem(as(ACME), "GET", "/v1/jobs/" + job, 404, "not-found");
        problem(as(ACME), "DELETE", "/v1/jobs/" + job + "?purge=true", 404, "not-found");
        assertThat(as(ACME).get("/v1/jobs?limit=100").then().statusCode(200).extract().jsonPath().getList("items.id")).doesNotContain(job);

        // A task that was already running writes its image after the purge; the sweep removes it, the tombstone stays
        // until the job retention has passed.
        String late = ObjectKeys.jobPrefix("acme", job) + "images/0.png";
        store.put(late, new byte[] {1}, "image/png");
        new RetentionSweep(store, Duration.ofDays(30), Duration.ofDays(7), Clock.systemUTC()).run("acme");
        assertThat(store.exists(late)).as("a late write into a purged job").isFalse();
        assertThat(store.exists(ObjectKeys.jobCancelled("acme", job))).isTrue();
    }

    @Test
    void theRetentionSweepDeletesExpiredSetsAndFinishedJobsOnly() {
        String t = "retention-it-" + Long.toHexString(System.nanoTime());
        Instant now = Instant.now();
        SourceSetManifest manifest = SourceSetManifest.of("old-set", List.of(new io.latentpatch.contracts.ImageSize(4, 4),
                new io.latentpatch.contracts.ImageSize(4, 4)), List.of("a.png", "b.png"), null, List.of(new byte[] {1}, new byte[] {2}), now);
        store.put(ObjectKeys.sourceImage(t, "old-set", 0), new byte[] {1}, "image/png");
        store.put(ObjectKeys.sourceLatents(t, "old-set", "pixel-f16"), new byte[8], "application/octet-stream");
        store.put(ObjectKeys.sourceManifest(t, "old-set"), JsonCodec.shared().write(manifest), "application/json");
        String finished = jobIn(t, "finished", now, true);
        String running = jobIn(t, "running", now, false);
        store.put(ObjectKeys.activeJob(t, finished), new byte[0], "application/octet-stream"); // a marker the writer missed
        store.put(ObjectKeys.usageEntry(t, LocalDate.ofInstant(now, ZoneOffset.UTC), running, 1), new byte[0], "application/octet-stream");
        String purged = "purged-job";
        store.put(ObjectKeys.jobCancelled(t, purged), new byte[0], "application/octet-stream"); // the tombstone purge leaves
        store.put(ObjectKeys.jobPrefix(t, purged) + "latents/3.npy", new byte[8], "application/octet-stream"); // a late task's write

        Clock tomorrow = Clock.offset(Clock.systemUTC(), Duration.ofDays(1));
        RetentionSweep.Outcome none = new RetentionSweep(store, Duration.ofDays(30), Duration.ofDays(7), tomorrow).run(t);
        assertThat(none.sourceSets()).isZero();
        assertThat(none.jobs()).isZero();
        assertThat(store.exists(ObjectKeys.activeJob(t, finished))).as("stale marker healed").isFalse();
        assertThat(store.exists(ObjectKeys.activeJob(t, running))).isTrue();
        assertThat(store.list(ObjectKeys.jobPrefix(t, purged))).as("a purged job's late write goes, its tombstone stays a week")
                .extracting(io.latentpatch.storage.ObjectInfo::key).containsExactly(ObjectKeys.jobCancelled(t, purged));

        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(31));
        RetentionSweep.Outcome swept = new RetentionSweep(store, Duration.ofDays(30), Duration.ofDays(7), later).run(t);
        assertThat(swept.sourceSets()).isEqualTo(1);
        assertThat(swept.jobs()).isEqualTo(1);
        assertThat(store.list(ObjectKeys.sourcePrefix(t, "old-set"))).isEmpty();
        assertThat(store.list(ObjectKeys.jobPrefix(t, finished))).isEmpty();
        assertThat(store.list(ObjectKeys.jobPrefix(t, purged))).as("the tombstone after the job retention").isEmpty();
        assertThat(store.exists(ObjectKeys.jobStatus(t, running))).as("a running job is kept").isTrue();
        assertThat(store.list(ObjectKeys.usagePrefix(t))).as("usage of 31 days ago").isEmpty();
        // Zero keeps forever.
        assertThat(new RetentionSweep(store, Duration.ZERO, Duration.ZERO, later).run(t).jobs()).isZero();
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** A PNG of random pixels: it does not compress, so its size is about 3 bytes per pixel. */
    private static byte[] noisePng(int w, int h, long seed) {
        java.util.Random random = new java.util.Random(seed);
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) image.setRGB(x, y, random.nextInt(1 << 24));
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String jobIn(String tenant, String id, Instant at, boolean finished) {
        JobRequest r = JobRequest.of(tenant, id, "old-set", "pixel-f16", 1, 1, null, at);
        JobStatus s = JobStatus.queued(r);
        if (finished) s = s.apply(JobEvent.failed(tenant, id, JobEvent.Stage.ENCODE, null, "test", null, at));
        store.put(ObjectKeys.jobRequest(tenant, id), JsonCodec.shared().write(r), "application/json");
        store.put(ObjectKeys.jobStatus(tenant, id), JsonCodec.shared().write(s), "application/json");
        store.put(ObjectKeys.jobImage(tenant, id, 0), new byte[4], "image/png");
        if (!finished) store.put(ObjectKeys.activeJob(tenant, id), new byte[0], "application/octet-stream");
        return id;
    }

    private static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    private static String upload(String key, int n, int side, long seed) {
        RequestSpecification r = as(key);
        for (int i = 0; i < n; i++) r.multiPart("images", "p" + i + ".png", TestImages.png(side, side, seed + i), "image/png");
        return r.post("/v1/source-sets").then().statusCode(201).extract().jsonPath().getString("id");
    }

    private static io.restassured.response.Response submit(String key, String set, int count) {
        return as(key).contentType(ContentType.JSON).body("{\"sourceSetId\": \"" + set + "\", \"count\": " + count + "}").post("/v1/jobs");
    }

    private static void awaitState(String key, String job, String state) {
        awaitTrue(() -> state.equals(as(key).get("/v1/jobs/" + job).then().statusCode(200).extract().jsonPath().getString("state")));
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met in 30 s");
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static ValidatableResponse problem(RequestSpecification req, String method, String path, int status, String slug) {
        return req.request(method, path).then().statusCode(status).contentType(startsWith(PROBLEM_JSON))
                .body("type", equalTo("urn:latentpatch:problem:" + slug)).body("status", equalTo(status))
                .body("instance", equalTo(path.replaceAll("\\?.*", ""))).body(not(containsString("Exception")));
    }

    /** Sends {@code head} and then {@code bodyBytes} zero bytes over a plain socket; returns what came back. */
    private String raw(String head, int bodyBytes) throws IOException {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            try {
                byte[] chunk = new byte[8192];
                for (int sent = 0; sent < bodyBytes; sent += chunk.length) out.write(chunk);
                out.flush();
            } catch (IOException e) {
                // the server may close while the body is still being sent: its answer is already there
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    got.write(buf, 0, n);
                    if (got.toString(StandardCharsets.ISO_8859_1).contains("}")) break;
                }
            } catch (IOException e) {
                // connection reset after the answer
            }
            return got.toString(StandardCharsets.UTF_8);
        }
    }

    private static void assertProblem(String response, int status, String slug) {
        assertThat(response).startsWith("HTTP/1.1 " + status).containsIgnoringCase("content-type: " + PROBLEM_JSON)
                .contains("\"type\":\"urn:latentpatch:problem:" + slug + "\"").contains("\"status\":" + status);
    }
}
