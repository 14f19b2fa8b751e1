package io.latentpatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** deploy/k8s/base and the GPU patch, file by file, against the packaged services (no kubectl needed). */
class KubernetesManifestsMatchServicesTest {

    static List<String> services() {
        return Repo.SERVICES;
    }

    @Test
    void theBaseHasADeploymentServiceAndDisruptionBudgetPerService() throws IOException {
        ManifestChecks base = ManifestChecks.base();
        base.deploymentsAreTheFourServices();
        base.everyDeploymentHasADisruptionBudget();
    }

    @ParameterizedTest
    @MethodSource("services")
    void portsAndProbePathsAreTheServicesOwn(String service) throws IOException {
        ManifestChecks.base().portsAndProbesMatch(service);
    }

    @ParameterizedTest
    @MethodSource("services")
    void everyEnvKeyIsAConfigKeyOfThatService(String service) throws IOException {
        ManifestChecks.base().envKeysAreConfigKeys(service);
    }

    @Test
    void topicsAreEveryTopicOfTheContractsWithTheirDeadLetters() throws IOException {
        ManifestChecks.base().topicsAreTheContracts();
    }

    @Test
    void kedaScalesEachWorkerOnItsOwnGroupAndTopicWithinThePartitions() throws IOException {
        ManifestChecks.base().scaledObjectsFollowTheWorkersGroups();
    }

    @Test
    void theGpuPatchUsesDecoderKeysAndAsksForAGpu() throws IOException {
        PackagedService decoder = PackagedService.of("decoder-worker");
        Map<String, Object> patch = Yamls.read(Repo.path("deploy", "k8s", "overlays", "gpu", "decoder-gpu.yaml")).getFirst();
        Map<String, Object> c = ManifestChecks.container(patch);
        assertThat(Yamls.string(c, "name")).isEqualTo("decoder-worker");
        for (Object e : Yamls.list(c, "env")) {
            assertThat(decoder.configKeys().acceptsEnv(Yamls.string(e, "name"))).as("GPU patch env %s", e).isTrue();
        }
        assertThat(Yamls.at(c, "resources", "limits", "nvidia.com/gpu")).isEqualTo(1);
    }
}
