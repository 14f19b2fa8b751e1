package io.latentpatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.latentpatch.localstack.ServiceStack;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code latentpatch scale decoder=3}: changes the replica count of a stage of the running {@code up} stack. */
@Command(name = "scale", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Changes the number of replicas of stages of the stack started by `latentpatch up` (through its control",
                       "endpoint). Removed replicas shut down cleanly (SIGTERM: their partitions move to the others, unacknowledged",
                       "messages are redelivered); new ones get free ports and their own logs."})
final class ScaleCommand implements Callable<Integer> {
    @Parameters(paramLabel = "STAGE=N", arity = "1..*", description = "e.g. decoder=3 sampler=2 (stages gateway, encoder, sampler, decoder).")
    List<String> counts;

    @Option(names = "--data-dir", defaultValue = "var/local-stack", paramLabel = "DIR",
            description = "The data directory of the running stack, where control.json is (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--control", paramLabel = "URL", description = "The control endpoint (default: the URL in DATA-DIR/control.json).")
    String control;

    @Option(names = "--wait", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Wait until every replica of the scaled stages is ready (default: ${DEFAULT-VALUE}; --no-wait returns at once).")
    boolean await;

    @Option(names = "--timeout", defaultValue = "180", description = "Seconds to wait for readiness (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        Map<ServiceStack.Service, Integer> wanted = ServiceStack.Service.parseCounts(String.join(",", counts));
        StackControl stack = StackControl.locate(control, dataDir);
        JsonNode doc = null;
        for (Map.Entry<ServiceStack.Service, Integer> e : wanted.entrySet()) doc = stack.scale(e.getKey().stage(), e.getValue());
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (await && !ready(doc, wanted)) {
            if (System.nanoTime() > deadline) {
                StackControl.print(doc, System.out);
                throw new IllegalArgumentException("not every replica is ready after " + timeoutSeconds + " s (see the logs above)");
            }
            Thread.sleep(500);
            doc = stack.stack();
        }
        StackControl.print(doc, System.out);
        return 0;
    }

    private static boolean ready(JsonNode doc, Map<ServiceStack.Service, Integer> wanted) {
        for (JsonNode s : doc.path("stages")) {
            ServiceStack.Service service = ServiceStack.Service.named(s.path("stage").asText());
            if (!wanted.containsKey(service)) continue;
            if (s.path("failing").asBoolean()) throw new IllegalArgumentException(service.stage() + " is FAILING; see its replicas' logs");
            if (s.path("ready").asInt() != wanted.get(service)) return false;
        }
        return true;
    }
}
