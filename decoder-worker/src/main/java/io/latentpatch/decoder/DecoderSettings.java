package io.latentpatch.decoder;

import io.latentpatch.worker.WorkerSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * Configuration of the decoder worker (prefix {@code latentpatch.decoder}): the keys every worker has
 * ({@link WorkerSettings}) plus batching. Kafka topics and client settings are in application.properties;
 * the object store and models (including the execution provider, {@code latentpatch.models.provider} =
 * auto | cpu | cuda) come from {@code latentpatch.storage.*} and {@code latentpatch.models.*}.
 */
@ConfigMapping(prefix = "latentpatch.decoder")
public interface DecoderSettings {
    /** The keys every worker has, directly under {@code latentpatch.decoder}. */
    @WithParentName
    WorkerSettings worker();

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
}
