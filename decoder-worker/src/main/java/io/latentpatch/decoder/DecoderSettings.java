package io.latentpatch.decoder;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Configuration of the decoder worker (prefix {@code latentpatch.decoder}). Kafka topics and client
 * settings are in application.properties; the object store and models (including the execution
 * provider, {@code latentpatch.models.provider} = auto | cpu | cuda) come from service-support.
 */
@ConfigMapping(prefix = "latentpatch.decoder")
public interface DecoderSettings {
    /** This replica's name in events and logs; default: the host name. */
    Optional<String> workerName();

    /**
     * Most decode tasks taken into one batch (one codec call per model). Read by application.properties
     * as the consumer's {@code max.poll.records}; keep both defaults equal.
     */
    @WithDefault("16")
    int maxBatch();

    /**
     * Longest time in milliseconds the broker holds a fetch to fill a batch (read by
     * application.properties as the consumer's {@code fetch.max.wait.ms}; {@code fetch.min.bytes} there is
     * about a full batch of tasks): the latency a lone task may pay for batching. Keep both defaults equal.
     */
    @WithDefault("50")
    int maxWaitMs();

    /**
     * Threads that load latents and store PNGs of a batch concurrently (store round trips and PNG
     * encoding would otherwise run one after the other); the decode itself is one call.
     */
    @WithDefault("4")
    int ioThreads();

    /** Models opened at start-up so the first batch does not wait for them (e.g. {@code taef2}); default none. */
    Optional<List<String>> preloadModels();

    /** Events sent before waiting for the broker to acknowledge them. */
    @WithDefault("100")
    int publishWindow();

    /** Longest wait for the broker to acknowledge one window of sends. */
    @WithDefault("30s")
    Duration sendTimeout();

    /** Retries of a whole batch on transient failures (store outage, broker not acknowledging). */
    Retry retry();

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
