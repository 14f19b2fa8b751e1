package io.latentpatch.worker;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import io.latentpatch.service.RetrySettings;
import io.smallrye.config.WithDefault;

/**
 * Settings every worker has, under its own prefix ({@code latentpatch.encoder.*}, {@code latentpatch.sampler.*},
 * {@code latentpatch.decoder.*}): each worker's {@code @ConfigMapping} includes this group with
 * {@code @WithParentName}, so the keys sit directly under the worker's prefix.
 */
public interface WorkerSettings {
    /** This replica's name in events and logs; default: the host name and process id. */
    Optional<String> workerName();

    /** Models opened at start-up so the first message does not wait for them (e.g. {@code taef2}); default none. */
    Optional<List<String>> preloadModels();

    /** Messages sent before waiting for the broker to acknowledge them (a fan-out window). */
    @WithDefault("100")
    int publishWindow();

    /** Longest wait for the broker to acknowledge one window of sends. */
    @WithDefault("30s")
    Duration sendTimeout();

    /** Retries of a whole step on transient failures (store outage, broker not acknowledging). */
    RetrySettings retry();
}
