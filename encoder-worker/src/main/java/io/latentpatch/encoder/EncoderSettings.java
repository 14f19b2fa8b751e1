package io.latentpatch.encoder;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Configuration of the encoder worker (prefix {@code latentpatch.encoder}). Kafka topics and client
 * settings are in application.properties; the object store and models come from
 * {@code latentpatch.storage.*} and {@code latentpatch.models.*} (service-support).
 */
@ConfigMapping(prefix = "latentpatch.encoder")
public interface EncoderSettings {
    /** This replica's name in events and logs; default: the host name. */
    Optional<String> workerName();

    /** Models opened at start-up so the first job does not wait for them (e.g. {@code taef2}); default none. */
    Optional<List<String>> preloadModels();

    /** Sample tasks sent before waiting for the broker to acknowledge them (a fan-out window). */
    @WithDefault("100")
    int publishWindow();

    /** Longest wait for the broker to acknowledge one window of sends. */
    @WithDefault("30s")
    Duration sendTimeout();

    /** Retries of a whole job step on transient failures (store outage, broker not acknowledging). */
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
