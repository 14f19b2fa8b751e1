package io.latentpatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentpatch.contracts.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks of a set of Kubernetes manifests against the packaged services; run on the raw base and on each
 * rendered overlay. {@code where} names the set in failure messages.
 */
final class ManifestChecks {
    private final String where;
    private final List<Map<String, Object>> docs;

    ManifestChecks(String where, List<Map<String, Object>> docs) {
        this.where = where;
        this.docs = docs;
    }

    /** The base's resources, read file by file as its kustomization lists them. */
    static ManifestChecks base() throws IOException {
        Path dir = Repo.path("deploy", "k8s", "base");
        List<Map<String, Object>> all = new ArrayList<>();
        for (Object r : Yamls.list(Yamls.read(dir.resolve("kustomization.yaml")).getFirst(), "resources")) {
            all.addAll(Yamls.read(dir.resolve(String.valueOf(r))));
        }
        return new ManifestChecks("deploy/k8s/base", all);
    }

    List<Map<String, Object>> kind(String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    Map<String, Object> named(String kind, String name) {
        List<Map<String, Object>> found = kind(kind).stream().filter(d -> name.equals(Yamls.string(d, "metadata", "name"))).toList();
        assertThat(found).as("%s: one %s named %s", where, kind, name).hasSize(1);
        return found.getFirst();
    }

    static Map<String, Object> container(Map<String, Object> deployment) {
        return Yamls.map(deployment, "spec", "template", "spec", "containers", 0);
    }

    void deploymentsAreTheFourServices() {
        assertThat(kind("Deployment").stream().map(d -> Yamls.string(d, "metadata", "name")))
                .as("%s Deployments", where).containsExactlyInAnyOrderElementsOf(Repo.SERVICES);
    }

    void portsAndProbesMatch(String service) {
        PackagedService app = PackagedService.of(service);
        Map<String, Object> c = container(named("Deployment", service));
        assertThat(Yamls.string(c, "ports", 0, "name")).isEqualTo("http");
        assertThat(Yamls.at(c, "ports", 0, "containerPort")).as("%s %s containerPort = quarkus.http.port", where, service)
                .isEqualTo(app.httpPort());
        assertThat(app.servesDefaultHealthPaths()).isTrue();
        assertThat(Yamls.string(c, "readinessProbe", "httpGet", "path")).isEqualTo("/q/health/ready");
        assertThat(Yamls.string(c, "livenessProbe", "httpGet", "path")).isEqualTo("/q/health/live");
        assertThat(Yamls.string(c, "startupProbe", "httpGet", "path")).isEqualTo("/q/health/started");
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            Object port = Yamls.at(c, probe, "httpGet", "port");
            assertThat(port).as("%s %s %s port", where, service, probe).isIn("http", app.httpPort());
        }
        Map<String, Object> svc = named("Service", service);
        assertThat(Yamls.string(svc, "spec", "ports", 0, "targetPort")).isEqualTo("http");
        assertThat(Yamls.map(svc, "spec", "selector")).isEqualTo(Yamls.map(named("Deployment", service), "spec", "selector", "matchLabels"));
        assertThat(Yamls.string(named("Deployment", service), "spec", "template", "metadata", "annotations", "prometheus.io/port"))
                .isEqualTo(Integer.toString(app.httpPort()));
    }

    /** Every env key of the container (its env and the ConfigMaps and Secrets it takes whole) is a config key. */
    Map<String, String> envKeysAreConfigKeys(String service) {
        PackagedService app = PackagedService.of(service);
        Map<String, Object> c = container(named("Deployment", service));
        Map<String, String> env = new HashMap<>();
        for (Object from : Yamls.list(c, "envFrom")) {
            String cm = Yamls.string(from, "configMapRef", "name");
            String secret = Yamls.string(from, "secretRef", "name");
            Map<String, Object> source = cm != null ? Yamls.map(named("ConfigMap", cm), "data")
                    : Yamls.map(named("Secret", secret), secret != null && Yamls.at(named("Secret", secret), "stringData") != null
                            ? "stringData" : "data");
            assertThat(source).as("%s: %s's envFrom %s", where, service, from).isNotEmpty();
            source.forEach((k, v) -> env.put(k, String.valueOf(v)));
        }
        for (Object e : Yamls.list(c, "env")) env.put(Yamls.string(e, "name"), Yamls.string(e, "value"));
        assertThat(env).containsKeys("KAFKA_BOOTSTRAP_SERVERS", "LATENTPATCH_STORAGE_ENDPOINT", "LATENTPATCH_STORAGE_ACCESS_KEY",
                "LATENTPATCH_STORAGE_SECRET_KEY");
        for (String key : env.keySet()) {
            assertThat(app.configKeys().acceptsEnv(key)).as("%s: %s's env key %s is the env form of one of its config keys", where,
                    service, key).isTrue();
        }
        if (Repo.WORKERS.contains(service)) {
            Object mount = Yamls.list(c, "volumeMounts").stream().filter(m -> "models".equals(Yamls.string(m, "name"))).findFirst()
                    .orElseThrow(() -> new AssertionError(where + ": " + service + " mounts no models volume"));
            assertThat(Yamls.string(mount, "mountPath")).isEqualTo(env.get("LATENTPATCH_MODELS_DIR"));
            assertThat(Yamls.at(mount, "readOnly")).isEqualTo(true);
        }
        return env;
    }

    void everyDeploymentHasADisruptionBudget() {
        for (String service : Repo.SERVICES) {
            Map<String, Object> pdb = named("PodDisruptionBudget", service);
            assertThat(Yamls.map(pdb, "spec", "selector", "matchLabels"))
                    .isEqualTo(Yamls.map(named("Deployment", service), "spec", "selector", "matchLabels"));
        }
    }

    Map<String, Integer> topicsAreTheContracts() {
        Map<String, Integer> partitions = new HashMap<>();
        for (Map<String, Object> t : kind("KafkaTopic")) {
            partitions.put(Yamls.string(t, "spec", "topicName"), (Integer) Yamls.at(t, "spec", "partitions"));
            assertThat(Yamls.string(t, "metadata", "labels", "strimzi.io/cluster")).isNotBlank();
        }
        assertThat(partitions.keySet()).as("%s KafkaTopics", where).containsExactlyInAnyOrderElementsOf(Topics.ALL);
        return partitions;
    }

    /** KEDA: the worker's own group and topic, the shared bootstrap servers, replicas within the partitions. */
    void scaledObjectsFollowTheWorkersGroups() {
        Map<String, Integer> partitions = topicsAreTheContracts();
        String bootstrap = Yamls.string(named("ConfigMap", "latentpatch-kafka"), "data", "KAFKA_BOOTSTRAP_SERVERS");
        Set<String> targets = new TreeSet<>();
        for (Map<String, Object> so : kind("ScaledObject")) targets.add(Yamls.string(so, "spec", "scaleTargetRef", "name"));
        assertThat(targets).as("%s ScaledObjects", where).containsExactlyInAnyOrderElementsOf(Repo.WORKERS);
        for (String worker : Repo.WORKERS) {
            Map<String, Object> so = named("ScaledObject", worker);
            List<PackagedService.Channel> channels = List.copyOf(PackagedService.of(worker).incoming().values());
            assertThat(channels).as("%s consumes one topic", worker).hasSize(1);
            PackagedService.Channel in = channels.getFirst();
            assertThat(Yamls.list(so, "spec", "triggers")).hasSize(1);
            Object trigger = Yamls.at(so, "spec", "triggers", 0);
            assertThat(Yamls.string(trigger, "type")).isEqualTo("kafka");
            assertThat(Yamls.string(trigger, "metadata", "consumerGroup")).as("%s %s consumerGroup", where, worker).isEqualTo(in.groupId());
            assertThat(Yamls.string(trigger, "metadata", "topic")).as("%s %s topic", where, worker).isEqualTo(in.topic());
            assertThat(Topics.PIPELINE).contains(in.topic());
            assertThat(Yamls.string(trigger, "metadata", "bootstrapServers")).isEqualTo(bootstrap);
            assertThat(Yamls.string(trigger, "metadata", "offsetResetPolicy"))
                    .isEqualTo(PackagedService.of(worker).property("mp.messaging.incoming." + in.name() + ".auto.offset.reset"));
            assertThat(Integer.parseInt(Yamls.string(trigger, "metadata", "lagThreshold"))).isPositive();
            int min = (Integer) Yamls.at(so, "spec", "minReplicaCount");
            int max = (Integer) Yamls.at(so, "spec", "maxReplicaCount");
            assertThat(min).as("%s %s minReplicaCount", where, worker).isEqualTo(worker.equals("decoder-worker") ? 0 : 1);
            assertThat(max).as("%s %s maxReplicaCount <= partitions of %s", where, worker, in.topic())
                    .isGreaterThan(min).isLessThanOrEqualTo(partitions.get(in.topic()));
        }
    }

    void all() {
        deploymentsAreTheFourServices();
        for (String s : Repo.SERVICES) {
            portsAndProbesMatch(s);
            envKeysAreConfigKeys(s);
        }
        everyDeploymentHasADisruptionBudget();
        scaledObjectsFollowTheWorkersGroups();
    }
}
