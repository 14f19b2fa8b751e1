package io.latentpatch.service;

import io.latentpatch.storage.MinioObjectStore;
import io.latentpatch.storage.ObjectStore;
import io.latentpatch.storage.StoreException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: the object store answers a metadata request on the bucket. */
@Readiness
@ApplicationScoped
public class ObjectStoreHealthCheck implements HealthCheck {
    static final String PROBE_KEY = "health/probe";

    @Inject
    ObjectStore store;

    @Override
    public HealthCheckResponse call() {
        try {
            // A bucket missing because the store was down at start-up is created here, once the store answers.
            if (store instanceof MinioObjectStore minio) minio.ensureBucket();
            store.stat(PROBE_KEY);
            return HealthCheckResponse.named("object-store").up().withData("bucket", store.bucket()).build();
        } catch (StoreException e) {
            return HealthCheckResponse.named("object-store").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
