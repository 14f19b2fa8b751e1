package io.latentpatch.service;

import io.latentpatch.storage.MinioObjectStore;
import io.latentpatch.storage.ObjectStore;
import io.latentpatch.storage.StoreConfig;
import io.latentpatch.storage.StoreException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/** The one {@link ObjectStore} client of a service, built from {@link StorageSettings} and reused. */
@ApplicationScoped
public class ObjectStoreProducer {
    private static final Logger LOG = Logger.getLogger(ObjectStoreProducer.class);

    @Produces
    @ApplicationScoped
    ObjectStore objectStore(StorageSettings settings) {
        StoreConfig config = new StoreConfig(settings.endpoint(), settings.accessKey(), settings.secretKey(),
                settings.bucket(), settings.region());
        MinioObjectStore store = MinioObjectStore.create(config);
        try {
            store.ensureBucket();
        } catch (StoreException e) {
            // Start anyway: readiness reports the store as down until it answers, and each call path retries.
            LOG.warnf("object store %s not reachable at start-up: %s", settings.endpoint(), e.getMessage());
        }
        return store;
    }

    void close(@Disposes ObjectStore store) throws Exception {
        store.close();
    }
}
