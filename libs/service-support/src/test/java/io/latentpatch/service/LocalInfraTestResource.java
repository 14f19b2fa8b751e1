package io.latentpatch.service;

import io.latentpatch.localstack.LocalInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the real local infrastructure: a Kafka broker in KRaft mode and an
 * S3Proxy server, both child JVMs started once per test JVM ({@link LocalInfra#shared()}) and stopped
 * at its exit. Use with {@code @QuarkusTestResource(LocalInfraTestResource.class)}.
 *
 * <p>The models directory points at {@code ../shared/models} beside the repository (system property
 * {@code latentpatch.shared}, set by surefire/failsafe).
 */
public class LocalInfraTestResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        Map<String, String> props = new HashMap<>(LocalInfra.shared().properties());
        String shared = System.getProperty("latentpatch.shared");
        if (shared != null) props.put("latentpatch.models.dir", shared + "/models");
        return props;
    }

    @Override
    public void stop() {
        // LocalInfra.shared() stops at JVM exit, so several test classes reuse one broker and one S3 server.
    }
}
