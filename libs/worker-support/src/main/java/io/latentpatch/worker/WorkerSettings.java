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

    /**
     * Models opened at start-up, before the worker reports ready, so the first message does not wait for them:
     * {@code all} (every built-in codec and every model directory under {@code latentpatch.models.dir}),
     * {@code none}, or names (e.g. {@code taef2,pixel-f16}).
     */
    @WithDefault("all")
    List<String> preloadModels();

    /**
     * Runs the network this worker uses (encoder or decoder) once per preloaded model on a blank input at
     * start-up, so the first job does not pay for ONNX Runtime's first run either.
     */
    @WithDefault("true")
    boolean warmUp();

    /**
     * Built-in jobs (8 portraits, 4 outputs, codec pixel-f8, an in-memory store: nothing leaves the process) run through
     * this worker's stage code at start-up, before it reports ready, so the first real job does not run that code
     * in the interpreter while the JIT catches up; the second blends over latent cells as learned codecs do, the
     * first on the picture as pixel codecs do. 0 turns it off.
     */
    @WithDefault("2")
    int warmUpJobs();

    /** Messages sent before waiting for the broker to acknowledge them (a fan-out window). */
    @WithDefault("100")
    int publishWindow();

    /** Longest wait for the broker to acknowledge one window of sends. */
    @WithDefault("30s")
    Duration sendTimeout();

    /** Retries of a whole step on transient failures (store outage, broker not acknowledging). */
    RetrySettings retry();
}
