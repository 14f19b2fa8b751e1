package io.latentpatch.encoder;

import io.latentpatch.worker.WorkerSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * Configuration of the encoder worker (prefix {@code latentpatch.encoder}): the keys every worker has
 * ({@link WorkerSettings}: worker-name, preload-models, publish-window, send-timeout, retry.*). Kafka
 * topics and client settings are in application.properties; the object store and models come from
 * {@code latentpatch.storage.*} and {@code latentpatch.models.*}.
 */
@ConfigMapping(prefix = "latentpatch.encoder")
public interface EncoderSettings {
    /** The keys every worker has, directly under {@code latentpatch.encoder}. */
    @WithParentName
    WorkerSettings worker();

    /**
     * Threads that read and normalise a set's source images ahead of the encoder (at most this many images
     * ahead) and store their normalised PNGs while the next image encodes; the codec itself runs one image at a
     * time, so latents do not depend on it.
     */
    @WithDefault("4")
    int ioThreads();
}
