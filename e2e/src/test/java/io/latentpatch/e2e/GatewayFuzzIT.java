package io.latentpatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentpatch.cli.GatewayClient;
import io.latentpatch.cli.JobWatcher;
import io.latentpatch.contracts.ApiKeys;
import io.latentpatch.contracts.GenerationParams;
import io.latentpatch.e2e.fuzz.FuzzCase;
import io.latentpatch.e2e.fuzz.FuzzReport;
import io.latentpatch.e2e.fuzz.FuzzTargets;
import io.latentpatch.e2e.fuzz.RawHttp;
import io.latentpatch.e2e.fuzz.RawRequest;
import io.latentpatch.e2e.fuzz.RequestGrammar;
import io.latentpatch.e2e.fuzz.TestImages;
import io.latentpatch.localstack.LocalInfra;
import io.latentpatch.localstack.ServiceStack;
import io.latentpatch.localstack.ServiceStack.Service;
import io.latentpatch.samples.SampleSet;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the gateway of a real stack (Kafka, S3 server, the four services, one replica each) with more than a
 * thousand malformed requests drawn from a fixed seed ({@link RequestGrammar}): bodies, params, ids, headers,
 * multipart, inline images, idempotency keys, path tricks, methods, oversized bodies and cross-tenant probes,
 * sent over raw sockets. No answer may be a 5xx, every 4xx must be a problem document whose {@code status} is
 * the HTTP status, nothing may hang (10 s each), and afterwards the gateway still runs a job end to end.
 *
 * <p>The summary goes to {@code e2e/target/reliability/fuzz.json}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayFuzzIT {
    private static final long SEED = 20_261_202L;
    private static final int MIN_REQUESTS = 1000;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);
    private static final String PIXEL = "pixel-f16";
    /** The fuzzing tenant: request limits high enough that the rate limiter does not answer for the gateway. */
    private static final String FUZZ = "fuzz";
    /** A second tenant with its own objects: its ids must be 404 to the first, and the first's to it. */
    private static final String NEIGHBOUR = "neighbour";
    /** A tenant with a tiny request allowance, for the deliberate burst that must meet the rate limiter. */
    private static final String PACED = "paced";
    private static final int PACED_BURST = 3;
    private static final Map<String, String> KEYS = Map.of(FUZZ, ApiKeys.generate(), NEIGHBOUR, ApiKeys.generate(), PACED, ApiKeys.generate());
    private static final Pattern JOB_LOCATION = Pattern.compile("/v1/jobs/([0-9a-f-]{36})$");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private Path home;
    private LocalInfra infra;
    private ServiceStack stack;
    private RawHttp http;
    private double stackSeconds;

    @BeforeAll
    void startSystem() {
        home = Path.of(System.getProperty("latentpatch.home", "..")).toAbsolutePath().normalize();
        for (Service s : Service.values()) {
            if (!Files.isRegularFile(ServiceStack.appJar(home, s))) {
                String reason = s.module() + " is not built; run the reactor build first";
                System.err.println("[fuzz] SKIPPED: " + reason);
                assumeTrue(false, reason);
            }
        }
        long start = System.nanoTime();
        infra = LocalInfra.builder().start();
        ServiceStack.Builder services = ServiceStack.builder(home, infra).freePorts().logDir(home.resolve("e2e/target/e2e-logs/fuzz"));
        KEYS.forEach((tenant, key) -> services.apiKey(tenant, key));
        String limits = "api-gateway.latentpatch.gateway.limits.tenants.\"%s\".%s";
        services.property(String.format(Locale.ROOT, limits, FUZZ, "requests-per-second"), "100000")
                .property(String.format(Locale.ROOT, limits, FUZZ, "burst"), "100000")
                .property(String.format(Locale.ROOT, limits, FUZZ, "concurrent-jobs"), "1000")
                .property(String.format(Locale.ROOT, limits, PACED, "requests-per-second"), "1")
                .property(String.format(Locale.ROOT, limits, PACED, "burst"), Integer.toString(PACED_BURST));
        stack = services.start();
        stackSeconds = (System.nanoTime() - start) / 1e9;
        URI gateway = URI.create(stack.gatewayUrl());
        http = new RawHttp(gateway.getHost(), gateway.getPort(), REQUEST_TIMEOUT);
        System.out.printf(Locale.ROOT, "[fuzz] stack up in %.1f s, gateway %s%n", stackSeconds, gateway);
    }

    @AfterAll
    void stopSystem() {
        if (stack != null) stack.close();
        if (infra != null) infra.close();
    }

    @Test
    void aThousandMalformedRequestsGetNoServerErrorAndOnlyProblemDocumentsAndTheGatewayStillRunsJobs() throws Exception {
        long setupStart = System.nanoTime();
        FuzzTargets targets = makeTargets();
        double setupSeconds = (System.nanoTime() - setupStart) / 1e9;

        List<FuzzCase> cases = new RequestGrammar(targets, SEED).cases();
        assertThat(cases).as("fuzz cases").hasSizeGreaterThanOrEqualTo(MIN_REQUESTS);
        FuzzReport report = new FuzzReport(SEED);
        Map<String, String> createdJobs = new LinkedHashMap<>();
        long fuzzStart = System.nanoTime();
        for (FuzzCase c : cases) {
            RawHttp.Outcome outcome = http.send(withKey(c.request(), targets.keyOf(c.tenant())));
            String finding = report.record(c, outcome);
            if (finding != null) System.out.println("[fuzz] FINDING " + c.category() + " / " + c.label() + ": " + finding);
            if (outcome.answered() && outcome.response().status() == 202) {
                Matcher m = JOB_LOCATION.matcher(String.valueOf(outcome.response().header("Location")));
                if (m.find()) createdJobs.put(m.group(1), c.tenant());
            }
        }
        double fuzzSeconds = (System.nanoTime() - fuzzStart) / 1e9;

        List<String> burstFindings = burstMeetsTheRateLimiter();
        int cancelled = cancel(createdJobs, targets);
        long checkStart = System.nanoTime();
        List<String> afterwards = gatewayStillServes(targets);
        double checkSeconds = (System.nanoTime() - checkStart) / 1e9;

        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("stackStartSeconds", round(stackSeconds));
        extra.put("setupSeconds", round(setupSeconds));
        extra.put("fuzzSeconds", round(fuzzSeconds));
        extra.put("finalJobSeconds", round(checkSeconds));
        extra.put("jobsAcceptedDuringFuzz", createdJobs.size());
        extra.put("jobsCancelledAfterFuzz", cancelled);
        extra.put("burstFindings", burstFindings);
        extra.put("afterFuzzFindings", afterwards);
        String summary = report.write(home.resolve("e2e/target/reliability/fuzz.json"), fuzzSeconds, extra);
        System.out.println("[fuzz] summary (e2e/target/reliability/fuzz.json):\n" + summary);

        assertThat(report.total()).as("requests sent").isGreaterThanOrEqualTo(MIN_REQUESTS);
        assertThat(report.serverErrors()).as("responses with status >= 500").isZero();
        assertThat(report.findings()).as("5xx, non-problem 4xx, unexpected statuses, hangs, unanswered requests").isEmpty();
        assertThat(burstFindings).as("a burst past the paced tenant's allowance").isEmpty();
        assertThat(afterwards).as("the gateway after the fuzz").isEmpty();
    }

    // ---- the valid objects the fuzz mutates around ----

    private FuzzTargets makeTargets() throws IOException {
        GatewayClient fuzz = new GatewayClient(stack.gatewayUrl(), KEYS.get(FUZZ));
        GatewayClient neighbour = new GatewayClient(stack.gatewayUrl(), KEYS.get(NEIGHBOUR));
        Path portraits = work.resolve("portraits");
        Path labels = SampleSet.writeTo(portraits, 6, SampleSet.DEFAULT_SEED, 64);
        List<Path> images = pngs(portraits);
        String attribute = Files.readAllLines(labels).get(0).split(",")[1];
        String setId = fuzz.uploadSourceSet(images, labels);
        String jobId = fuzz.submitJob(GatewayClient.jobBody(setId, PIXEL, 2, 7, GenerationParams.DEFAULTS), null);
        JobWatcher.await(fuzz, jobId, JOB_TIMEOUT);
        String maskKey = storedKey(FUZZ, "/v1/source-sets/" + setId + "/masks", TestImages.png(32, 32, true), "region");
        byte[] png = Files.readAllBytes(images.get(0));
        String referenceKey = storedKey(FUZZ, "/v1/source-sets/" + setId + "/references", png, "referenceImage");
        String deletedSetId = fuzz.uploadSourceSet(images.subList(0, 2), null);
        RawHttp.Outcome deleted = http.send(withKey(RawRequest.of("DELETE", "/v1/source-sets/" + deletedSetId), KEYS.get(FUZZ)));
        assertThat(deleted.response().status()).as("deleting the set to be probed as deleted").isEqualTo(204);

        String otherSetId = neighbour.uploadSourceSet(images.subList(2, 5), null);
        String otherJobId = neighbour.submitJob(GatewayClient.jobBody(otherSetId, PIXEL, 1, 3, GenerationParams.DEFAULTS), null);
        JobWatcher.await(neighbour, otherJobId, JOB_TIMEOUT);
        String otherMaskKey = storedKey(NEIGHBOUR, "/v1/source-sets/" + otherSetId + "/masks", TestImages.png(24, 24, true), "region");
        List<String> fileNames = images.stream().map(p -> p.getFileName().toString()).toList();
        return new FuzzTargets(FUZZ, KEYS.get(FUZZ), setId, images.size(), fileNames, attribute, jobId, 2, maskKey, referenceKey,
                deletedSetId, NEIGHBOUR, KEYS.get(NEIGHBOUR), otherSetId, otherJobId, otherMaskKey, png);
    }

    /** POSTs a PNG to {@code path} as {@code tenant} and returns the stored key the answer names in {@code field}. */
    private String storedKey(String tenant, String path, byte[] png, String field) throws IOException {
        RawHttp.Outcome o = http.send(withKey(RawRequest.of("POST", path).withHeader("Content-Type", "image/png").withBody(png), KEYS.get(tenant)));
        assertThat(o.answered()).as("answer to POST %s: %s", path, o.failure()).isTrue();
        assertThat(o.response().status()).as("POST %s: %s", path, o.response().bodyText()).isEqualTo(201);
        return JSON.readTree(o.response().body()).path(field).asText();
    }

    // ---- after the fuzz ----

    /** Sends past the paced tenant's burst at once: the surplus must be 429 problem documents with Retry-After. */
    private List<String> burstMeetsTheRateLimiter() {
        List<String> findings = new ArrayList<>();
        int limited = 0;
        for (int i = 0; i < PACED_BURST + 5; i++) {
            RawHttp.Outcome o = http.send(withKey(RawRequest.of("GET", "/v1/models"), KEYS.get(PACED)));
            if (!o.answered()) {
                findings.add("burst request " + i + " got no answer: " + o.failure());
                continue;
            }
            RawHttp.Response r = o.response();
            if (r.status() == 429) {
                limited++;
                if (r.header("Retry-After") == null || !r.header("Retry-After").matches("[1-9][0-9]*")) {
                    findings.add("429 without a Retry-After in whole seconds: " + r.header("Retry-After"));
                }
                if (!String.valueOf(r.header("Content-Type")).startsWith("application/problem+json")
                        || !r.bodyText().contains("urn:latentpatch:problem:rate-limited")) {
                    findings.add("429 that is not a rate-limited problem: " + r.header("Content-Type") + " " + r.bodyText());
                }
            } else if (r.status() != 200) {
                findings.add("burst request " + i + " got " + r.status() + ": " + r.bodyText());
            }
        }
        if (limited < 5) findings.add("only " + limited + " of " + (PACED_BURST + 5) + " requests past a burst of " + PACED_BURST + " were limited");
        return findings;
    }

    /** Cancels the jobs the fuzz got accepted (some were valid after all), so the final check does not queue behind them. */
    private int cancel(Map<String, String> jobs, FuzzTargets targets) {
        int n = 0;
        for (Map.Entry<String, String> job : jobs.entrySet()) {
            RawHttp.Outcome o = http.send(withKey(RawRequest.of("DELETE", "/v1/jobs/" + job.getKey()), targets.keyOf(job.getValue())));
            if (o.answered() && o.response().status() == 202) n++;
        }
        return n;
    }

    /** What the fuzz broke, if anything: the original objects must still be there and a new job must succeed. */
    private List<String> gatewayStillServes(FuzzTargets targets) throws IOException {
        List<String> findings = new ArrayList<>();
        GatewayClient fuzz = new GatewayClient(stack.gatewayUrl(), KEYS.get(FUZZ));
        for (String path : List.of("/v1/source-sets/" + targets.setId(), "/v1/jobs/" + targets.jobId(),
                "/v1/jobs/" + targets.jobId() + "/images/1.png", "/v1/source-sets/" + targets.setId() + "/images/5")) {
            RawHttp.Outcome o = http.send(withKey(RawRequest.of("GET", path), KEYS.get(FUZZ)));
            if (!o.answered() || o.response().status() != 200) {
                findings.add("GET " + path + " after the fuzz: " + (o.answered() ? o.response().status() + " " + o.response().bodyText() : o.failure()));
            }
        }
        RawHttp.Outcome neighbourSets = http.send(withKey(RawRequest.of("GET", "/v1/source-sets?limit=100"), KEYS.get(NEIGHBOUR)));
        if (neighbourSets.answered() && neighbourSets.response().bodyText().contains(targets.setId())) {
            findings.add("the neighbour's list of sets shows a set of " + FUZZ);
        }
        try {
            String jobId = fuzz.submitJob(GatewayClient.jobBody(targets.setId(), PIXEL, 2, 11, GenerationParams.DEFAULTS), null);
            JsonNode status = JobWatcher.await(fuzz, jobId, JOB_TIMEOUT);
            if (JobWatcher.done(status) != 2) findings.add("the job after the fuzz finished with " + JobWatcher.done(status) + " of 2 images");
        } catch (IOException e) {
            findings.add("a job after the fuzz did not succeed: " + e.getMessage());
        }
        return findings;
    }

    // ---- helpers ----

    /** {@code request} with {@code key} as a Bearer token, unless the case sets its own key headers (or key is null). */
    private static RawRequest withKey(RawRequest request, String key) {
        if (key == null || request.hasHeader("Authorization") || request.hasHeader("X-Api-Key")) return request;
        return request.withHeader("Authorization", "Bearer " + key);
    }

    private static List<Path> pngs(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".png")).sorted().toList();
        }
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }
}
