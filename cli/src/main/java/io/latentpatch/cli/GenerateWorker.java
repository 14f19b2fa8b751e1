package io.latentpatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentpatch.contracts.JsonCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code latentpatch bench generate-worker} (hidden): runs {@code generate} again and again in one JVM, for
 * {@code bench pipeline}, which starts it as a child process so that its {@code generate} runs in a JVM of its own, as
 * the command does, not in the JVM that also drives the stack's clients and holds their buffers.
 *
 * <p>Protocol, one line each: the parent writes a JSON array of {@code generate}'s arguments; the worker answers
 * {@code @@result {"exit":0,"seconds":…,"cpuS":…,"timingsMs":{…}}} on stdout. It prints {@code @@ready} once started
 * and ends at end of input. Anything else it prints is not a protocol line.
 */
@Command(name = "generate-worker", hidden = true, mixinStandardHelpOptions = true,
        description = "Internal to `bench pipeline`: runs generate for each JSON argument array read from stdin.")
final class GenerateWorker implements Callable<Integer> {
    static final String READY = "@@ready";
    static final String RESULT = "@@result ";
    private static final ObjectMapper JSON = JsonCodec.shared().mapper();

    @Override
    public Integer call() throws IOException {
        PrintStream protocol = System.out;
        // generate's own prints (and any library's) must not be taken for protocol lines
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        protocol.println(READY);
        protocol.flush();
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isBlank()) continue;
            List<String> args = new ArrayList<>();
            JSON.readTree(line).forEach(a -> args.add(a.asText()));
            protocol.println(RESULT + JSON.writeValueAsString(toJson(runHere(args))));
            protocol.flush();
        }
        return 0;
    }

    /** One timed {@code generate}: its exit code and the run (the idle stack's CPU is the caller's to add). */
    record Outcome(int exit, PipelineBench.GenerateRun run) {}

    /** Runs {@code generate} in this JVM: wall seconds, this JVM's CPU seconds meanwhile and its stage times. */
    static Outcome runHere(List<String> args) {
        CommandLine cl = LatentPatchCommand.commandLine();
        cl.setOut(new PrintWriter(OutputStream.nullOutputStream()));
        double cpu0 = PipelineBench.selfCpuSeconds();
        long t0 = System.nanoTime();
        int exit = cl.execute(args.toArray(String[]::new));
        double seconds = (System.nanoTime() - t0) / 1e9;
        GenerateCommand g = cl.getSubcommands().get("generate").getCommand();
        return new Outcome(exit, new PipelineBench.GenerateRun(seconds, g.timings(), PipelineBench.selfCpuSeconds() - cpu0, ""));
    }

    private static ObjectNode toJson(Outcome o) {
        ObjectNode result = JSON.createObjectNode();
        result.put("exit", o.exit());
        result.put("seconds", o.run().seconds());
        result.put("cpuS", o.run().cpuS());
        ObjectNode timings = result.putObject("timingsMs");
        o.run().timingsMs().forEach(timings::put);
        return result;
    }

    /**
     * The parent's end: a child JVM started with this JVM's own launcher, options and class path (so
     * {@code --add-modules}, the GC and {@code LATENTPATCH_JAVA_OPTS} carry over), its stderr appended to a log file.
     */
    static final class Child implements AutoCloseable {
        private final Process process;
        private final PrintWriter requests;
        private final BufferedReader replies;
        private final Path log;

        Child(Path log) throws IOException {
            this.log = log;
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), LatentPatchCommand.class.getName(), "bench", "generate-worker"));
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            requests = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            awaitLine(READY);
        }

        long pid() {
            return process.pid();
        }

        /** Runs one {@code generate} in the child; throws when it exits non-zero. */
        PipelineBench.GenerateRun generate(List<String> args) throws IOException {
            requests.println(JSON.writeValueAsString(args));
            JsonNode r = JSON.readTree(awaitLine(RESULT).substring(RESULT.length()));
            if (r.path("exit").asInt(-1) != 0) throw new IllegalStateException("generate exited with " + r.path("exit").asInt(-1) + " (see " + log + ")");
            Map<String, Long> timings = new LinkedHashMap<>();
            r.path("timingsMs").fields().forEachRemaining(e -> timings.put(e.getKey(), e.getValue().asLong()));
            return new PipelineBench.GenerateRun(r.path("seconds").asDouble(), timings, r.path("cpuS").asDouble(), "");
        }

        /** The next line starting with {@code prefix}; other lines are skipped; the child's end is an error. */
        private String awaitLine(String prefix) throws IOException {
            for (String line; (line = replies.readLine()) != null; ) {
                if (line.startsWith(prefix)) return line;
            }
            throw new IOException("the generate worker ended before answering (see " + log + ")");
        }

        @Override
        public void close() throws IOException {
            requests.close();
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
