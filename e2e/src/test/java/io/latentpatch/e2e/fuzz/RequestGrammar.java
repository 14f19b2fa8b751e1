package io.latentpatch.e2e.fuzz;

import io.latentpatch.e2e.fuzz.FuzzCase.Expect;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The fuzz's grammar: mutations of valid requests over every route of docs/api.md, drawn from a fixed seed so a
 * run is repeatable. Each category has hand-picked cases (edges that must always be tried) and random ones
 * (a mutation chosen from the category's list, applied to a random valid request).
 *
 * <p>Cases that could be valid after all (a borderline parameter) expect anything below 500; cases that are
 * wrong expect a 4xx, and some an exact status (another tenant's id: 404; a control character: 400).
 */
public final class RequestGrammar {

    /** Every route of the API with {@code {set}}, {@code {job}} or {@code {model}} where the id goes. */
    static final List<String> READ_ROUTES = List.of("/v1/jobs/{job}", "/v1/jobs/{job}/events", "/v1/jobs/{job}/archive.zip",
            "/v1/jobs/{job}/images/0.png", "/v1/jobs/{job}/provenance/0.png", "/v1/jobs/{job}/provenance/0.npy",
            "/v1/jobs/{job}/latents/0.npy", "/v1/jobs/{job}/reports/0.json", "/v1/source-sets/{set}",
            "/v1/source-sets/{set}/images/0", "/v1/source-sets/{set}/aligned/alignment.json",
            "/v1/source-sets/{set}/aligned/0.png");

    private static final String[] NUMERIC_PARAMS = {"patch", "stride", "k", "scales", "pcaDims", "coarsestFraction",
        "reusePenalty", "reference", "anchorRegions", "anchorWeight", "anchorCap"};
    private static final String[] ENUM_PARAMS = {"method", "mode", "coverage", "finish", "upsample", "anchorLayout"};
    private static final String[] NUMBERS = {"-1", "0", "1", "2", "3", "4", "15", "16", "17", "100", "768", "769",
        "2147483647", "2147483648", "-2147483649", "1.5", "0.5", "1e308", "1e-308", "-0", "9999999999999999999999",
        "\"3\"", "null", "true", "[]", "{}"};
    private static final String[] NOT_JSON_NUMBERS = {"NaN", "Infinity", "-Infinity", "0x10", "01", "+1", ".5", "1.", "1e"};

    private final FuzzTargets t;
    private final SplittableRandom random;
    private final List<FuzzCase> cases = new ArrayList<>();

    public RequestGrammar(FuzzTargets targets, long seed) {
        this.t = targets;
        this.random = new SplittableRandom(seed);
    }

    /** Every case of every category, in a fixed order (cases that depend on an earlier one follow it). */
    public List<FuzzCase> cases() {
        if (cases.isEmpty()) {
            jsonBodies();
            params();
            queryParams();
            ids();
            headers();
            multipart();
            inlineImages();
            masksAndReferences();
            idempotencyKeys();
            pathTricks();
            methods();
            oversized();
            crossTenant();
        }
        return List.copyOf(cases);
    }

    // ---- categories ----

    private void jsonBodies() {
        String c = "json-body";
        String valid = validJob(random.nextInt(1000));
        for (int i = 0; i < 40; i++) {
            int cut = 1 + random.nextInt(valid.length() - 1);
            add(c, "truncated at " + cut, job(valid.substring(0, cut)), Expect.exactly(400));
        }
        String[][] wrong = {
            {"sourceSetId", "1", "true", "[]", "{}", "\"\"", "\"nope\"", "\"../" + t.setId() + "\"", "\"" + t.setId() + "/..\"",
                "\"" + "a".repeat(5000) + "\"", "\"" + t.deletedSetId() + "\"", "\"" + t.otherSetId() + "\"", "\"" + t.jobId() + "\"",
                "\"" + t.setId().toUpperCase(Locale.ROOT) + "\"", "\" " + t.setId() + "\"", "\"%2e%2e\"", "\"\\u0000\""},
            {"model", "1", "[]", "{}", "true", "\"\"", "\"nope\"", "\"../pixel-f16\"", "\"pixel-f16\\u0000\"", "\"PIXEL-F16\"",
                "\"pixel-f16 \"", "\"" + "m".repeat(100_000) + "\"", "\"taef2/../pixel-f16\""},
            {"count", "0", "-1", "257", "1.5", "\"1\"", "true", "[]", "{}", "1e10", "2147483648", "99999999999999999999", "-0.0", "1e0"},
            {"seed", "\"x\"", "1.5", "true", "[]", "{}", "18446744073709551616", "-9223372036854775809", "1e400", "\"7\""},
            {"params", "\"x\"", "1", "[]", "true", "[{}]"},
            {"labels", "1", "[]", "{}", "\"file,a\\nx.png,1\""},
            {"images", "\"x\"", "1", "{}", "true"},
        };
        for (int i = 0; i < 90; i++) {
            String[] field = wrong[random.nextInt(wrong.length)];
            String value = field[1 + random.nextInt(field.length - 1)];
            add(c, field[0] + " = " + abbreviate(value), job(validJobWith(field[0], value)), Expect.refused());
        }
        for (String n : NOT_JSON_NUMBERS) {
            add(c, "count = " + n, job(validJobWith("count", n)), Expect.exactly(400));
            add(c, "params.k = " + n, job(validJobWithParams("\"k\":" + n)), Expect.exactly(400));
        }
        for (String unknown : new String[] {"\"counts\":2", "\"Count\":1", "\"__proto__\":{}", "\"\":1", "\"sourceSetID\":\"x\"",
            "\"priority\":9", "\"tenant\":\"" + t.otherTenant() + "\""}) {
            add(c, "unknown field " + unknown, job(valid.substring(0, valid.length() - 1) + "," + unknown + "}"), Expect.exactly(422));
        }
        for (int depth : new int[] {10, 100, 999, 1001, 5000, 100_000}) {
            add(c, "params nested " + depth + " deep (arrays)", job(validJobWith("params", "[".repeat(depth) + "]".repeat(depth))),
                    Expect.refused());
            add(c, "unknown field nested " + depth + " deep (objects)", job(validJobWith("x", "{\"a\":".repeat(depth) + "1"
                    + "}".repeat(depth))), Expect.refused());
        }
        add(c, "deep nesting, unterminated", job("[".repeat(200_000)), Expect.exactly(400));
        for (String root : new String[] {"", " ", "null", "[]", "[1,2]", "1", "-1", "\"s\"", "true", "{}", "{,}", "{\"a\"}", "}{",
            "{'sourceSetId':'x'}", "{/* c */}", "{\"count\":1}//", "\u0000", "{\"count\":1}\u0000"}) {
            add(c, "root " + abbreviate(root), job(root), Expect.refused());
        }
        add(c, "valid body after a UTF-8 BOM", RawRequest.of("POST", "/v1/jobs").withHeader("Content-Type", "application/json")
                .withBody(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, validJob(1).getBytes(StandardCharsets.UTF_8))), Expect.any());
        add(c, "invalid UTF-8 in a string", RawRequest.of("POST", "/v1/jobs").withHeader("Content-Type", "application/json")
                .withBody(concat("{\"sourceSetId\":\"".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF},
                        "\"}".getBytes(StandardCharsets.UTF_8))), Expect.refused());
        add(c, "UTF-16 body", RawRequest.of("POST", "/v1/jobs").withHeader("Content-Type", "application/json")
                .withBody(validJob(2).getBytes(StandardCharsets.UTF_16)), Expect.any()); // Jackson detects UTF-16
        add(c, "duplicate key count", job(valid.substring(0, valid.length() - 1) + ",\"count\":2}"), Expect.refused());
        add(c, "duplicate key in params", job(validJobWithParams("\"k\":3,\"k\":4")), Expect.refused());
        add(c, "trailing content", job(valid + "x"), Expect.refused());
        add(c, "two bodies", job(valid + valid), Expect.refused());
        add(c, "giant labels string", job(validJobWith("labels", "\"" + "l".repeat(3_000_000) + "\"")), Expect.refused());
        add(c, "giant string of a million escapes", job(validJobWith("model", "\"" + "\\u0041".repeat(200_000) + "\"")), Expect.refused());
        add(c, "a 100000-element array", job(validJobWithParams("\"kPerScale\":[" + "1,".repeat(99_999) + "1]")), Expect.refused());
        add(c, "number with 100000 digits", job(validJobWith("seed", "1".repeat(100_000))), Expect.refused());
    }

    private void params() {
        String c = "params";
        for (int i = 0; i < 110; i++) {
            String field = NUMERIC_PARAMS[random.nextInt(NUMERIC_PARAMS.length)];
            String value = NUMBERS[random.nextInt(NUMBERS.length)];
            String mode = field.equals("reference") ? "\"mode\":\"reference\"," : "";
            add(c, field + " = " + value, job(validJobWithParams(mode + "\"" + field + "\":" + value)), Expect.any());
        }
        String[] enumValues = {"\"\"", "\"nope\"", "\"RANDOM\"", "\"latentpatch \"", "1", "null", "[]", "{}", "true", "\"random\"",
            "\"edit\"", "\"copy\"", "\"none\"", "\"bilinear\"", "\"anchored\"", "\"random-cell\"", "\"face\"", "\"grid\""};
        for (int i = 0; i < 50; i++) {
            String field = ENUM_PARAMS[random.nextInt(ENUM_PARAMS.length)];
            String value = enumValues[random.nextInt(enumValues.length)];
            add(c, field + " = " + value, job(validJobWithParams("\"" + field + "\":" + value)), Expect.any());
        }
        String[] kPerScale = {"[]", "[1]", "[3,3,3,3,3]", "[3,3,3,3,3,3]", "[-1,3,3,3,3]", "[0,0,0,0,0]", "[1.5,3,3,3,3]",
            "\"3\"", "3", "[null,3,3,3,3]", "[[3]]", "[2147483647,3,3,3,3]"};
        for (String v : kPerScale) add(c, "kPerScale = " + v, job(validJobWithParams("\"kPerScale\":" + v)), Expect.any());
        int b = t.imageCount();
        String[] combos = {
            "\"mode\":\"reference\"",
            "\"mode\":\"reference\",\"reference\":-1",
            "\"mode\":\"reference\",\"reference\":" + b,
            "\"mode\":\"reference\",\"reference\":1000000000",
            "\"mode\":\"reference\",\"reference\":0,\"referenceImage\":\"" + t.referenceKey() + "\"",
            "\"mode\":\"reference\",\"referenceImage\":\"../" + t.referenceKey() + "\"",
            "\"mode\":\"reference\",\"referenceImage\":\"" + t.referenceKey().replace(t.setId(), t.otherSetId()) + "\"",
            "\"mode\":\"reference\",\"referenceImage\":\"" + t.maskKey() + "\"",
            "\"mode\":\"reference\",\"referenceImage\":\"sources/" + t.setId() + "/references/../../../" + t.otherSetId() + "\"",
            "\"mode\":\"reference\",\"referenceImage\":\"\"",
            "\"mode\":\"reference\",\"referenceImage\":\"tenants/" + t.otherTenant() + "/x.png\"",
            "\"mode\":\"reference\",\"referenceImage\":1",
            "\"mode\":\"reference\",\"reference\":0,\"multiScaleReference\":\"yes\"",
            "\"mode\":\"random\",\"reference\":0",
            "\"mode\":\"random\",\"multiScaleReference\":true",
            "\"mode\":\"edit\"",
            "\"mode\":\"edit\",\"reference\":0",
            "\"mode\":\"edit\",\"reference\":0,\"region\":[]",
            "\"mode\":\"edit\",\"reference\":0,\"region\":[\"nope\"]",
            "\"mode\":\"edit\",\"reference\":0,\"region\":[\"eyes\",\"eyes\"]",
            "\"mode\":\"edit\",\"reference\":0,\"region\":\"eyes\"",
            "\"mode\":\"edit\",\"reference\":0,\"region\":[1]",
            "\"mode\":\"edit\",\"reference\":0,\"region\":[null]",
            "\"mode\":\"edit\",\"reference\":0,\"region\":[\"" + t.maskKey() + "\"]",
            "\"mode\":\"edit\",\"reference\":0,\"region\":[\"" + t.otherMaskKey() + "\"]",
            "\"mode\":\"edit\",\"reference\":0,\"region\":[\"../" + t.maskKey() + "\"]",
            "\"mode\":\"edit\",\"reference\":0,\"region\":[\"sources/" + t.setId() + "/masks/nope.png\"]",
            "\"mode\":\"edit\",\"reference\":0,\"region\":[\"" + t.maskKey() + "\",\"eyes\"]",
            "\"mode\":\"edit\",\"reference\":0,\"region\":[\"" + "e".repeat(10_000) + "\"]",
            "\"mode\":\"random\",\"region\":[\"eyes\"]",
            "\"mode\":\"attributes\"",
            "\"mode\":\"attributes\",\"where\":\"\"",
            "\"mode\":\"attributes\",\"where\":\"=\"",
            "\"mode\":\"attributes\",\"where\":\"" + t.attribute() + "==true\"",
            "\"mode\":\"attributes\",\"where\":\"" + t.attribute() + "=maybe\"",
            "\"mode\":\"attributes\",\"where\":\"nope=true\"",
            "\"mode\":\"attributes\",\"where\":\"" + t.attribute() + "=true,\"",
            "\"mode\":\"attributes\",\"where\":\",,,\"",
            "\"mode\":\"attributes\",\"where\":\"" + (t.attribute() + "=true,").repeat(2000) + "\"",
            "\"mode\":\"attributes\",\"where\":\"" + t.attribute() + "!=true," + t.attribute() + "=true\"",
            "\"mode\":\"attributes\",\"where\":1",
            "\"mode\":\"random\",\"where\":\"" + t.attribute() + "=true\"",
            "\"patch\":4,\"stride\":4",
            "\"patch\":4,\"stride\":5",
            "\"patch\":16,\"stride\":1",
            "\"patch\":17",
            "\"scales\":0",
            "\"scales\":100",
            "\"coarsestFraction\":0",
            "\"coarsestFraction\":1.0001",
            "\"coarsestFraction\":-0.5",
            "\"pcaDims\":769",
            "\"pcaDims\":100000",
            "\"k\":1000000",
            "\"k\":0",
            "\"reusePenalty\":-1",
            "\"reusePenalty\":1e308",
            "\"method\":\"random-patch\",\"patch\":0",
            "\"method\":\"random-cell\",\"k\":-5",
            "\"coverage\":\"none\",\"finish\":\"quantize\",\"upsample\":\"bilinear\"",
            "\"finish\":\"reconstruct\",\"mode\":\"edit\"",
            "\"seed\":1",
            "\"anchorLayout\":\"face\",\"anchorRegions\":4",
            "\"anchorLayout\":\"face\",\"anchorRegions\":3,\"anchorWeight\":8",
            "\"anchorLayout\":\"face-balanced\",\"anchorRegions\":6",
            "\"anchorLayout\":\"face-balanced\",\"anchorRegions\":5,\"anchorWeight\":8",
            "\"anchorLayout\":\"face-pooled\",\"anchorRegions\":4",
            "\"anchorLayout\":\"face-pooled\",\"anchorRegions\":3,\"anchorWeight\":16",
            "\"coverage\":\"none\",\"anchorWeight\":8",
            "\"anchorWeight\":1e308,\"anchorCap\":1e-308",
            "\"anchorRegions\":5",
            "\"anchorCap\":1.5,\"anchorLayout\":\"grid\"",
        };
        for (String combo : combos) add(c, abbreviate(combo), job(validJobWithParams(combo)), Expect.any());
        add(c, "edit job on another model than the mask's grid", job(String.format(Locale.ROOT,
                "{\"sourceSetId\":\"%s\",\"model\":\"pixel-f8\",\"count\":1,\"params\":{\"mode\":\"edit\",\"reference\":0,\"region\":[\"%s\"]}}",
                t.setId(), t.maskKey())), Expect.any());
        add(c, "count at the limit plus one", job(validJobWith("count", "257")), Expect.exactly(422));
    }

    private void queryParams() {
        String c = "query";
        String[] bad = {"-1", "101", "1000", "abc", "", "1.5", "%00", "99999999999999999999", "1e2", "0x10", "%ZZ", "%", "+1", "1%20",
            "%E2%98%83", "null"};
        for (String list : new String[] {"/v1/jobs", "/v1/source-sets"}) {
            for (String v : bad) {
                // empty is absent, "+1" and "1 " parse as 1; an offset has no upper bound
                boolean readable = v.isEmpty() || v.equals("+1") || v.equals("1%20");
                add(c, list + " limit=" + v, get(list + "?limit=" + v), readable ? Expect.any() : Expect.refused());
                add(c, list + " offset=" + v, get(list + "?offset=" + v), readable || v.equals("101") || v.equals("1000")
                        || v.equals("99999999999999999999") ? Expect.any() : Expect.refused());
            }
            add(c, list + " limit=0", get(list + "?limit=0"), Expect.exactly(422));
            add(c, list + " limit=100", get(list + "?limit=100"), Expect.exactly(200));
            add(c, list + " repeated limit", get(list + "?limit=1&limit=2&limit=abc"), Expect.any());
            add(c, list + " bare keys", get(list + "?limit&offset"), Expect.any());
            add(c, list + " empty pairs", get(list + "?&&&=&=1"), Expect.any());
            add(c, list + " offset past the end", get(list + "?offset=2147483647&limit=100"), Expect.any());
            add(c, list + " a thousand params", get(list + "?" + "x=1&".repeat(1000) + "limit=1"), Expect.any());
        }
        for (String v : new String[] {"maybe", "", "TRUE", "1", "%00", "yes", "true%00"}) {
            add(c, "purge=" + v + " on a finished job", RawRequest.of("DELETE", "/v1/jobs/" + t.jobId() + "?purge=" + v), Expect.refused());
        }
        add(c, "purge=false on a finished job (cancel)", RawRequest.of("DELETE", "/v1/jobs/" + t.jobId() + "?purge=false"), Expect.exactly(409));
        add(c, "repeated purge on an unknown job", RawRequest.of("DELETE", "/v1/jobs/" + UUID.randomUUID() + "?purge=true&purge=false"),
                Expect.refused());
        for (String route : new String[] {"/v1/models?name=%ZZ", "/v1/models/pixel-f16?x=%00", "/v1/jobs/" + t.jobId() + "?%ZZ=%ZZ",
            "/v1/source-sets/" + t.setId() + "/images/0?size=-1"}) {
            add(c, route, get(route), Expect.any());
        }
    }

    private void ids() {
        String c = "ids";
        String[] idVariants = {"x", "a".repeat(300), "..", "%2e%2e", "%2e%2e%2f", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%00", "%2F", "%5C",
            "%E2%98%83", "\u00fc", "null", "-1", "%25", "%ZZ", ";", "x;y=z", "%3Fx=1", "%20", "~", "*", "'", "%22", "%3C%3E",
            UUID.randomUUID().toString(), "../" + "%2e%2e"};
        for (String route : READ_ROUTES) {
            for (int i = 0; i < 9; i++) {
                String id = idVariants[random.nextInt(idVariants.length)];
                // "../x" leaves the route (normalised to another path) and ";" starts a matrix parameter: anything but a 5xx
                add(c, route + " with id " + abbreviate(id), get(route.replace("{job}", id).replace("{set}", id)),
                        id.startsWith("../") || id.contains(";") ? Expect.any() : Expect.refused());
            }
            String realId = route.contains("{job}") ? t.jobId() : t.setId();
            add(c, route + " with the id upper-cased", get(route.replace("{job}", realId.toUpperCase(Locale.ROOT))
                    .replace("{set}", realId.toUpperCase(Locale.ROOT))), Expect.refused());
            add(c, route + " with a deleted set's id", get(route.replace("{job}", t.deletedSetId()).replace("{set}", t.deletedSetId())),
                    Expect.exactly(404));
            add(c, route + " with the other kind's id", get(route.replace("{job}", t.setId()).replace("{set}", t.jobId())), Expect.exactly(404));
        }
        String[] indexVariants = {"-1", "99", "1000000000", "00", "0x1", "1e1", "%30", "0%00", "+0", "9999999999", " 0", "0."};
        for (String template : new String[] {"/v1/jobs/%s/images/%s.png", "/v1/jobs/%s/latents/%s.npy", "/v1/jobs/%s/reports/%s.json",
            "/v1/jobs/%s/provenance/%s.npy", "/v1/source-sets/%s/images/%s", "/v1/source-sets/%s/aligned/%s.png"}) {
            String id = template.startsWith("/v1/jobs") ? t.jobId() : t.setId();
            for (String index : indexVariants) {
                add(c, String.format(Locale.ROOT, template, "{id}", index), get(String.format(Locale.ROOT, template, id, index)),
                        index.equals("00") || index.equals("%30") ? Expect.any() : Expect.refused());
            }
        }
        for (String id : new String[] {"", "x", "%2e%2e", "%00", "a".repeat(300), t.deletedSetId(), t.otherSetId()}) {
            add(c, "DELETE set " + abbreviate(id), RawRequest.of("DELETE", "/v1/source-sets/" + id), Expect.refused());
            add(c, "DELETE job " + abbreviate(id), RawRequest.of("DELETE", "/v1/jobs/" + id), Expect.refused());
            add(c, "mask for set " + abbreviate(id), pngPost("/v1/source-sets/" + id + "/masks", TestImages.png(16, 16, true)), Expect.refused());
            add(c, "reference for set " + abbreviate(id), pngPost("/v1/source-sets/" + id + "/references", t.png()), Expect.refused());
        }
        for (String name : new String[] {"nope", "..", "%2e%2e", "pixel-f16%00", "PIXEL-F16", "pixel-f16.", "%2Fetc", "a".repeat(500)}) {
            add(c, "model " + abbreviate(name), get("/v1/models/" + name), Expect.refused());
        }
    }

    private void headers() {
        String c = "headers";
        List<Supplier<RawRequest>> bases = List.of(() -> get("/v1/jobs?limit=1"), () -> get("/v1/source-sets/" + t.setId()),
                () -> get("/v1/jobs/" + t.jobId()), () -> job(validJob(random.nextInt(100))), () -> get("/v1/models"));
        String[] refusedAuth = {"", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer lp_nope", "Bearer " + t.key() + "x",
            "Bearer " + t.key().substring(1), "Token " + t.key(), t.key(), "Bearer " + "k".repeat(5000), "Bearer \u00e9\u00e9",
            "Bearer " + t.key() + "," + t.key(), "Digest x"};
        for (int i = 0; i < 30; i++) {
            String auth = refusedAuth[random.nextInt(refusedAuth.length)];
            add(c, "Authorization: " + abbreviate(auth), FuzzCase.NO_KEY, pick(bases).withHeader("Authorization", auth), Expect.exactly(401));
        }
        for (String auth : new String[] {"bearer " + t.key(), "BEARER " + t.key(), "Bearer  " + t.key(), "Bearer " + t.key() + " ",
            "Bearer\t" + t.key()}) {
            add(c, "Authorization variant " + abbreviate(auth.replace(t.key(), "KEY")), FuzzCase.NO_KEY,
                    get("/v1/models").withHeader("Authorization", auth), Expect.any());
        }
        add(c, "no key at all", FuzzCase.NO_KEY, get("/v1/jobs"), Expect.exactly(401));
        add(c, "X-Api-Key garbage", FuzzCase.NO_KEY, get("/v1/jobs").withHeader("X-Api-Key", "garbage"), Expect.exactly(401));
        add(c, "X-Api-Key empty", FuzzCase.NO_KEY, get("/v1/jobs").withHeader("X-Api-Key", ""), Expect.exactly(401));
        add(c, "X-Api-Key right", FuzzCase.NO_KEY, get("/v1/jobs?limit=1").withHeader("X-Api-Key", t.key()), Expect.exactly(200));
        add(c, "both headers, same key", FuzzCase.NO_KEY, get("/v1/jobs?limit=1").withHeader("X-Api-Key", t.key())
                .withHeader("Authorization", "Bearer " + t.key()), Expect.exactly(200));
        add(c, "both headers, two tenants' keys", FuzzCase.NO_KEY, get("/v1/jobs").withHeader("X-Api-Key", t.otherKey())
                .withHeader("Authorization", "Bearer " + t.key()), Expect.exactly(401));
        add(c, "both headers, one garbage", FuzzCase.NO_KEY, get("/v1/jobs").withHeader("X-Api-Key", "nope")
                .withHeader("Authorization", "Bearer " + t.key()), Expect.exactly(401));
        add(c, "two Authorization headers, two keys", FuzzCase.NO_KEY, get("/v1/jobs").withHeader("Authorization", "Bearer " + t.key())
                .withHeader("Authorization", "Bearer " + t.otherKey()), Expect.any());
        add(c, "two Authorization headers, first garbage", FuzzCase.NO_KEY, get("/v1/jobs").withHeader("Authorization", "Bearer nope")
                .withHeader("Authorization", "Bearer " + t.key()), Expect.any());
        add(c, "two X-Api-Key headers", FuzzCase.NO_KEY, get("/v1/jobs").withHeader("X-Api-Key", t.key()).withHeader("X-Api-Key", "x"),
                Expect.any());
        String[] controls = {"\u0001", "\u0000", "\u007f", "\u001b[31m", "\u0008", "a\u000bb", "a\u001fb"};
        String[] headerNames = {"Authorization", "X-Api-Key", "Idempotency-Key", "User-Agent", "X-Custom", "Accept", "Content-Type"};
        for (int i = 0; i < 25; i++) {
            String control = controls[random.nextInt(controls.length)];
            String name = headerNames[random.nextInt(headerNames.length)];
            RawRequest r = pick(bases);
            String value = name.equals("Authorization") ? "Bearer " + t.key() + control : control + "value";
            add(c, name + " with control character " + RawRequest.printable(control), r.withHeader(name, value), Expect.exactly(400));
        }
        // Netty trims what Character.isWhitespace calls space (U+001C..U+001F too) around a value, then its decoder refuses it
        add(c, "a value starting with U+001F", get("/v1/models").withHeader("User-Agent", "\u001fvalue"), Expect.httpDecoder());
        String[] contentTypes = {"text/plain", "application/xml", "multipart/form-data", "multipart/form-data; boundary=x", "???",
            "application/json; charset=latin1", "application/json;;;", "application/json, text/plain", "application/JSON",
            "application/x-www-form-urlencoded", "image/png", "", "application/json; boundary=\"", "*/*", "application/*",
            "application/json; charset=utf-16", "application/json; charset=nope"};
        for (String ct : contentTypes) {
            add(c, "job with Content-Type " + ct, job(validJob(3)).replacingHeader("Content-Type", ct), Expect.any());
        }
        add(c, "job without Content-Type", job(validJob(3)).withoutHeader("Content-Type"), Expect.any()); // read as JSON
        add(c, "two Content-Types", job(validJob(3)).withHeader("Content-Type", "text/plain"), Expect.any());
        String[] lengths = {"abc", "-1", "1e3", "99999999999999999999", "0x10", "", "-0", "5 5"};
        for (String length : lengths) {
            add(c, "Content-Length: " + length, job(validJob(4)).withoutAutoLength().withHeader("Content-Length", length), Expect.httpDecoder());
        }
        add(c, "Content-Length over the body limit", job(validJob(4)).withoutAutoLength().withHeader("Content-Length", "170000000"),
                Expect.exactly(413));
        add(c, "Content-Length 0 with a body", job(validJob(4)).withoutAutoLength().withHeader("Content-Length", "0"), Expect.refused());
        add(c, "Content-Length shorter than the body", job(validJob(4)).withoutAutoLength().withHeader("Content-Length", "10"),
                Expect.refused());
        byte[] body = validJob(5).getBytes(StandardCharsets.UTF_8);
        add(c, "two different Content-Lengths", job(validJob(5)).withoutAutoLength().withHeader("Content-Length", "" + body.length)
                .withHeader("Content-Length", "" + (body.length - 1)), Expect.httpDecoder());
        add(c, "chunked body", job(validJob(6)).withoutAutoLength().withHeader("Transfer-Encoding", "chunked")
                .withBody(chunked(validJob(6).getBytes(StandardCharsets.UTF_8), 7)), Expect.any());
        add(c, "chunked with a bad chunk size", job(validJob(6)).withoutAutoLength().withHeader("Transfer-Encoding", "chunked")
                .withBody("zz\r\nabc\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), Expect.httpDecoder());
        add(c, "chunked and Content-Length", job(validJob(6)).withoutAutoLength().withHeader("Transfer-Encoding", "chunked")
                .withHeader("Content-Length", "5").withBody(chunked(validJob(6).getBytes(StandardCharsets.UTF_8), 9)), Expect.httpDecoder());
        add(c, "Transfer-Encoding gzip", job(validJob(6)).withHeader("Transfer-Encoding", "gzip"), Expect.any());
        add(c, "Content-Encoding gzip, body plain", job(validJob(6)).withHeader("Content-Encoding", "gzip"), Expect.any());
        add(c, "Expect: 100-continue", job(validJob(6)).withHeader("Expect", "100-continue"), Expect.any());
        add(c, "Expect: garbage", job(validJob(6)).withHeader("Expect", "teapot"), Expect.any());
        add(c, "Accept: image/gif on a JSON resource", get("/v1/jobs?limit=1").withHeader("Accept", "image/gif"), Expect.exactly(406));
        add(c, "Accept: garbage", get("/v1/jobs?limit=1").withHeader("Accept", "???"), Expect.any());
        add(c, "Accept: text/event-stream on a status", get("/v1/jobs/" + t.jobId()).withHeader("Accept", "text/event-stream"), Expect.any());
        add(c, "a 4 KiB header", get("/v1/models").withHeader("X-Big", "b".repeat(4096)), Expect.any());
        add(c, "a 200-header request", repeatHeaders(get("/v1/models"), 200), Expect.any());
        add(c, "non-ASCII header value", get("/v1/models").withHeader("X-Name", "\u00e9t\u00e9 \u2603"), Expect.any());
        add(c, "Host missing", get("/v1/models").withHeader("Host", ""), Expect.any());
        add(c, "Range on a result", get("/v1/jobs/" + t.jobId() + "/images/0.png").withHeader("Range", "bytes=-5-x"), Expect.any());
        add(c, "If-None-Match garbage", get("/v1/source-sets/" + t.setId() + "/images/0").withHeader("If-None-Match", "\"x"), Expect.any());
    }

    private void multipart() {
        String c = "multipart";
        byte[] png = t.png();
        byte[] text = "hello, this is not an image\n".getBytes(StandardCharsets.UTF_8);
        String csv = "file," + t.attribute() + "\n" + t.fileNames().get(0) + ",true\n";
        Part p1 = Part.file("images", "a.png", "image/png", png);
        Part p2 = Part.file("images", "b.png", "image/png", png);
        add(c, "no boundary parameter", RawRequest.of("POST", "/v1/source-sets").withHeader("Content-Type", "multipart/form-data")
                .withBody(multipartBody("xyz", List.of(p1, p2))), Expect.refused());
        add(c, "boundary does not match the body", upload("other", multipartBody("xyz", List.of(p1, p2))), Expect.refused());
        add(c, "empty body", upload("xyz", new byte[0]), Expect.refused());
        add(c, "only the closing boundary", upload("xyz", "--xyz--\r\n".getBytes(StandardCharsets.US_ASCII)), Expect.refused());
        add(c, "JSON body as multipart", upload("xyz", validJob(1).getBytes(StandardCharsets.UTF_8)), Expect.refused());
        add(c, "no closing boundary", upload("xyz", truncatedEnd(multipartBody("xyz", List.of(p1, p2)))), Expect.refused());
        add(c, "body cut in the middle of a part", upload("xyz", TestImages.truncated(multipartBody("xyz", List.of(p1, p2)), 0.6)),
                Expect.refused());
        add(c, "part without Content-Disposition", upload("xyz", ("--xyz\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.US_ASCII)),
                Expect.refused());
        add(c, "images as text fields", upload("xyz", multipartBody("xyz", List.of(Part.field("images", "abc"), Part.field("images", "def")))),
                Expect.refused());
        add(c, "no images, only labels", upload("xyz", multipartBody("xyz", List.of(Part.field("labels", csv)))), Expect.refused());
        add(c, "one image", upload("xyz", multipartBody("xyz", List.of(p1))), Expect.exactly(422));
        add(c, "two empty parts", upload("xyz", multipartBody("xyz", List.of(Part.file("images", "a.png", "image/png", new byte[0]),
                Part.file("images", "b.png", "image/png", new byte[0])))), Expect.refused());
        byte[][] badImages = {text, TestImages.truncated(png, 0.5), TestImages.truncated(png, 0.05), TestImages.pngHeaderClaiming(100_000, 100_000),
            TestImages.pngHeaderClaiming(0, 0), TestImages.pngHeaderClaiming(-1, 5), TestImages.pngHeaderClaiming(Integer.MAX_VALUE, 1),
            TestImages.pngWithGarbageData(64, 64), TestImages.jpegGarbage(), TestImages.gif(), new byte[] {0}, "%PDF-1.4".getBytes(StandardCharsets.US_ASCII),
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.US_ASCII)};
        for (int i = 0; i < 40; i++) {
            byte[] bad = badImages[random.nextInt(badImages.length)];
            List<Part> parts = new ArrayList<>(List.of(p1, p2));
            parts.add(random.nextInt(parts.size() + 1), Part.file("images", "bad" + i + ".png", random.nextBoolean() ? "image/png" : "text/plain", bad));
            add(c, "a damaged or non-image file (" + bad.length + " B)", upload("b" + i, multipartBody("b" + i, parts)), Expect.refused());
        }
        add(c, "two 1x1 PNGs", upload("xyz", multipartBody("xyz", List.of(Part.file("images", "a.png", "image/png", TestImages.png(1, 1, false)),
                Part.file("images", "b.png", "image/png", TestImages.png(1, 1, true))))), Expect.any());
        List<Part> tooMany = new ArrayList<>();
        byte[] tiny = TestImages.png(1, 1, false);
        for (int i = 0; i < 513; i++) tooMany.add(Part.file("images", i + ".png", "image/png", tiny));
        add(c, "513 images", upload("xyz", multipartBody("xyz", tooMany)), Expect.exactly(413));
        String[] badLabels = {"\u0000\u0001\u0002garbage", "file\n", "", "nofile,a\nx,1\n", "file,a\nmissing.png,true\n",
            "file,bad name!\n" + t.fileNames().get(0) + ",1\n", "file,a,a\n" + t.fileNames().get(0) + ",1,2\n", "{\"x.png\":{\"a\":true}}",
            "[{\"file\":99,\"a\":true}]", "{", "[1,2,3]", "{\"a.png\":1}", "file,a\n\"unterminated,1\n",
            "file,a\n" + "a.png,1\n".repeat(200_000)};
        add(c, "a 10000-character attribute name", upload("xyz", multipartBody("xyz", List.of(p1, p2, Part.field("labels",
                "file," + "x".repeat(10_000) + "\na.png,1\n")))), Expect.any()); // names have a charset, no length limit
        for (String labels : badLabels) {
            add(c, "labels " + abbreviate(labels), upload("xyz", multipartBody("xyz", List.of(p1, p2, Part.file("labels", "labels.csv", "text/csv",
                    labels.getBytes(StandardCharsets.UTF_8))))), Expect.refused());
        }
        add(c, "labels as non-UTF-8 bytes", upload("xyz", multipartBody("xyz", List.of(p1, p2, Part.file("labels", "l.csv", "text/csv",
                new byte[] {(byte) 0xFF, (byte) 0xFE, 'f', 0, 'i', 0})))), Expect.refused());
        add(c, "two labels parts", upload("xyz", multipartBody("xyz", List.of(p1, p2, Part.field("labels", csv), Part.field("labels", csv)))),
                Expect.exactly(422));
        add(c, "unknown part", upload("xyz", multipartBody("xyz", List.of(p1, p2, Part.field("extra", "1")))), Expect.exactly(422));
        // blank is the default and values are read case-insensitively, stripped: "" and "TRUE " are fine
        add(c, "align blank", upload("xyz", multipartBody("xyz", List.of(p1, p2, Part.field("align", "")))), Expect.any());
        add(c, "align TRUE with a space", upload("xyz", multipartBody("xyz", List.of(p1, p2, Part.field("align", "TRUE ")))), Expect.any());
        for (String[] align : new String[][] {{"align", "maybe"}, {"align", "yes"}, {"alignFailures", "skip"}, {"alignFailures", "never"}}) {
            add(c, align[0] + "=" + align[1], upload("xyz", multipartBody("xyz", List.of(p1, p2, Part.field(align[0], align[1])))), Expect.refused());
        }
        add(c, "align twice", upload("xyz", multipartBody("xyz", List.of(p1, p2, Part.field("align", "true"), Part.field("align", "false")))),
                Expect.refused());
        for (String name : new String[] {"../../etc/passwd", "", "a\u0000b.png", "\u2603.png", "n".repeat(2000) + ".png", "a\"b.png", "a/b\\c.png"}) {
            add(c, "file name " + abbreviate(name), upload("xyz", multipartBody("xyz", List.of(Part.file("images", name, "image/png", png), p2))),
                    Expect.any());
        }
        add(c, "boundary of 71 characters", upload("b".repeat(71), multipartBody("b".repeat(71), List.of(p1, p2))), Expect.any());
        add(c, "quoted boundary", RawRequest.of("POST", "/v1/source-sets").withHeader("Content-Type", "multipart/form-data; boundary=\"q q\"")
                .withBody(multipartBody("q q", List.of(p1, p2))), Expect.any());
        add(c, "LF line endings", upload("xyz", new String(multipartBody("xyz", List.of(Part.field("images", "x"), Part.field("labels", csv))),
                StandardCharsets.ISO_8859_1).replace("\r\n", "\n").getBytes(StandardCharsets.ISO_8859_1)), Expect.refused());
        add(c, "part headers of 100 KiB", upload("xyz", multipartBody("xyz", List.of(Part.file("images", "a.png", "image/png; x=" + "y".repeat(100_000), png), p2))),
                Expect.any());
        add(c, "a labels field over the form-attribute limit", upload("xyz", multipartBody("xyz", List.of(p1, p2,
                Part.field("labels", "file,a\n" + "a.png,1\n".repeat(400_000))))), Expect.refused());
        add(c, "multipart/mixed", RawRequest.of("POST", "/v1/source-sets").withHeader("Content-Type", "multipart/mixed; boundary=xyz")
                .withBody(multipartBody("xyz", List.of(p1, p2))), Expect.refused());
    }

    private void inlineImages() {
        String c = "inline-images";
        String b64 = Base64.getEncoder().encodeToString(t.png());
        String[] bad = {"\"!!!not base64!!!\"", "\"\"", "\"data:image/png;base64,\"", "\"data:image/png;base64,@@@\"", "\"data:,\"",
            "\"" + b64.substring(0, b64.length() / 2) + "\"",
            "\"" + Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8)) + "\"",
            "\"" + Base64.getEncoder().encodeToString(TestImages.pngHeaderClaiming(100_000, 100_000)) + "\"",
            "\"" + Base64.getEncoder().encodeToString(TestImages.truncated(t.png(), 0.5)) + "\"",
            "\"" + Base64.getUrlEncoder().encodeToString(t.png()) + "\"", "1", "null", "[]", "{}", "{\"name\":\"a.png\"}",
            "{\"data\":1}", "{\"name\":1,\"data\":\"" + b64 + "\"}", "{\"name\":\"a.png\",\"data\":\"" + b64 + "\",\"x\":1}",
            "{\"name\":\"../a.png\",\"data\":\"xx\"}"};
        for (int i = 0; i < 40; i++) {
            String item = bad[random.nextInt(bad.length)];
            add(c, "image " + abbreviate(item), job(inlineJob("\"" + b64 + "\"," + item, null)), Expect.refused());
        }
        add(c, "one image", job(inlineJob("\"" + b64 + "\"", null)), Expect.exactly(422));
        add(c, "no images", job(inlineJob("", null)), Expect.refused());
        add(c, "65 images", job(inlineJob(String.join(",", java.util.Collections.nCopies(65, "\"" + b64 + "\"")), null)), Expect.exactly(413));
        add(c, "images and sourceSetId", job("{\"sourceSetId\":\"" + t.setId() + "\",\"images\":[\"" + b64 + "\",\"" + b64 + "\"]}"),
                Expect.exactly(422));
        add(c, "labels without images", job("{\"sourceSetId\":\"" + t.setId() + "\",\"labels\":\"file,a\\na.png,1\"}"), Expect.exactly(422));
        for (String labels : new String[] {"\"garbage\\u0000\"", "\"file,a\\nmissing.png,1\\n\"", "\"{\"", "1", "\"[{\\\"file\\\":7}]\""}) {
            add(c, "inline labels " + abbreviate(labels), job(inlineJob("\"" + b64 + "\",\"" + b64 + "\"", labels)), Expect.refused());
        }
        add(c, "a 21 MiB inline image", job(inlineJob("\"" + b64 + "\",\"" + Base64.getEncoder().encodeToString(new byte[21 << 20]) + "\"", null)),
                Expect.refused());
        // whitespace is dropped before decoding, and a trailing '=' after unpadded data is read as padding
        add(c, "base64 with a trailing space", job(inlineJob("\"" + b64 + "\",\"" + b64 + " \"", null)), Expect.any());
        add(c, "base64 with a trailing '='", job(inlineJob("\"" + b64 + "\",\"" + b64 + "=\"", null)), Expect.any());
        add(c, "a data: URL without ';base64'", job(inlineJob("\"" + b64 + "\",\"data:image/png," + b64 + "\"", null)), Expect.any());
        add(c, "two valid inline images", job(inlineJob("{\"name\":\"a.png\",\"data\":\"" + b64 + "\"},\"data:image/png;base64," + b64 + "\"", null)),
                Expect.any());
    }

    private void masksAndReferences() {
        String c = "masks-references";
        String masks = "/v1/source-sets/" + t.setId() + "/masks";
        String references = "/v1/source-sets/" + t.setId() + "/references";
        byte[] white = TestImages.png(32, 32, true);
        byte[][] bad = {new byte[0], "not a png".getBytes(StandardCharsets.UTF_8), TestImages.truncated(white, 0.5),
            TestImages.pngHeaderClaiming(100_000, 100_000), TestImages.pngHeaderClaiming(0, 0), TestImages.pngWithGarbageData(32, 32),
            TestImages.jpegGarbage(), TestImages.gif(), TestImages.png(32, 32, false)};
        for (byte[] body : bad) {
            add(c, "mask of " + body.length + " B", pngPost(masks, body), Expect.refused());
        }
        byte[][] badReferences = java.util.Arrays.copyOf(bad, bad.length - 1); // the last, an all-black PNG, is a fine reference
        for (byte[] body : badReferences) add(c, "reference of " + body.length + " B", pngPost(references, body), Expect.refused());
        for (String ct : new String[] {"image/jpeg", "text/plain", "application/json", "image/png; x", "", "image/*", "IMAGE/PNG"}) {
            add(c, "mask with Content-Type " + ct, pngPost(masks, white).replacingHeader("Content-Type", ct), Expect.any());
            add(c, "reference with Content-Type " + ct, pngPost(references, t.png()).replacingHeader("Content-Type", ct), Expect.any());
        }
        add(c, "mask without Content-Type", pngPost(masks, white).withoutHeader("Content-Type"), Expect.any()); // read as PNG
        add(c, "a 1x1 white mask", pngPost(masks, TestImages.png(1, 1, true)), Expect.any());
        add(c, "a 1x1 reference", pngPost(references, TestImages.png(1, 1, true)), Expect.any());
        add(c, "a 21 MiB reference", pngPost(references, concat(t.png(), new byte[21 << 20])), Expect.refused());
        add(c, "a PNG followed by garbage as mask", pngPost(masks, concat(white, "garbage".getBytes(StandardCharsets.UTF_8))), Expect.any());
        add(c, "mask as multipart", upload("xyz", multipartBody("xyz", List.of(Part.file("mask", "m.png", "image/png", white))))
                .withTarget(masks), Expect.refused());
        for (int i = 0; i < 20; i++) {
            byte[][] pool = i % 2 == 0 ? bad : badReferences;
            add(c, "random damaged body to " + (i % 2 == 0 ? "masks" : "references"), pngPost(i % 2 == 0 ? masks : references,
                    pool[random.nextInt(pool.length)]), Expect.refused());
        }
    }

    private void idempotencyKeys() {
        String c = "idempotency";
        // an empty (or blank) header is no key at all
        add(c, "Idempotency-Key empty", job(validJob(11)).withHeader("Idempotency-Key", ""), Expect.any());
        add(c, "Idempotency-Key blank", job(validJob(11)).withHeader("Idempotency-Key", " "), Expect.any());
        String[] badKeys = {"a".repeat(256), "\u043a\u043b\u044e\u0447", "a b", "\u00e9", "k".repeat(10_000), "tab\there"};
        for (String key : badKeys) {
            add(c, "Idempotency-Key " + abbreviate(key), job(validJob(11)).withHeader("Idempotency-Key", key), Expect.refused());
        }
        String key = "fuzz-" + random.nextLong();
        add(c, "a new key", job(validJob(12)).withHeader("Idempotency-Key", key), Expect.exactly(202));
        add(c, "the key again, same body", job(validJob(12)).withHeader("Idempotency-Key", key), Expect.exactly(200));
        add(c, "the key again, same body reformatted", job(validJob(12).replace(",", " ,\n ")).withHeader("Idempotency-Key", key),
                Expect.exactly(200));
        add(c, "the key again, different body", job(validJob(13)).withHeader("Idempotency-Key", key), Expect.exactly(409));
        add(c, "the key again, invalid body", job(validJobWith("count", "0")).withHeader("Idempotency-Key", key), Expect.refused());
        add(c, "the key again, not JSON", job("{").withHeader("Idempotency-Key", key), Expect.refused());
        add(c, "the key with another tenant's key", t.otherTenant(), job(validJob(12).replace(t.setId(), t.otherSetId()))
                .withHeader("Idempotency-Key", key), Expect.exactly(202));
        String refusedFirst = "fuzz-refused-" + random.nextLong();
        add(c, "a key first used on an invalid body", job(validJobWith("count", "-1")).withHeader("Idempotency-Key", refusedFirst), Expect.exactly(422));
        add(c, "then on a valid body", job(validJob(14)).withHeader("Idempotency-Key", refusedFirst), Expect.exactly(202));
        String longest = "z".repeat(255);
        add(c, "a 255-character key", job(validJob(15)).withHeader("Idempotency-Key", longest), Expect.exactly(202));
        add(c, "two different Idempotency-Key headers", job(validJob(16)).withHeader("Idempotency-Key", "one-" + random.nextLong())
                .withHeader("Idempotency-Key", "two"), Expect.any());
        add(c, "a key on a GET", get("/v1/jobs?limit=1").withHeader("Idempotency-Key", ""), Expect.any());
        for (int i = 0; i < 10; i++) {
            String k = badKeys[random.nextInt(badKeys.length)] + (char) ('!' + random.nextInt(90));
            add(c, "random key " + abbreviate(k), job(validJobWith("count", "0")).withHeader("Idempotency-Key", k), Expect.refused());
        }
    }

    private void pathTricks() {
        String c = "paths";
        String job = t.jobId();
        String set = t.setId();
        String[] targets = {"/v1/jobs/../source-sets", "/v1/jobs/%2e%2e/source-sets", "/v1//jobs", "//v1/jobs", "/v1/jobs/", "/v1/jobs//",
            "/v1/jobs/" + job + "/", "/v1/jobs/" + job + ".", "/v1/jobs/" + job + "%2F", "/v1/jobs%2F" + job, "/v1/./jobs", "/./v1/jobs",
            "/v1/jobs/./" + job, "/v1/jobs/" + job + "/images/../images/0.png", "/v1/jobs/" + job + "/images/0.png/..",
            "/v1/jobs/" + job + "/images/0.png.", "/v1/jobs/" + job + "/images/0.PNG", "/v1/jobs/" + job + "/images/0.png%00",
            "/v1/jobs;x=1", "/v1/jobs/" + job + ";x=1", "/V1/jobs", "/v1/JOBS", "/v1", "/v1/", "/v2/jobs", "/", "/%76%31/jobs",
            "/x/../v1/jobs", "/q/../v1/jobs", "/q/health/../../v1/jobs", "/v1/source-sets/" + set + "/images/0/../1", "/v1/jobs?",
            "/v1/jobs#fragment", "/v1/jobs/%2e%2e%2f%2e%2e%2fsource-sets", "/v1\\jobs", "/v1/jobs\\..\\source-sets", "/v1/%2e%2e/q/health",
            "/v1/source-sets/" + set + "/aligned/..%2F..%2F" + set, "/q/metrics/../../v1/source-sets", "/%2Fv1/jobs", "/v1/jobs/%2E"};
        for (String target : targets) {
            add(c, "keyed " + target, get(target), Expect.any());
            // "/" is the web page and "/v1/%2e%2e/q/health" normalises to the health check: neither needs a key
            add(c, "no key " + target, FuzzCase.NO_KEY, get(target), target.equals("/") || target.contains("/q/health")
                    && !target.contains("/v1/jobs") ? Expect.any() : Expect.refused());
        }
        add(c, "absolute-form target", get("http://localhost/v1/jobs?limit=1"), Expect.any());
        add(c, "absolute-form target without a key", FuzzCase.NO_KEY, get("http://localhost/v1/jobs"), Expect.refused());
        add(c, "asterisk target", RawRequest.of("OPTIONS", "*"), Expect.any());
        add(c, "a 6000-character path", get("/v1/jobs/" + "p".repeat(6000)), Expect.any());
    }

    private void methods() {
        String c = "methods";
        String[][] routes = {
            {"/v1/jobs", "PUT", "PATCH", "DELETE"},
            {"/v1/jobs/" + t.jobId(), "PUT", "PATCH", "POST"},
            {"/v1/jobs/" + t.jobId() + "/images/0.png", "POST", "PUT", "DELETE", "PATCH"},
            {"/v1/jobs/" + t.jobId() + "/events", "POST", "DELETE"},
            {"/v1/jobs/" + t.jobId() + "/archive.zip", "POST", "DELETE"},
            {"/v1/source-sets", "PUT", "DELETE", "PATCH"},
            {"/v1/source-sets/" + t.setId(), "PUT", "POST", "PATCH"},
            {"/v1/source-sets/" + t.setId() + "/masks", "GET", "PUT", "DELETE"},
            {"/v1/source-sets/" + t.setId() + "/references", "GET", "DELETE"},
            {"/v1/source-sets/" + t.setId() + "/images/0", "POST", "DELETE"},
            {"/v1/models", "POST", "DELETE", "PUT"},
            {"/v1/models/pixel-f16", "POST", "DELETE"},
        };
        for (String[] route : routes) {
            for (int i = 1; i < route.length; i++) {
                add(c, route[i] + " " + route[0], RawRequest.of(route[i], route[0]), Expect.refused());
            }
            add(c, "TRACE " + route[0], RawRequest.of("TRACE", route[0]), Expect.refused());
            add(c, "FOO " + route[0], RawRequest.of("FOO", route[0]), Expect.refused());
            add(c, "OPTIONS " + route[0], RawRequest.of("OPTIONS", route[0]), Expect.any());
            add(c, "HEAD " + route[0], RawRequest.of("HEAD", route[0]), Expect.any());
        }
        add(c, "lower-case get", RawRequest.of("get", "/v1/jobs"), Expect.any());
        add(c, "PUT without a key", FuzzCase.NO_KEY, RawRequest.of("PUT", "/v1/jobs"), Expect.exactly(401));
    }

    private void oversized() {
        String c = "oversized";
        add(c, "job body claiming 200 MB", job(validJob(1)).withoutAutoLength().withHeader("Content-Length", "200000000"), Expect.exactly(413));
        add(c, "upload claiming 200 MB", upload("xyz", multipartBody("xyz", List.of(Part.file("images", "a.png", "image/png", t.png()))))
                .withoutAutoLength().withHeader("Content-Length", "200000000"), Expect.exactly(413));
        add(c, "mask claiming 9 EB", pngPost("/v1/source-sets/" + t.setId() + "/masks", t.png()).withoutAutoLength()
                .withHeader("Content-Length", Long.toString(Long.MAX_VALUE)), Expect.exactly(413));
        add(c, "a 12 MB JSON body", job(validJobWith("labels", "\"" + "x".repeat(12_000_000) + "\"")), Expect.refused());
        add(c, "a 12 MB JSON array", job("[" + "0,".repeat(6_000_000) + "0]"), Expect.refused());
        add(c, "a 25 MiB image part", upload("xyz", multipartBody("xyz", List.of(Part.file("images", "big.png", "image/png",
                concat(t.png(), new byte[25 << 20])), Part.file("images", "b.png", "image/png", t.png())))), Expect.exactly(413));
        add(c, "a 25 MiB mask", pngPost("/v1/source-sets/" + t.setId() + "/masks", concat(TestImages.png(8, 8, true), new byte[25 << 20])),
                Expect.any());
        add(c, "a 20 MB GET body", get("/v1/models").withBody(new byte[20_000_000]), Expect.any());
    }

    private void crossTenant() {
        String c = "cross-tenant";
        String other = t.otherTenant();
        for (String route : READ_ROUTES) {
            add(c, other + " reads " + route + " of " + t.tenant(), other, get(route.replace("{job}", t.jobId()).replace("{set}", t.setId())),
                    Expect.exactly(404));
            add(c, t.tenant() + " reads " + route + " of " + other, get(route.replace("{job}", t.otherJobId()).replace("{set}", t.otherSetId())),
                    Expect.exactly(404));
        }
        add(c, other + " cancels a job of " + t.tenant(), other, RawRequest.of("DELETE", "/v1/jobs/" + t.jobId()), Expect.exactly(404));
        add(c, other + " purges a job of " + t.tenant(), other, RawRequest.of("DELETE", "/v1/jobs/" + t.jobId() + "?purge=true"), Expect.exactly(404));
        add(c, other + " deletes a set of " + t.tenant(), other, RawRequest.of("DELETE", "/v1/source-sets/" + t.setId()), Expect.exactly(404));
        add(c, other + " uploads a mask for a set of " + t.tenant(), other, pngPost("/v1/source-sets/" + t.setId() + "/masks",
                TestImages.png(16, 16, true)), Expect.exactly(404));
        add(c, other + " uploads a reference for a set of " + t.tenant(), other, pngPost("/v1/source-sets/" + t.setId() + "/references",
                t.png()), Expect.exactly(404));
        add(c, other + " submits a job on a set of " + t.tenant(), other, job(validJob(21)), Expect.exactly(422));
        add(c, other + " edits with a mask of " + t.tenant(), other, job(String.format(Locale.ROOT,
                "{\"sourceSetId\":\"%s\",\"count\":1,\"params\":{\"mode\":\"edit\",\"reference\":0,\"region\":[\"%s\"]}}", t.otherSetId(),
                t.maskKey().replace(t.setId(), t.otherSetId()))), Expect.exactly(422));
        add(c, t.tenant() + " edits its set with a mask key of " + other, job(validJobWithParams("\"mode\":\"edit\",\"reference\":0,"
                + "\"region\":[\"tenants/" + other + "/" + t.otherMaskKey() + "\"]")), Expect.exactly(422));
        add(c, t.tenant() + " references an image key of " + other, job(validJobWithParams("\"mode\":\"reference\",\"referenceImage\":\"../../"
                + other + "/" + t.referenceKey() + "\"")), Expect.exactly(422));
        add(c, other + " lists with the id of a set of " + t.tenant() + " as offset", other, get("/v1/source-sets?offset=" + t.setId()),
                Expect.exactly(422));
    }

    // ---- request builders ----

    private void add(String category, String label, RawRequest request, Expect expect) {
        add(category, label, t.tenant(), request, expect);
    }

    private void add(String category, String label, String tenant, RawRequest request, Expect expect) {
        Expect e = breaksTheRequestLine(request.target()) ? Expect.httpDecoder() : expect;
        cases.add(new FuzzCase(category, label, tenant, request, e));
    }

    /**
     * Whether Vert.x's decoder refuses {@code target} before the gateway sees it: a space (the request line then has
     * four fields), a backslash, a {@code %} not followed by two hex digits, or more than 4096 characters.
     */
    static boolean breaksTheRequestLine(String target) {
        if (target.length() > 4096 || target.contains(" ") || target.contains("\\")) return true;
        for (int i = target.indexOf('%'); i >= 0; i = target.indexOf('%', i + 1)) {
            if (i + 2 >= target.length() || Character.digit(target.charAt(i + 1), 16) < 0 || Character.digit(target.charAt(i + 2), 16) < 0) {
                return true;
            }
        }
        return false;
    }

    private RawRequest pick(List<Supplier<RawRequest>> bases) {
        return bases.get(random.nextInt(bases.size())).get();
    }

    private static RawRequest get(String target) {
        return RawRequest.of("GET", target);
    }

    private static RawRequest job(String json) {
        return RawRequest.json("POST", "/v1/jobs", json);
    }

    private static RawRequest pngPost(String target, byte[] body) {
        return RawRequest.of("POST", target).withHeader("Content-Type", "image/png").withBody(body);
    }

    private static RawRequest upload(String boundary, byte[] body) {
        return RawRequest.of("POST", "/v1/source-sets").withHeader("Content-Type", "multipart/form-data; boundary=" + boundary).withBody(body);
    }

    /** A valid one-image pixel-f16 job on the fuzz's set. */
    private String validJob(long seed) {
        return String.format(Locale.ROOT, "{\"sourceSetId\":\"%s\",\"model\":\"pixel-f16\",\"count\":1,\"seed\":%d,\"params\":{}}", t.setId(), seed);
    }

    /** {@link #validJob} with {@code field} set to the raw JSON {@code value} (added when the valid job lacks it). */
    private String validJobWith(String field, String value) {
        String base = validJob(random.nextInt(1000));
        String marker = "\"" + field + "\":";
        int at = base.indexOf(marker);
        if (at < 0) return base.substring(0, base.length() - 1) + "," + marker + value + "}";
        int start = at + marker.length();
        int end = field.equals("params") ? base.indexOf('}', start) + 1 : nextFieldEnd(base, start);
        return base.substring(0, start) + value + base.substring(end);
    }

    private static int nextFieldEnd(String json, int start) {
        int comma = json.indexOf(',', start);
        return comma < 0 ? json.length() - 1 : comma;
    }

    /** {@link #validJob} whose params object is {@code {inner}}. */
    private String validJobWithParams(String inner) {
        return validJobWith("params", "{" + inner + "}");
    }

    private static String inlineJob(String images, String labelsJson) {
        return "{\"images\":[" + images + "],\"model\":\"pixel-f16\",\"count\":1" + (labelsJson == null ? "" : ",\"labels\":" + labelsJson) + "}";
    }

    /** A multipart part: a file (with a filename) or a text field. */
    record Part(String name, String fileName, String contentType, byte[] body) {
        static Part file(String name, String fileName, String contentType, byte[] body) {
            return new Part(name, fileName, contentType, body);
        }

        static Part field(String name, String value) {
            return new Part(name, null, null, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    static byte[] multipartBody(String boundary, List<Part> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part p : parts) {
            StringBuilder head = new StringBuilder("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(p.name()).append('"');
            if (p.fileName() != null) head.append("; filename=\"").append(p.fileName()).append('"');
            head.append("\r\n");
            if (p.contentType() != null) head.append("Content-Type: ").append(p.contentType()).append("\r\n");
            head.append("\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(p.body());
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] truncatedEnd(byte[] multipart) {
        return java.util.Arrays.copyOf(multipart, multipart.length - 12);
    }

    private static byte[] chunked(byte[] body, int chunkSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off < body.length; off += chunkSize) {
            int n = Math.min(chunkSize, body.length - off);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, off, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static RawRequest repeatHeaders(RawRequest r, int n) {
        for (int i = 0; i < n; i++) r = r.withHeader("X-H" + i, "v" + i);
        return r;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b, byte[]... more) {
        byte[] out = concat(a, b);
        for (byte[] m : more) out = concat(out, m);
        return out;
    }

    static String abbreviate(String s) {
        String p = RawRequest.printable(s);
        return p.length() > 60 ? p.substring(0, 60) + "...(" + s.length() + " chars)" : p;
    }
}
