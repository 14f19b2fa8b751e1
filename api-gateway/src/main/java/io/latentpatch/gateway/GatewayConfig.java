package io.latentpatch.gateway;

import io.latentpatch.service.RetrySettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

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

    /** What each tenant may use; every tenant has its own allowance (defaults here, overrides per tenant). */
    Limits limits();

    /** How long source sets and jobs are kept. */
    Retention retention();

    /**
     * Per-tenant limits. Requests per second are counted by each gateway replica (with N replicas a tenant gets up
     * to N times the rate); the other limits are counted from the object store, so they hold across replicas
     * (two submissions racing on different replicas may both pass the last free slot).
     */
    interface Limits {
        /** Sustained API requests per second of one tenant (token bucket refill rate); over it: 429 with Retry-After. */
        @WithDefault("50")
        double requestsPerSecond();

        /** Requests one tenant may send at once before the rate applies (token bucket size). */
        @WithDefault("200")
        int burst();

        /** Jobs of one tenant queued or running at a time; one more: 429 with Retry-After. */
        @WithDefault("8")
        int concurrentJobs();

        /** Images one tenant may ask for per UTC day, summed over its accepted jobs; over it: 429 until midnight UTC. */
        @WithDefault("10000")
        int imagesPerDay();

        /** Bytes one tenant may keep in the store (uploads and results); an upload or job beyond it: 403. 10 GiB. */
        @WithDefault("10737418240")
        long storedBytes();

        /** Overrides for single tenants, by tenant name; a key left out keeps the default above. */
        Map<String, TenantOverride> tenants();
    }

    /** One tenant's overrides of {@link Limits} (images per job overrides {@code jobs.max-count}). */
    interface TenantOverride {
        OptionalDouble requestsPerSecond();

        OptionalInt burst();

        OptionalInt concurrentJobs();

        OptionalInt imagesPerJob();

        OptionalInt imagesPerDay();

        OptionalLong storedBytes();
    }

    /**
     * Retention: a sweeper in every gateway replica deletes source sets (with their latents and masks) whose
     * manifest is older than {@link #sourceSets()} and finished jobs older than {@link #jobs()}, every
     * {@link #sweepInterval()}. Deletes are idempotent, so replicas sweeping at once do no harm.
     */
    interface Retention {
        /** Whether the sweeper runs at all. */
        @WithDefault("true")
        boolean enabled();

        /** Age after which a source set is deleted. */
        @WithDefault("30d")
        Duration sourceSets();

        /** Age after which a finished job (and its results) is deleted; running jobs are kept. */
        @WithDefault("7d")
        Duration jobs();

        /** Time between sweeps (the first runs one interval after start). */
        @WithDefault("1h")
        Duration sweepInterval();

        /**
         * How long after a purge its second delete pass runs, removing what tasks in flight at the purge wrote after it
         * (longer than one task takes); {@code 0} leaves that to the sweep.
         */
        @WithDefault("30s")
        Duration purgeSettle();
    }

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
