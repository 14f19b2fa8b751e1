package io.latentpatch.cli;

import io.latentpatch.localstack.LocalInfra;
import io.latentpatch.localstack.ServiceStack;
import io.latentpatch.samples.SampleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code latentpatch demo}: the system end to end on the built-in sample set: starts the local stack,
 * submits a job through the gateway as any client would, waits with progress, downloads the results.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Starts the local stack (Kafka, S3, four services), uploads the built-in synthetic portraits,",
                       "submits a job, shows progress, downloads images and contact sheet, then stops the stack (or keeps it with --keep)."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "pixel-f16", paramLabel = "NAME",
            description = "Model: pixel-f16 (built in, default) or a model directory name under --models, e.g. taef2.")
    String model;

    @Option(names = "--count", defaultValue = "16", description = "Images to generate (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "1", description = "Job seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "out/demo", paramLabel = "DIR", description = "Where results go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--keep", description = "Keep the stack running after the demo (Ctrl-C stops it).")
    boolean keep;

    @Mixin
    StackOptions stack;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() throws Exception {
        StackOptions.requireBuilt();
        if (!model.startsWith("pixel") && Path.of(model).getNameCount() > 1) {
            // A directory path: the workers resolve models by name under --models.
            Path dir = Path.of(model).toAbsolutePath().normalize();
            stack.models = dir.getParent();
            model = dir.getFileName().toString();
        }
        Path home = StackOptions.home();
        Path work = Files.createTempDirectory("latentpatch-demo");
        long start = System.nanoTime();
        System.err.println("latentpatch: starting the local stack (Kafka, S3, 4 services) ...");
        LocalInfra infra = LocalInfra.builder().dataDir(work.resolve("data")).start();
        ServiceStack services = null;
        try {
            String key = io.latentpatch.contracts.ApiKeys.generate();
            services = stack.services(infra, home.resolve("var/logs/demo")).freePorts().apiKey(UpCommand.LOCAL_TENANT, key).start();
            System.err.printf(Locale.ROOT, "latentpatch: stack up in %.1f s; gateway %s%n", (System.nanoTime() - start) / 1e9, services.gatewayUrl());
            Path samples = work.resolve("samples");
            SampleSet.writeTo(samples);
            GatewayClient client = new GatewayClient(services.gatewayUrl(), key);
            List<Path> files = io.latentpatch.generate.SourceLoading.expand(List.of(samples));
            String setId = client.uploadSourceSet(files, samples.resolve(SampleSet.LABELS_FILE));
            String jobId = client.submitJob(SubmitCommand.jobBody(setId, model, count, seed, engine, null, null), null);
            System.err.println("latentpatch: job " + jobId + " on " + files.size() + " built-in portraits, model " + model);
            long jobStart = System.nanoTime();
            JobWatcher.await(client, jobId, ProgressBar.onStderr(), 900_000);
            double jobSeconds = (System.nanoTime() - jobStart) / 1e9;
            JobWatcher.download(client, jobId, count, out);
            System.out.printf(Locale.ROOT, "Generated %d images in %.1f s through the pipeline (job %s).%n", count, jobSeconds, jobId);
            System.out.println("  results   " + out.toAbsolutePath().normalize() + "  (outputs.png: images beside their provenance maps)");
            System.out.println("  status    " + services.gatewayUrl() + "/v1/jobs/" + jobId);
            if (keep) {
                System.out.println("Stack kept running: open " + services.gatewayUrl() + "/ in a browser (the web page); Ctrl-C stops it.");
                ServiceStack running = services;
                CountDownLatch stopped = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    running.close();
                    infra.close();
                    stopped.countDown();
                }, "latentpatch-demo-shutdown"));
                stopped.await();
                return 0;
            }
        } finally {
            if (!keep) {
                if (services != null) services.close();
                infra.close();
                System.err.println("latentpatch: stack stopped.");
            }
        }
        System.out.println(PAGE_HINT);
        return 0;
    }

    /** The last line of a demo: where the web page is. */
    static final String PAGE_HINT = "Web page: run ./latentpatch up, then open http://localhost:8080/ (upload, parameters,"
            + " live progress, gallery with provenance).";
}
