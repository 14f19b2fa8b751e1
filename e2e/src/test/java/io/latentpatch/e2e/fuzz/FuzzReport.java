package io.latentpatch.e2e.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Judges each fuzz outcome and tallies the run: requests by category, responses by status, findings (a 5xx, a
 * 4xx that is not a problem document, a status the case does not allow, no answer, a hang). Written as JSON for
 * docs/reliability.md.
 */
public final class FuzzReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final long seed;
    private final Map<String, Integer> byCategory = new TreeMap<>();
    private final Map<String, Map<Integer, Integer>> statusesByCategory = new TreeMap<>();
    private final Map<Integer, Integer> byStatus = new TreeMap<>();
    private final List<String> findings = new ArrayList<>();
    private int serverErrors;
    private int hangs;
    private int unanswered;
    private final List<String> decoderRefusals = new ArrayList<>();
    private long slowestNanos;
    private String slowest = "";

    public FuzzReport(long seed) {
        this.seed = seed;
    }

    /** Records {@code outcome} of {@code c}; returns the finding it is, or null when it is as it should be. */
    public String record(FuzzCase c, RawHttp.Outcome outcome) {
        byCategory.merge(c.category(), 1, Integer::sum);
        if (outcome.nanos() > slowestNanos) {
            slowestNanos = outcome.nanos();
            slowest = c.category() + ": " + c.label();
        }
        String finding = judge(c, outcome);
        if (finding == null && c.expect().decoder() && isDecoderRefusal(outcome)) {
            decoderRefusals.add(c.category() + " / " + c.label() + ": " + (outcome.answered()
                    ? "bare " + outcome.response().status() : "connection closed without an answer"));
        }
        if (outcome.answered()) {
            int status = outcome.response().status();
            byStatus.merge(status, 1, Integer::sum);
            statusesByCategory.computeIfAbsent(c.category(), k -> new TreeMap<>()).merge(status, 1, Integer::sum);
            if (status >= 500) serverErrors++;
        } else if (outcome.hung()) {
            hangs++;
        } else {
            unanswered++;
        }
        if (finding != null) {
            findings.add(c.category() + " / " + c.label() + " [" + c.request().summary() + "]: " + finding);
        }
        return finding;
    }

    /** An answer of Vert.x's HTTP decoder: no response at all, or a 4xx without a body or Content-Type. */
    private static boolean isDecoderRefusal(RawHttp.Outcome outcome) {
        if (!outcome.answered()) return !outcome.hung();
        RawHttp.Response r = outcome.response();
        return r.status() >= 400 && r.status() < 500 && r.header("Content-Type") == null && r.body().length == 0;
    }

    private static String judge(FuzzCase c, RawHttp.Outcome outcome) {
        if (c.expect().decoder() && isDecoderRefusal(outcome)) return null;
        if (!outcome.answered()) return (outcome.hung() ? "hang: " : "no response: ") + outcome.failure();
        RawHttp.Response r = outcome.response();
        int status = r.status();
        if (status >= 500) return "server error " + status + ": " + abbreviate(r.bodyText());
        if (status >= 400) {
            String problem = problemDefect(r, c.request().method().equalsIgnoreCase("HEAD"));
            if (problem != null) return status + " is not a problem document: " + problem;
        }
        if (!c.expect().accepts(status)) return "status " + status + ", expected " + c.expect() + ": " + abbreviate(r.bodyText());
        return null;
    }

    /** What is wrong with a 4xx as an RFC 9457 document (type, title, status equal to the HTTP status, detail), or null. */
    static String problemDefect(RawHttp.Response r, boolean head) {
        String type = r.header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
            return "Content-Type " + type + ", body " + abbreviate(r.bodyText());
        }
        if (head) return null;
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            return "body is not JSON: " + abbreviate(r.bodyText());
        }
        if (body == null || !body.isObject()) return "body is not a JSON object: " + abbreviate(r.bodyText());
        if (body.path("status").asInt(-1) != r.status()) return "status field " + body.get("status") + " differs from " + r.status();
        if (body.path("title").asText("").isBlank()) return "no title";
        if (body.path("detail").asText("").isBlank() && body.path("type").asText("").isBlank()) return "neither detail nor type";
        return null;
    }

    public int total() {
        return byCategory.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int serverErrors() {
        return serverErrors;
    }

    public List<String> findings() {
        return List.copyOf(findings);
    }

    /** The summary as JSON (counts, statuses, findings, duration), also written to {@code file}. */
    public String write(Path file, double seconds, Map<String, Object> extra) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("seed", seed);
        root.put("requests", total());
        root.put("durationSeconds", Math.round(seconds * 10) / 10.0);
        root.put("serverErrors", serverErrors);
        root.put("hangs", hangs);
        root.put("unanswered", unanswered);
        root.put("findings", findings.size());
        root.put("httpDecoderRefusals", decoderRefusals.size());
        root.set("requestsByCategory", JSON.valueToTree(byCategory));
        ObjectNode statuses = root.putObject("responsesByStatus");
        byStatus.forEach((s, n) -> statuses.put(Integer.toString(s), n));
        ObjectNode perCategory = root.putObject("statusesByCategory");
        statusesByCategory.forEach((cat, m) -> {
            ObjectNode o = perCategory.putObject(cat);
            m.forEach((s, n) -> o.put(Integer.toString(s), n));
        });
        root.put("slowestRequestMs", Math.round(slowestNanos / 1e6));
        root.put("slowestRequest", slowest);
        extra.forEach((k, v) -> root.set(k, JSON.valueToTree(v)));
        root.set("findingList", JSON.valueToTree(findings));
        root.set("httpDecoderRefusalList", JSON.valueToTree(decoderRefusals));
        String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text + "\n");
        return text;
    }

    private static String abbreviate(String s) {
        String p = RawRequest.printable(s);
        return p.length() > 300 ? p.substring(0, 300) + "..." : p;
    }
}
