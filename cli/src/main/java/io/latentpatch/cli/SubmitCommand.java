package io.latentpatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentpatch.generate.SourceLoading;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code latentpatch submit}: sends a job to a running gateway, as any HTTP client would. */
@Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Uploads source images to the gateway, submits a job, and (with --wait) shows progress and downloads the results.")
final class SubmitCommand implements Callable<Integer> {
    @Option(names = "--api-key", paramLabel = "KEY", description = "API key of the gateway (default: $LATENTPATCH_API_KEY; none for an open gateway).")
    String apiKey;

    @Option(names = "--gateway", defaultValue = "http://127.0.0.1:8080", description = "Gateway URL (default: ${DEFAULT-VALUE}).")
    String gateway;

    @Option(names = "--sources", split = ",", paramLabel = "DIR|FILE", description = "Source images (a directory or files).")
    List<Path> sources;

    @Option(names = "--source-set", paramLabel = "ID", description = "Reuse an uploaded source set instead of --sources.")
    String sourceSet;

    @Option(names = "--labels", paramLabel = "FILE", description = "Labels CSV/JSON (default: labels.csv/labels.json in the --sources directory).")
    Path labels;

    @Option(names = "--model", defaultValue = "pixel-f16", description = "Model name known to the workers (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--count", defaultValue = "16", description = "Images to generate (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "1", description = "Job seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--reference", paramLabel = "INDEX", description = "Reference / edit target: a source index.")
    Integer reference;

    @Option(names = "--region", split = ",", paramLabel = "NAMES", description = "Edit mode: named regions, e.g. eyes,mouth.")
    List<String> region;

    @Option(names = "--idempotency-key", description = "Sent as Idempotency-Key: resubmitting with the same key returns the same job.")
    String idempotencyKey;

    @Mixin
    EngineOptions engine;

    @Option(names = "--wait", description = "Wait for the job with a progress bar and download the results to --out.")
    boolean await;

    @Option(names = "--out", defaultValue = "out/submit", paramLabel = "DIR", description = "Where --wait downloads results (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--timeout", defaultValue = "600", description = "Seconds --wait waits at most (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        GatewayClient client = new GatewayClient(gateway, GatewayClient.apiKey(apiKey));
        String setId = sourceSet;
        if (setId == null) {
            if (sources == null || sources.isEmpty()) throw new IllegalArgumentException("give --sources DIR|FILES or --source-set ID");
            List<Path> files = SourceLoading.expand(sources);
            Path labelsFile = labels != null ? labels : SourceLoading.labelsFileBeside(sources);
            setId = client.uploadSourceSet(files, labelsFile);
            System.err.println("latentpatch: uploaded " + files.size() + " images as source set " + setId);
        }
        String jobId = client.submitJob(jobBody(setId, model, count, seed, engine, reference, region), idempotencyKey);
        System.out.println(jobId);
        System.err.println("latentpatch: job " + jobId + " submitted; status: " + client.baseUrl() + "/v1/jobs/" + jobId);
        if (await) {
            JobWatcher.await(client, jobId, ProgressBar.onStderr(), timeoutSeconds * 1000L);
            JobWatcher.download(client, jobId, count, out);
            System.out.println("wrote " + count + " images to " + out.toAbsolutePath().normalize());
        }
        return 0;
    }

    /** The JSON body of {@code POST /v1/jobs} for these options: the contracts' parameters in their wire form. */
    static ObjectNode jobBody(String setId, String model, int count, long seed, EngineOptions e, Integer reference, List<String> region) {
        return GatewayClient.jobBody(setId, model, count, seed, e.toParams(reference, region));
    }

    static void printStatus(JsonNode status) {
        System.out.println(status.toPrettyString());
    }
}
