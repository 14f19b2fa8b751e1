package io.latentpatch.service;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Bounded exponential backoff for one call path (a worker's step, the gateway's status writer). Wait
 * {@code n} (1-based) is {@code initialBackoff · 2^(n−1)}, at most {@code maxBackoff}, ±{@code jitter}.
 * With the defaults a step is tried 4 times over about 3.5 s of waiting (0.5 + 1 + 2 s).
 */
public interface RetrySettings {
    /** Attempts in all, including the first. */
    @WithDefault("4")
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
