package io.latentpatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.latentpatch.localstack.LocalInfra;
import io.latentpatch.localstack.ServiceStack;
import io.latentpatch.samples.SampleSet;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code latentpatch bench pipeline}: one job through the local stack (Kafka KRaft broker, S3 server, the four
 * services as separate JVMs, as {@code latentpatch up} runs them) against {@code latentpatch generate} doing the
 * same work in a JVM of its own ({@link GenerateWorker}; {@code --generate-in bench}: in this JVM), on the same machine in one run. Cold is the first job after the stack is ready (and the
 * first {@code generate} of its JVM, followed by {@code --generate-warmups} untimed ones); warm repeats both, {@code --rounds} times, each with a new upload of the same
 * sources, so the encoder encodes again; the warm ratio is the rounds' median. Prints the machine, per-phase times of every run, whether the outputs agree, and as its last line
 * {@code cold_ratio=<x> warm_ratio=<y>} (pipeline seconds ÷ generate seconds).
 *
 * <p>Pipeline time runs from submitting the job to the client seeing SUCCEEDED (on the job's event stream), so it
 * excludes the upload and the download (printed apart), as {@code generate}'s excludes JVM start but includes
 * reading the sources, opening the model and writing its files.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs one job through the local stack (Kafka, S3, four services) and `generate` in-process, cold and warm;",
            "prints per-phase times and the ratios (warm: the median of --rounds). Last line: cold_ratio=<x> warm_ratio=<y>"
        })
final class PipelineBench implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", defaultValue = "taef2", paramLabel = "taef2|pixel|NAME",
            description = "pixel (= pixel-f16), pixel-f8, or a model directory name under --models (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--sources", paramLabel = "DIR",
            description = "Source images (every PNG/JPEG in DIR); default: the first 16 of ../shared/data/faces, "
                    + "or 16 built-in portraits for a pixel codec when those are absent.")
    Path sources;

    @Option(names = "--count", defaultValue = "16", paramLabel = "N", description = "Images per job (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "7", description = "Job seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scale", paramLabel = "STAGE=N,...", defaultValue = "",
            description = "Replicas per stage as for `up` (default: 1 each).")
    String scale;

    @Option(names = "--work", defaultValue = "var/bench/pipeline", paramLabel = "DIR",
            description = "Outputs, sources and service logs, emptied first (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N",
            description = "Warm rounds, each a pipeline job then a generate; the warm ratio is their median (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--generate-warmups", defaultValue = "2", paramLabel = "N",
            description = "Untimed generate runs after the cold one, before the warm rounds: the services have run a warm-up job and the "
                    + "cold job by then, and a JVM's generate is not warm after one run (default: ${DEFAULT-VALUE}).")
    int generateWarmups;

    /** Where {@code generate} runs: a JVM of its own (as the command runs), or this one (the harness before 2026-12-03). */
    enum GenerateIn { child, bench }

    @Option(names = "--generate-in", defaultValue = "child", paramLabel = "child|bench",
            description = "child: generate runs in a JVM of its own, started once with this one's options (its first run is the cold one); "
                    + "bench: in this JVM, beside the harness's clients (default: ${DEFAULT-VALUE}).")
    GenerateIn generateIn;

    @Mixin
    StackOptions stack;

    /** One pipeline job: client-side seconds and the gateway's final status view. */
    record PipelineRun(double uploadS, double submitS, double jobS, double downloadS, JsonNode status, java.time.Instant seen, String cpu,
                       String timeline) {
        /** Milliseconds from the last image's event ({@code finishedAt}) to the client seeing SUCCEEDED. */
        long statusLagMs() {
            String finished = status.path("finishedAt").asText("");
            return finished.isEmpty() ? -1 : Duration.between(java.time.Instant.parse(finished), seen).toMillis();
        }
    }

    /**
     * One in-process generate: wall seconds, its stage times, the CPU seconds this JVM spent on it, and what the idle
     * stack's processes used meanwhile (their leftover compilation competes with generate for the cores).
     */
    record GenerateRun(double seconds, Map<String, Long> timingsMs, double cpuS, String stackCpu) {}

    /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;

    /**
     * CPU seconds (user + system, all threads) each named process has used so far, from {@code /proc/<pid>/stat};
     * a process that cannot be read counts 0.
     */
    static Map<String, Double> cpuSeconds(Map<String, Long> pids) {
        Map<String, Double> out = new LinkedHashMap<>();
        pids.forEach((name, pid) -> out.put(name, cpuSeconds(Path.of("/proc", Long.toString(pid), "stat"))));
        return out;
    }

    /** utime + stime of one {@code /proc/<pid>/stat} file in seconds; 0 when unreadable. */
    static double cpuSeconds(Path stat) {
        try {
            String line = Files.readString(stat);
            // Fields after the command name (which may hold spaces, hence the last ')'): state is field 3, utime 14, stime 15.
            String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** {@code {a=1.2, b=0.3}, total 1.5}: the CPU seconds used between two readings, per process. */
    static String cpuDelta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, String> m = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, Double> e : after.entrySet()) {
            double d = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            total += d;
            m.put(e.getKey(), String.format(Locale.ROOT, "%.1f", d));
        }
        return m + String.format(Locale.ROOT, ", total %.1f", total);
    }

    /** The pids of every replica, the broker and the S3 server, by name. */
    private static Map<String, Long> stackPids(LocalInfra infra, ServiceStack services) {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (var r : services.status()) pids.put(r.service().stage() + (r.index() == 0 ? "" : "#" + r.index()), r.pid());
        infra.kafka().pid().ifPresent(p -> pids.put("kafka", p));
        pids.put("s3", infra.s3().pid());
        return pids;
    }

    @Override
    public Integer call() throws Exception {
        if (count < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--count must be >= 1, got " + count);
        if (rounds < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--rounds must be >= 1, got " + rounds);
        if (generateWarmups < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--generate-warmups must be >= 0, got " + generateWarmups);
        }
        Map<ServiceStack.Service, Integer> replicas = ServiceStack.Service.parseCounts(scale);
        StackOptions.requireBuilt();
        PrintWriter out = spec.commandLine().getOut();
        Path home = StackOptions.home();
        Path dir = home.resolve(work).toAbsolutePath().normalize();
        prepareWorkDir(dir);

        boolean pixel = model.startsWith("pixel");
        String jobModel = model.equals("pixel") ? "pixel-f16" : model;
        String generateModel = pixel ? jobModel : stack.modelsDir().resolve(model).toString();
        if (!pixel && !Files.isRegularFile(Path.of(generateModel).resolve("model.json"))) {
            throw new IllegalArgumentException("model " + model + " not found: " + generateModel + " has no model.json (see --models)");
        }
        List<Path> files = sourceFiles(dir.resolve("sources"), pixel);

        out.println(BenchCommand.Sampler.machine());
        out.printf(Locale.ROOT, "jdk: %s %s, load average %s%n", System.getProperty("java.vm.name"), Runtime.version(), loadAverage());
        out.printf(Locale.ROOT, "config: model=%s sources=%d count=%d seed=%d scale=%s, end seen on the job's event stream%n", jobModel,
                files.size(), count, seed, scale.isEmpty() ? "1 each" : scale);
        out.flush();

        long t0 = System.nanoTime();
        try (LocalInfra infra = LocalInfra.builder().start()) {
            long t1 = System.nanoTime();
            // a key of its own, as `up` makes one: the gateway refuses to start without keys
            String apiKey = io.latentpatch.contracts.ApiKeys.generate();
            ServiceStack.Builder b = stack.services(infra, dir.resolve("logs")).freePorts().apiKey("bench", apiKey);
            replicas.forEach(b::replicas);
            try (ServiceStack services = b.start()) {
                long t2 = System.nanoTime();
                out.printf(Locale.ROOT, "stack: kafka + s3 up in %.1f s, services ready in %.1f s (logs %s)%n",
                        (t1 - t0) / 1e9, (t2 - t1) / 1e9, dir.resolve("logs"));
                out.flush();
                GatewayClient client = new GatewayClient(services.gatewayUrl(), apiKey);
                Path sourceDir = files.get(0).getParent();

                Map<String, Long> pids = stackPids(infra, services);
                // started before the cold job and idle during every job; its start-up is not timed, as generate's excludes JVM start
                Path generateLog = dir.resolve("logs/generate.log");
                try (GenerateWorker.Child child = generateIn == GenerateIn.child ? new GenerateWorker.Child(generateLog) : null) {
                    Generator generator = child == null ? PipelineBench::runGenerateHere : child::generate;
                    if (child != null) out.printf(Locale.ROOT, "generate: in a JVM of its own (pid %d, stderr %s)%n", child.pid(), generateLog);
                    else out.println("generate: in this JVM (--generate-in bench)");
                    PipelineRun coldPipe = runPipeline(client, files, jobModel, dir.resolve("cold-pipeline"), pids);
                    out.println(describe("cold pipeline", coldPipe));
                    out.println("  CPU s per process from submit to SUCCEEDED: " + coldPipe.cpu());
                    out.flush();
                    GenerateRun coldGen = runGenerate(generator, sourceDir, generateModel, dir.resolve("cold-generate"), pids);
                    out.println(describe("cold generate", coldGen));
                    out.flush();
                    for (int w = 1; w <= generateWarmups; w++) {
                        GenerateRun warmup = runGenerate(generator, sourceDir, generateModel, dir.resolve("generate-warmup-" + w), pids);
                        out.printf(Locale.ROOT, "generate warm-up %d (untimed) %.2f s%n", w, warmup.seconds());
                        out.flush();
                    }
                    double[] warmPipeS = new double[rounds];
                    double[] warmGenS = new double[rounds];
                    for (int round = 1; round <= rounds; round++) {
                        String suffix = rounds == 1 ? "" : "-" + round;
                        PipelineRun warmPipe = runPipeline(client, files, jobModel, dir.resolve("warm-pipeline" + suffix), pids);
                        out.println(describe("warm pipeline" + suffix, warmPipe));
                        out.println("  CPU s per process from submit to SUCCEEDED: " + warmPipe.cpu());
                        out.flush();
                        GenerateRun warmGen = runGenerate(generator, sourceDir, generateModel, dir.resolve("warm-generate" + suffix), pids);
                        out.println(describe("warm generate" + suffix, warmGen));
                        out.flush();
                        warmPipeS[round - 1] = warmPipe.jobS();
                        warmGenS[round - 1] = warmGen.seconds();
                    }

                    out.println("cold outputs vs generate's: " + compare(dir.resolve("cold-pipeline"), dir.resolve("cold-generate"), count));
                    for (int round = 1; round <= rounds; round++) {
                        String suffix = rounds == 1 ? "" : "-" + round;
                        out.println("warm" + suffix + " outputs vs generate's: "
                                + compare(dir.resolve("warm-pipeline" + suffix), dir.resolve("cold-generate"), count));
                    }
                    if (rounds > 1) out.println(warmRounds(warmPipeS, warmGenS));
                    out.println(ratios(coldPipe.jobS(), coldGen.seconds(), median(warmPipeS, warmGenS)));
                    out.flush();
                }
            }
        }
        return 0;
    }

    private PipelineRun runPipeline(GatewayClient client, List<Path> files, String jobModel, Path out, Map<String, Long> pids)
            throws IOException {
        long t0 = System.nanoTime();
        String setId = client.uploadSourceSet(files, null);
        Map<String, Double> cpu0 = cpuSeconds(pids);
        long t1 = System.nanoTime();
        String jobId = client.submitJob(GatewayClient.jobBody(setId, jobModel, count, seed, io.latentpatch.contracts.GenerationParams.DEFAULTS), null);
        long submitted = System.nanoTime();
        Timeline timeline = new Timeline(submitted);
        JsonNode status = JobWatcher.await(client, jobId, Duration.ofMinutes(15), timeline::seen);
        long t2 = System.nanoTime();
        java.time.Instant seen = java.time.Instant.now();
        String cpu = cpuDelta(cpu0, cpuSeconds(pids));
        JobWatcher.download(client, jobId, count, out);
        long t3 = System.nanoTime();
        return new PipelineRun((t1 - t0) / 1e9, (submitted - t1) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, status, seen, cpu,
                timeline.toString());
    }

    /**
     * When the client saw each milestone on the job's event stream, in ms after the submit: the state changes, the
     * first and last image sampled and the first and last image done — where a stage waits on the one before.
     */
    static final class Timeline {
        private final long start;
        private final Map<String, Long> marks = new java.util.LinkedHashMap<>();

        Timeline(long startNanos) {
            start = startNanos;
        }

        /** Records a status. */
        void seen(JsonNode status) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            String state = status.path("state").asText("");
            marks.putIfAbsent(state, ms);
            int total = status.path("progress").path("total").asInt(0);
            int sampled = status.path("progress").path("sampled").asInt(0);
            int done = status.path("progress").path("done").asInt(0);
            if (sampled > 0) marks.putIfAbsent("sampled1", ms);
            if (total > 0 && sampled >= total) marks.putIfAbsent("sampledAll", ms);
            if (done > 0) marks.putIfAbsent("done1", ms);
            if (total > 0 && done >= total) marks.putIfAbsent("doneAll", ms);
        }

        @Override
        public String toString() {
            return marks.toString();
        }
    }

    /** Runs one {@code generate} with these arguments somewhere and times it. */
    @FunctionalInterface
    interface Generator {
        GenerateRun generate(List<String> args) throws IOException;
    }

    private GenerateRun runGenerate(Generator generator, Path sourceDir, String generateModel, Path out, Map<String, Long> pids)
            throws IOException {
        Map<String, Double> stack0 = cpuSeconds(pids);
        GenerateRun r = generator.generate(List.of("generate", "--sources", sourceDir.toString(), "--model", generateModel, "--count",
                Integer.toString(count), "--seed", Long.toString(seed), "--out", out.toString(), "--quiet"));
        return new GenerateRun(r.seconds(), r.timingsMs(), r.cpuS(), cpuDelta(stack0, cpuSeconds(pids)));
    }

    /** {@code generate} in this JVM ({@code --generate-in bench}). */
    private static GenerateRun runGenerateHere(List<String> args) {
        GenerateWorker.Outcome o = GenerateWorker.runHere(args);
        if (o.exit() != 0) throw new IllegalStateException("generate exited with " + o.exit());
        return o.run();
    }

    /** The sources: the given directory's images, else the first 16 faces of ../shared, else (pixel codecs) 16 built-in portraits. */
    private List<Path> sourceFiles(Path copyTo, boolean pixel) throws IOException {
        if (sources != null) {
            List<Path> files = images(sources);
            if (files.size() < 2) throw new IllegalArgumentException("--sources " + sources + " holds " + files.size() + " images; need at least 2");
            return files;
        }
        Path faces = StackOptions.home().resolveSibling("shared").resolve("data/faces");
        Files.createDirectories(copyTo);
        if (Files.isDirectory(faces) && images(faces).size() >= 16) {
            for (Path f : images(faces).subList(0, 16)) Files.copy(f, copyTo.resolve(f.getFileName()));
        } else if (pixel) {
            SampleSet.writeTo(copyTo, 16, SampleSet.DEFAULT_SEED, SampleSet.DEFAULT_SIZE);
        } else {
            throw new IllegalArgumentException(faces + " is absent; give --sources DIR");
        }
        return images(copyTo);
    }

    private static List<Path> images(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--sources " + dir + " is not a directory");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g)")).sorted().toList();
        }
    }

    /** {@code cold pipeline  12.34 s (upload 0.41 s, download 0.52 s); wall: queued … ; stage sums (ms): {…}}. */
    static String describe(String label, PipelineRun r) {
        return String.format(Locale.ROOT, "%-14s %6.2f s  (submit answered in %.0f ms, last image to client %d ms; upload %.2f s, download %.2f s apart); wall ms %s; "
                        + "stage sums over images (ms) %s%n  seen on the event stream, ms after submit: %s",
                label, r.jobS(), r.submitS() * 1e3, r.statusLagMs(), r.uploadS(), r.downloadS(), fields(r.status().path("elapsedMs")),
                fields(r.status().path("timingsMs")), r.timeline());
    }

    static String describe(String label, GenerateRun r) {
        return String.format(Locale.ROOT, "%-14s %6.2f s  stages (ms) %s; CPU %.1f s%n  CPU s of the idle stack meanwhile: %s", label, r.seconds(),
                r.timingsMs(), r.cpuS(), r.stackCpu());
    }

    /** CPU seconds this JVM has used (every thread, the JIT and GC included). */
    static double selfCpuSeconds() {
        return cpuSeconds(Path.of("/proc/self/stat"));
    }

    /** {@code cold_ratio=1.23 warm_ratio=1.05}: pipeline seconds ÷ generate seconds. */
    static String ratios(double coldPipeline, double coldGenerate, double warmPipeline, double warmGenerate) {
        return ratios(coldPipeline, coldGenerate, warmPipeline / warmGenerate);
    }

    /** {@code cold_ratio=1.23 warm_ratio=1.05}, the warm ratio given. */
    static String ratios(double coldPipeline, double coldGenerate, double warmRatio) {
        return String.format(Locale.ROOT, "cold_ratio=%.2f warm_ratio=%.2f", coldPipeline / coldGenerate, warmRatio);
    }

    /**
     * The median of the rounds' ratios {@code pipeline[i] ÷ generate[i]} (the mean of the middle two for an even count):
     * each round's two runs are back to back, so a burst of load from elsewhere moves both or one round only.
     */
    static double median(double[] pipeline, double[] generate) {
        double[] r = new double[pipeline.length];
        for (int i = 0; i < r.length; i++) r[i] = pipeline[i] / generate[i];
        Arrays.sort(r);
        int n = r.length;
        return n % 2 == 1 ? r[n / 2] : (r[n / 2 - 1] + r[n / 2]) / 2;
    }

    /** {@code warm rounds: pipeline/generate s 3.20/2.00 (1.60×), …}: every round, so the spread shows beside the median. */
    static String warmRounds(double[] pipeline, double[] generate) {
        StringBuilder b = new StringBuilder("warm rounds, pipeline/generate s:");
        for (int i = 0; i < pipeline.length; i++) {
            b.append(String.format(Locale.ROOT, "%s %.2f/%.2f (%.2fx)", i == 0 ? "" : ",", pipeline[i], generate[i], pipeline[i] / generate[i]));
        }
        return b.toString();
    }

    /** A JSON object's fields as {@code {a=1, b=2}} in document order; {@code {}} when absent. */
    static String fields(JsonNode object) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().asText());
        }
        return m.toString();
    }

    /** How a pipeline run's files compare with generate's: latents and provenance byte for byte, images by channel. */
    static String compare(Path pipeline, Path generate, int count) throws IOException {
        int latents = 0;
        int provenance = 0;
        int pngSame = 0;
        int maxDiff = 0;
        for (int i = 0; i < count; i++) {
            if (sameBytes(pipeline.resolve(i + ".latent.npy"), generate.resolve(i + ".latent.npy"))) latents++;
            if (sameBytes(pipeline.resolve(i + ".provenance.npy"), generate.resolve(i + ".provenance.npy"))) provenance++;
            if (sameBytes(pipeline.resolve(i + ".png"), generate.resolve(i + ".png"))) pngSame++;
            maxDiff = Math.max(maxDiff, maxChannelDifference(pipeline.resolve(i + ".png"), generate.resolve(i + ".png")));
        }
        return String.format(Locale.ROOT, "latents identical %d/%d, provenance identical %d/%d, PNG files identical %d/%d, "
                + "largest pixel difference %d/255", latents, count, provenance, count, pngSame, count, maxDiff);
    }

    private static boolean sameBytes(Path a, Path b) throws IOException {
        return Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    /** Largest difference of one 8-bit channel between two images; 255 when their sizes differ. */
    static int maxChannelDifference(Path a, Path b) throws IOException {
        BufferedImage x = ImageIO.read(a.toFile());
        BufferedImage y = ImageIO.read(b.toFile());
        if (x == null || y == null) throw new IOException("unreadable image: " + (x == null ? a : b));
        if (x.getWidth() != y.getWidth() || x.getHeight() != y.getHeight()) return 255;
        int max = 0;
        for (int row = 0; row < x.getHeight(); row++) {
            for (int col = 0; col < x.getWidth(); col++) {
                int p = x.getRGB(col, row);
                int q = y.getRGB(col, row);
                for (int shift = 0; shift <= 16; shift += 8) max = Math.max(max, Math.abs(((p >> shift) & 255) - ((q >> shift) & 255)));
            }
        }
        return max;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip().split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Marks a work directory as this harness's, so it never empties a directory it did not make. */
    static final String MARKER = ".latentpatch-bench";

    /** Empties {@code dir} when it is a previous run's (has {@link #MARKER}); refuses any other non-empty directory. */
    static void prepareWorkDir(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            boolean empty;
            try (Stream<Path> s = Files.list(dir)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty && !Files.exists(dir.resolve(MARKER))) {
                throw new IllegalArgumentException("--work " + dir + " is not empty and not a bench directory (no " + MARKER + "); choose another");
            }
            deleteTree(dir);
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "latentpatch bench pipeline work directory; emptied by the next run\n");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.forEach(all::add);
        }
        for (int i = all.size() - 1; i >= 0; i--) Files.delete(all.get(i));
    }
}
