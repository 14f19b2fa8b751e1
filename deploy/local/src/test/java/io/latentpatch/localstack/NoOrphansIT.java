package io.latentpatch.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The children of a launcher that dies by SIGKILL (no shutdown hooks) still go away on their own. */
class NoOrphansIT {

    @Test
    void childrenExitWithinSecondsAfterTheLauncherIsKilledHard(@TempDir Path dataDir) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process launcher = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                OrphanProbeMain.class.getName(), dataDir.toString())
                .redirectErrorStream(true).start();
        List<Long> children = new ArrayList<>();
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                output.append(line).append('\n');
                if (line.startsWith("PIDS ")) {
                    for (String pid : line.substring(5).split(" ")) {
                        children.add(Long.parseLong(pid));
                    }
                    break;
                }
            }
        }
        assertThat(children).as("launcher output:\n%s", output).hasSize(2);
        for (long pid : children) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("child %d running", pid).contains(true);
        }

        launcher.destroyForcibly(); // SIGKILL: the launcher's shutdown hooks do not run
        assertThat(launcher.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long killedAt = System.nanoTime();

        for (long pid : children) {
            ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(20, TimeUnit.SECONDS).join());
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("child %d alive", pid).isFalse();
        }
        System.out.printf("children gone %d ms after SIGKILL of their launcher%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
    }
}
