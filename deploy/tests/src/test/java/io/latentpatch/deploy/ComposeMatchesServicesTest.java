package io.latentpatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentpatch.contracts.Topics;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** deploy/compose/compose.yaml against the code: env keys, ports, topics, scaling by design, the GPU profile. */
class ComposeMatchesServicesTest {
    private static final Pattern CREATE = Pattern.compile("^\\s*create (\\S+) (\\d+)\\s*$", Pattern.MULTILINE);
    private static Map<String, Object> compose;

    @BeforeAll
    static void read() throws IOException {
        List<Map<String, Object>> docs = Yamls.read(Repo.path("deploy", "compose", "compose.yaml"));
        assertThat(docs).hasSize(1);
        compose = docs.getFirst();
    }

    static List<String> services() {
        return Repo.SERVICES;
    }

    private static Map<String, Object> service(String name) {
        Map<String, Object> s = Yamls.map(compose, "services", name);
        assertThat(s).as("compose service %s", name).isNotEmpty();
        return s;
    }

    @ParameterizedTest
    @MethodSource("services")
    void everyEnvironmentKeyIsAConfigKeyOfThatService(String name) {
        PackagedService app = PackagedService.of(name);
        Map<String, Object> env = Yamls.map(service(name), "environment");
        assertThat(env).containsKeys("KAFKA_BOOTSTRAP_SERVERS", "LATENTPATCH_STORAGE_ENDPOINT");
        for (String key : env.keySet()) {
            assertThat(app.configKeys().acceptsEnv(key)).as("%s's environment key %s is the env form of a config key", name, key).isTrue();
        }
    }

    @Test
    void theGpuDecoderHasValidKeysAProfileAndAnNvidiaReservation() {
        PackagedService app = PackagedService.of("decoder-worker");
        Map<String, Object> gpu = service("decoder-worker-gpu");
        for (String key : Yamls.map(gpu, "environment").keySet()) {
            assertThat(app.configKeys().acceptsEnv(key)).as("decoder-worker-gpu's key %s", key).isTrue();
        }
        assertThat(Yamls.list(gpu, "profiles")).containsExactly("gpu");
        assertThat(Yamls.string(gpu, "build", "dockerfile")).isEqualTo("src/main/docker/Dockerfile.jvm-gpu");
        Object device = Yamls.at(gpu, "deploy", "resources", "reservations", "devices", 0);
        assertThat(Yamls.string(device, "driver")).isEqualTo("nvidia");
        assertThat(Yamls.list(device, "capabilities")).contains("gpu");
        assertThat(Yamls.string(gpu, "expose", 0)).isEqualTo(Integer.toString(app.httpPort()));
    }

    @ParameterizedTest
    @MethodSource("services")
    void imagesAreBuiltFromTheServicesDockerfile(String name) {
        Map<String, Object> s = service(name);
        assertThat(Repo.path("deploy", "compose").resolve(Yamls.string(s, "build", "context")).normalize()).isEqualTo(Repo.path(name));
        assertThat(Yamls.string(s, "build", "dockerfile")).isEqualTo("src/main/docker/Dockerfile.jvm");
        assertThat(Yamls.string(s, "image")).startsWith("latentpatch/" + name + ":");
    }

    @Test
    void workersScaleWithoutHostPortsOrFixedNamesAndMountModelsReadOnly() {
        for (String name : List.of("encoder-worker", "sampler-worker", "decoder-worker", "decoder-worker-gpu")) {
            Map<String, Object> s = service(name);
            assertThat(s).as("%s: no host port, no container_name (docker compose up --scale %s=3)", name, name)
                    .doesNotContainKeys("ports", "container_name");
            String modelsDir = Yamls.string(s, "environment", "LATENTPATCH_MODELS_DIR");
            Object mount = Yamls.at(s, "volumes", 0);
            assertThat(Yamls.string(mount, "target")).isEqualTo(modelsDir);
            assertThat(Yamls.at(mount, "read_only")).isEqualTo(true);
        }
        String workerPort = Integer.toString(PackagedService.of("sampler-worker").httpPort());
        assertThat(Yamls.list(service("sampler-worker"), "expose")).containsExactly(workerPort);
    }

    @Test
    void theGatewayPublishesItsHttpPort() {
        int port = PackagedService.of("api-gateway").httpPort();
        assertThat(Yamls.string(service("api-gateway"), "ports", 0)).endsWith(":" + port);
    }

    @Test
    void kafkaRunsInKraftModeAndTheInitJobCreatesEveryTopicOfTheContracts() {
        Map<String, Object> kafka = Yamls.map(service("kafka"), "environment");
        assertThat(Yamls.string(kafka, "KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        assertThat(Yamls.string(kafka, "KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
        assertThat(Yamls.string(kafka, "KAFKA_ADVERTISED_LISTENERS"))
                .isEqualTo("PLAINTEXT://" + Yamls.string(service("api-gateway"), "environment", "KAFKA_BOOTSTRAP_SERVERS"));
        Matcher m = CREATE.matcher(Yamls.string(service("kafka-topics"), "command", 0));
        Map<String, Integer> created = new java.util.TreeMap<>();
        while (m.find()) created.put(m.group(1), Integer.parseInt(m.group(2)));
        assertThat(created.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
        for (String name : Repo.SERVICES) {
            assertThat(Yamls.string(service(name), "depends_on", "kafka-topics", "condition")).isEqualTo("service_completed_successfully");
        }
    }

    @Test
    void everyServiceUsesTheTopicsAndGroupsTheComposeBrokerHas() {
        for (String name : Repo.SERVICES) {
            for (PackagedService.Channel c : PackagedService.of(name).incoming().values()) {
                assertThat(Topics.PIPELINE).as("%s consumes a topic of the contracts", name).contains(c.topic());
                assertThat(c.groupId()).as("%s channel %s has a consumer group", name, c.name()).isNotBlank();
            }
        }
    }
}
