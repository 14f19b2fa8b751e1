package io.latentpatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every metric deploy/grafana/latentpatch.json queries is registered: by our code (Micrometer names found in
 * the sources, in their Prometheus form) or by a library the services pack (Kafka client, fault tolerance).
 */
class GrafanaDashboardTest {
    private static final Pattern METER = Pattern.compile(
            "(Counter|Timer|DistributionSummary|Gauge)\\.builder\\(\\s*\"([^\"]+)\"|\\b(counter|timer|summary|gauge)\\(\\s*\"([^\"]+)\"");
    private static final Pattern CAFFEINE = Pattern.compile("CaffeineCacheMetrics\\.monitor\\(");
    private static final Set<String> PROMQL_WORDS = Set.of("sum", "max", "min", "avg", "count", "rate", "irate", "increase", "by",
            "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "histogram_quantile",
            "topk", "bottomk", "abs", "clamp_min", "clamp_max");

    /**
     * Registered by libraries, not by our sources: name → the packed jar that registers it. Micrometer's
     * KafkaClientMetrics (quarkus-micrometer's Kafka binder, on by default with the Kafka client) and SmallRye
     * Fault Tolerance's Micrometer metrics.
     */
    private static final Map<String, String> LIBRARY_METRICS = Map.of(
            "kafka_consumer_fetch_manager_records_lag", "io.quarkus.quarkus-kafka-client-",
            "kafka_consumer_fetch_manager_records_lag_max", "io.quarkus.quarkus-kafka-client-",
            "ft_retry_retries_total", "io.quarkus.quarkus-smallrye-fault-tolerance-",
            "ft_retry_calls_total", "io.quarkus.quarkus-smallrye-fault-tolerance-");

    @Test
    void everyQueriedMetricIsRegisteredByTheCodeOrAPackedLibrary() throws IOException {
        Set<String> registered = registeredNames();
        Set<String> queried = queriedNames();
        assertThat(queried).as("metrics queried by the dashboard").isNotEmpty();
        for (String metric : queried) {
            if (LIBRARY_METRICS.containsKey(metric)) {
                String jar = LIBRARY_METRICS.get(metric);
                assertThat(Repo.WORKERS.stream().anyMatch(w -> PackagedService.of(w).hasLibrary(jar)
                        && PackagedService.of(w).hasLibrary("io.quarkus.quarkus-micrometer-")))
                        .as("%s: the workers pack %s and quarkus-micrometer", metric, jar).isTrue();
                continue;
            }
            assertThat(registered).as("dashboard metric %s is registered by the sources (%s)", metric, registered).contains(metric);
        }
    }

    @Test
    void theDashboardCoversJobsStagesLagBatchesAndStoreErrors() throws IOException {
        assertThat(queriedNames()).contains("latentpatch_gateway_jobs_accepted_total", "latentpatch_stage_processing_seconds_count",
                "kafka_consumer_fetch_manager_records_lag", "latentpatch_decode_batch_size_sum", "latentpatch_stage_failures_total",
                "latentpatch_gateway_requests_rejected_total");
    }

    @Test
    void promqlNamesAreExtractedWithoutFunctionsLabelsOrRanges() {
        assertThat(names("sum by (stage, kind) (rate(latentpatch_stage_failures_total{kind=\"retries-exhausted\"}[$__rate_interval]))"))
                .containsExactly("latentpatch_stage_failures_total");
    }

    /** Prometheus names of every meter registered in the main sources (Micrometer's naming convention). */
    static Set<String> registeredNames() throws IOException {
        Set<String> out = new TreeSet<>();
        List<Path> roots = Stream.concat(Repo.SERVICES.stream().map(s -> Repo.path(s, "src", "main", "java")),
                Stream.of(Repo.path("libs"))).toList();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/")).toList()) {
                    String src = Files.readString(f);
                    Matcher m = METER.matcher(src);
                    while (m.find()) {
                        String type = m.group(1) != null ? m.group(1) : m.group(3);
                        String base = (m.group(2) != null ? m.group(2) : m.group(4)).replace('.', '_').replace('-', '_');
                        switch (type.toLowerCase(java.util.Locale.ROOT)) {
                            case "counter" -> out.add(base.endsWith("_total") ? base : base + "_total");
                            case "timer" -> Stream.of("_count", "_sum", "_max", "_bucket").forEach(s -> out.add(base + "_seconds" + s));
                            case "distributionsummary", "summary" -> Stream.of("_count", "_sum", "_max", "_bucket").forEach(s -> out.add(base + s));
                            default -> out.add(base);
                        }
                    }
                    if (CAFFEINE.matcher(src).find()) {
                        out.addAll(List.of("cache_gets_total", "cache_puts_total", "cache_evictions_total", "cache_eviction_weight_total",
                                "cache_size"));
                    }
                }
            }
        }
        return out;
    }

    static Set<String> queriedNames() throws IOException {
        JsonNode dash = new ObjectMapper().readTree(Repo.path("deploy", "grafana", "latentpatch.json").toFile());
        Set<String> out = new TreeSet<>();
        for (JsonNode expr : dash.findValues("expr")) out.addAll(names(expr.asText()));
        return out;
    }

    static Set<String> names(String promql) {
        String s = promql.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ").replaceAll("\"[^\"]*\"", " ");
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(s);
        while (m.find()) {
            String word = m.group();
            if (PROMQL_WORDS.contains(word)) continue;
            out.add(word);
        }
        return out;
    }
}
