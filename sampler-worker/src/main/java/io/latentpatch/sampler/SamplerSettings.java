package io.latentpatch.sampler;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Configuration of the sampler worker (prefix {@code latentpatch.sampler}). Kafka topics and client
 * settings are in application.properties; the object store and models come from
 * {@code latentpatch.storage.*} and {@code latentpatch.models.*} (service-support).
 */
@ConfigMapping(prefix = "latentpatch.sampler")
public interface SamplerSettings {
    /** This replica's name in events and logs; default: the host name. */
    Optional<String> workerName();

    /**
     * Tasks sampled at once (one thread each). Read by application.properties for the worker pool
     * ({@code smallrye.messaging.worker.sampler-pool.max-concurrency}); keep both defaults equal.
     */
    @WithDefault("2")
    int concurrency();

    /** Longest wait for the broker to acknowledge a send. */
    @WithDefault("30s")
    Duration sendTimeout();

    /** The in-memory cache of loaded source sets and planned banks. */
    Cache cache();

    /** Retries of a task on transient failures (store outage, broker not acknowledging). */
    Retry retry();

    /** Bounds of the bank cache; the least recently used entries go first. */
    interface Cache {
        /** Most entries (loaded source sets and planned banks count one each). */
        @WithDefault("16")
        int maxEntries();

        /** Most memory held, estimated from the float arrays (e.g. {@code 512M}, {@code 2G}). */
        @WithDefault("512M")
        MemorySize maxBytes();
    }

    /** Bounded exponential backoff. */
    interface Retry {
        /** Attempts in all, including the first. */
        @WithDefault("4")
        int maxAttempts();

        /** Wait after the first failed attempt; doubles per attempt. */
        @WithDefault("500ms")
        Duration initialBackoff();

        /** Longest wait between attempts. */
        @WithDefault("10s")
        Duration maxBackoff();
    }
}
