package io.latentpatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kubectl kustomize deploy/k8s/overlays/<x>} renders, and what it renders passes every check of the base.
 * Skipped with a message where kubectl is not installed (.ci/run installs it as Debian package kubectl).
 */
class KustomizeRendersTest {

    static String kubectl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "kubectl");
            if (Files.isExecutable(p)) return p.toString();
        }
        return null;
    }

    static List<Map<String, Object>> render(String overlay) throws IOException, InterruptedException {
        String kubectl = kubectl();
        assumeThat(kubectl).as("kubectl is not on PATH: `apt-get install kubectl` (done by .ci/run as root) to render the overlays")
                .isNotNull();
        Path out = Files.createTempFile("kustomize-" + overlay, ".yaml");
        Path err = Files.createTempFile("kustomize-" + overlay, ".err");
        try {
            Process p = new ProcessBuilder(kubectl, "kustomize", Repo.path("deploy", "k8s", "overlays", overlay).toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
            assertThat(p.exitValue()).as("kubectl kustomize overlays/%s: %s", overlay, Files.readString(err, StandardCharsets.UTF_8))
                    .isZero();
            return Yamls.read(out);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void theOverlayRendersAndMatchesTheServices(String overlay) throws Exception {
        List<Map<String, Object>> docs = render(overlay);
        for (Map<String, Object> d : docs) {
            assertThat(Yamls.string(d, "metadata", "namespace")).as("namespace of %s", Yamls.string(d, "metadata", "name"))
                    .isEqualTo("latentpatch");
        }
        new ManifestChecks("overlays/" + overlay + " (rendered)", docs).all();
    }

    @Test
    void onlyTheGpuOverlayPutsTheDecoderOnAGpu() throws Exception {
        ManifestChecks gpu = new ManifestChecks("overlays/gpu", render("gpu"));
        Map<String, Object> decoder = gpu.named("Deployment", "decoder-worker");
        Map<String, Object> c = ManifestChecks.container(decoder);
        assertThat(Yamls.at(c, "resources", "limits", "nvidia.com/gpu")).isEqualTo(1);
        assertThat(Yamls.string(c, "image")).endsWith("-gpu");
        assertThat(Yamls.list(decoder, "spec", "template", "spec", "tolerations")).isNotEmpty();
        assertThat(Yamls.map(decoder, "spec", "template", "spec", "nodeSelector")).isNotEmpty();
        assertThat(gpu.envKeysAreConfigKeys("decoder-worker")).containsEntry("LATENTPATCH_MODELS_PROVIDER", "cuda");

        ManifestChecks cpu = new ManifestChecks("overlays/cpu", render("cpu"));
        for (Map<String, Object> d : cpu.kind("Deployment")) {
            assertThat(Yamls.map(ManifestChecks.container(d), "resources", "limits")).doesNotContainKey("nvidia.com/gpu");
        }
        assertThat(cpu.envKeysAreConfigKeys("decoder-worker")).containsEntry("LATENTPATCH_MODELS_PROVIDER", "cpu");
    }
}
