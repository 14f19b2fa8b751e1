package io.latentpatch.pipeline.stage;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded retries with exponential backoff, for a whole stage step (the store client already retries
 * single calls; this covers outages longer than that and failed publishes). Attempt n (1-based) waits
 * {@code initialBackoff · 2^(n−1)}, at most {@code maxBackoff}, before attempt n + 1.
 *
 * @param maxAttempts    attempts in all, ≥ 1
 * @param initialBackoff wait after the first failure, ≥ 0
 * @param maxBackoff     longest single wait, ≥ initialBackoff
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** How the policy waits; tests replace it. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("retry max attempts must be >= 1, got " + maxAttempts);
        if (initialBackoff.isNegative()) throw new IllegalArgumentException("initial backoff must be >= 0, got " + initialBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("max backoff " + maxBackoff + " is shorter than the initial backoff " + initialBackoff);
        }
    }

    /** The wait after failed attempt {@code attempt} (1-based). */
    public Duration backoff(int attempt) {
        Duration d = initialBackoff;
        for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    /**
     * Runs {@code action}, retrying while it throws an exception {@code isTransient} accepts and
     * attempts remain; the last exception (or any other one) is rethrown.
     *
     * @throws RetriesInterruptedException when interrupted while waiting (the interrupt flag is set again)
     */
    public <T> T run(Supplier<T> action, Predicate<Throwable> isTransient, Sleeper sleeper) {
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                if (attempt >= maxAttempts || !isTransient.test(e)) throw e;
                try {
                    sleeper.sleep(backoff(attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new RetriesInterruptedException(e);
                }
            }
        }
    }

    /** Thread.sleep. */
    public static void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    /** Waiting for the next attempt was interrupted (shutdown); carries the last failure. */
    public static final class RetriesInterruptedException extends RuntimeException {
        public RetriesInterruptedException(RuntimeException last) {
            super("interrupted while waiting to retry after: " + last.getMessage(), last);
        }
    }
}
