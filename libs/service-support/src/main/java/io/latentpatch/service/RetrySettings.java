package io.latentpatch.service;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Bounded exponential backoff for one call path (a worker's step, the gateway's status writer). Wait
 * {@code n} (1-based) is {@code initialBackoff · 2^(n−1)}, at most {@code maxBackoff}, ±{@code jitter}.
 * With the defaults a step is tried 7 times over about 25.5 s of waiting (0.5 + 1 + 2 + 4 + 8 + 10 s), so that a
 * store or broker restart of a few seconds (docs/reliability.md: 10 s outages) is waited out, not failed.
 */
public interface RetrySettings {
    /** Attempts in all, including the first. */
    @WithDefault("7")
    int maxAttempts();

    /** Wait after the first failed attempt; doubles per attempt. */
    @WithDefault("500ms")
    Duration initialBackoff();

    /** Longest wait between attempts. */
    @WithDefault("10s")
    Duration maxBackoff();

    /** Random variation of each wait (so that replicas do not retry in step). */
    @WithDefault("100ms")
    Duration jitter();
}
