package io.latentpatch.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the worker has opened and warmed up its start-up models ({@link ModelCatalog#preload}), so the
 * first message it takes after reporting ready pays for neither. DOWN from process start until then.
 */
@Readiness
@ApplicationScoped
public class ModelsReadyCheck implements HealthCheck {
    @Inject
    ModelCatalog models;

    @Override
    public HealthCheckResponse call() {
        boolean ready = models.preloaded();
        return HealthCheckResponse.named("models").status(ready).withData("opened", String.join(",", models.opened()))
                .withData("state", ready ? "warm" : "warming up").build();
    }
}
