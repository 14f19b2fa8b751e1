package io.latentpatch.gateway;

import io.latentpatch.service.RetrySettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Everything the gateway can be tuned with, under {@code latentpatch.gateway}. Storage, models and
 * Kafka have their own shared keys ({@code latentpatch.storage.*}, {@code latentpatch.models.*},
 * {@code kafka.bootstrap.servers}); topics are fixed by {@code io.latentpatch.contracts.Topics}.
 *
 * <p>The HTTP body limit {@code quarkus.http.limits.max-body-size} (application.properties) must stay
 * above {@link SourceSets#maxTotalBytes()} plus multipart overhead, or large uploads are cut off
 * with 413 before these checks run.
 */
@ConfigMapping(prefix = "latentpatch.gateway")
public interface GatewayConfig {

    /** Limits on uploaded source sets (multipart or inline images). */
    SourceSets sourceSets();

    /** Limits and defaults of job submission. */
    Jobs jobs();

    /** Server-sent event streams of job status. */
    Sse sse();

    /** The consumer that folds job events into status documents. */
    StatusWriter statusWriter();

    /** When a job counts as stalled (shown in its status and in {@code latentpatch.gateway.jobs.stalled}). */
    Stall stall();

    /**
     * Stalled work: a job whose progress has not moved for {@link #after()} while the consumer group of a stage it
     * still needs has no members, or has records waiting and did not commit any since the previous poll.
     */
    interface Stall {
        /** How long a job's progress must stand still before it can be stalled. */
        @WithDefault("2m")
        Duration after();

        /** How often the consumer groups' members, lag and committed offsets are read (Kafka admin client). */
        @WithDefault("10s")
        Duration pollInterval();
    }

    /** Source-set upload limits. */
    interface SourceSets {
        /** Fewest images a source set may hold (the sampler needs at least 2 candidates). */
        @WithDefault("2")
        int minImages();

        /** Most images a source set may hold. */
        @WithDefault("512")
        int maxImages();

        /** Largest single image file, in bytes (20 MiB). */
        @WithDefault("20971520")
        long maxImageBytes();

        /** Largest width × height of one image, read from its header before decoding (40 Mpx). */
        @WithDefault("40000000")
        long maxImagePixels();

        /** Largest sum of the image files of one set, in bytes (128 MiB). */
        @WithDefault("134217728")
        long maxTotalBytes();

        /** Largest labels file (CSV or JSON), in bytes (1 MiB). */
        @WithDefault("1048576")
        int maxLabelsBytes();
    }

    /** Job submission limits and defaults. */
    interface Jobs {
        /** Most images one job may generate. */
        @WithDefault("256")
        int maxCount();

        /** Model used when a submission names none. */
        @WithDefault("pixel-f16")
        String defaultModel();

        /** Most inline (base64) images one submission may carry; larger sets go through POST /v1/source-sets. */
        @WithDefault("64")
        int maxInlineImages();
    }

    /** Server-sent events. */
    interface Sse {
        /** How often a stream re-reads the status document when no local change notification arrives. */
        @WithDefault("250ms")
        Duration pollInterval();

        /** A stream ends after this long even when the job has not finished (clients reconnect). */
        @WithDefault("1h")
        Duration maxDuration();
    }

    /**
     * Status writer (consumer of latentpatch.events): attempts to apply one event while the object store
     * is unavailable, its only retry layer; after the last one the event goes to the dead-letter topic.
     * With the defaults about 25 s of waiting (0.5 + 1 + 2 + 4 + 8 + 10 s).
     */
    interface StatusWriter extends RetrySettings {
        @Override
        @WithDefault("7")
        int maxAttempts();
    }

    /**
     * Retries of each object-store call made while serving a request (uploads, submissions, reads): the
     * request path's only retry layer, kept short so a client gets a 503 problem quickly when the store is down.
     */
    StoreRetry storeRetry();

    /** Request-path store retries: 3 attempts, 200 ms then 400 ms. */
    interface StoreRetry extends RetrySettings {
        @Override
        @WithDefault("3")
        int maxAttempts();

        @Override
        @WithDefault("200ms")
        Duration initialBackoff();

        @Override
        @WithDefault("2s")
        Duration maxBackoff();

        @Override
        @WithDefault("50ms")
        Duration jitter();
    }
}
