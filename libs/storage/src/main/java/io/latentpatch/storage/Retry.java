package io.latentpatch.storage;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs an operation up to {@code maxAttempts} times while it fails with
 * {@link StoreUnavailableException}, sleeping {@code initialBackoff · 2^(n-1)} (capped, ±20 %
 * jitter so that replicas do not retry in step) before try {@code n + 1}. Any other exception ends
 * it at once.
 */
final class Retry {

    /** One attempt of an operation. */
    @FunctionalInterface
    interface Attempt<T> {
        T run();
    }

    /** Sleeps; replaced in tests. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Sleeper sleeper;

    Retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Sleeper sleeper) {
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.sleeper = sleeper;
    }

    static Retry of(StoreConfig config) {
        return new Retry(config.maxAttempts(), config.initialBackoff(), StoreConfig.MAX_BACKOFF,
                d -> Thread.sleep(d.toMillis(), (int) (d.toNanosPart() % 1_000_000)));
    }

    <T> T run(Attempt<T> attempt) {
        for (int n = 1; ; n++) {
            try {
                return attempt.run();
            } catch (StoreUnavailableException e) {
                if (n >= maxAttempts) {
                    throw e.afterAttempts(n);
                }
                pause(backoff(n), e, n);
            } catch (StoreException e) {
                throw n == 1 ? e : e.afterAttempts(n);
            }
        }
    }

    /** The nominal pause after failed try {@code n} (1-based), before jitter. */
    Duration backoff(int n) {
        long nanos = initialBackoff.toNanos();
        for (int i = 1; i < n && nanos < maxBackoff.toNanos(); i++) {
            nanos *= 2;
        }
        return Duration.ofNanos(Math.min(nanos, maxBackoff.toNanos()));
    }

    private void pause(Duration nominal, StoreUnavailableException cause, int n) {
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        try {
            sleeper.sleep(Duration.ofNanos((long) (nominal.toNanos() * jitter)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            StoreException interrupted = new StoreException("interrupted while waiting to retry: " + cause.getMessage(), e);
            interrupted.addSuppressed(cause);
            throw interrupted.afterAttempts(n);
        }
    }
}
