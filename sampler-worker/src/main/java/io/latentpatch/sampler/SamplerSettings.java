package io.latentpatch.sampler;

import io.latentpatch.worker.WorkerSettings;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * Configuration of the sampler worker (prefix {@code latentpatch.sampler}): the keys every worker has
 * ({@link WorkerSettings}) plus concurrency and the bank cache. Kafka topics and client settings are in
 * application.properties; the object store and models come from {@code latentpatch.storage.*} and
 * {@code latentpatch.models.*}.
 */
@ConfigMapping(prefix = "latentpatch.sampler")
public interface SamplerSettings {
    /** The keys every worker has, directly under {@code latentpatch.sampler}. */
    @WithParentName
    WorkerSettings worker();

    /**
     * Tasks sampled at once (one thread each). Read by application.properties for the worker pool
     * ({@code smallrye.messaging.worker.sampler-pool.max-concurrency}); keep both defaults equal.
     */
    @WithDefault("2")
    int concurrency();

    /**
     * Threads that store a sampled image's latent, provenance and report concurrently (three store round
     * trips per image, for every task in flight).
     */
    @WithDefault("4")
    int ioThreads();

    /** The in-memory cache of loaded source sets and planned banks. */
    Cache cache();

    /** Bounds of the bank cache (Caffeine); entries least likely to be used again go first. */
    interface Cache {
        /** Most entries (loaded source sets and planned banks count one each). */
        @WithDefault("16")
        int maxEntries();

        /** Most memory held, estimated from the float arrays (e.g. {@code 512M}, {@code 2G}). */
        @WithDefault("512M")
        MemorySize maxBytes();
    }
}
