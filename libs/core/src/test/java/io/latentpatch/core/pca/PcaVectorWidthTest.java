package io.latentpatch.core.pca;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The vectorised covariance and eigensolver give the same bytes whatever the vector width: {@link PcaDigest} runs in
 * fresh JVMs limited to 16-, 32- and 64-byte vectors (2, 4, 8 doubles; a machine without AVX-512 caps the last), on
 * one CPU and on all, and every digest must match this JVM's.
 */
class PcaVectorWidthTest {

    @Test
    void digestsDoNotDependOnTheVectorWidthOrTheProcessorCount() throws Exception {
        String here = run(List.of());
        assertThat(here).contains("scatter=").contains("pca=");
        List<String> seen = new ArrayList<>();
        for (List<String> flags : List.of(List.of("-XX:MaxVectorSize=16"), List.of("-XX:MaxVectorSize=32"),
                List.of("-XX:MaxVectorSize=64", "-XX:ActiveProcessorCount=1"))) {
            String there = run(flags);
            seen.add(there.lines().findFirst().orElse(""));
            assertThat(withoutLanes(there)).as("digests with %s", flags).isEqualTo(withoutLanes(here));
        }
        assertThat(seen).as("lane counts the runs saw").contains("lanes=2");
    }

    private static String withoutLanes(String out) {
        return out.lines().filter(l -> !l.startsWith("lanes=")).reduce("", (x, y) -> x + y + "\n");
    }

    private static String run(List<String> flags) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector"));
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), PcaDigest.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("child JVM exit status; output:%n%s", text).isZero();
        return text.lines().filter(l -> !l.startsWith("WARNING")).reduce("", (x, y) -> x + y + "\n");
    }
}
