package io.latentpatch.service;

import io.smallrye.faulttolerance.api.Guard;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

/**
 * One retry layer for one call path, on SmallRye Fault Tolerance: retries while the failure is
 * transient ({@link KafkaRecords#isTransient}: store outage, broker timeout), with the bounded
 * exponential backoff of {@link RetrySettings}; anything else, or the last failure, is rethrown as is.
 * The store client and the Kafka sends underneath do not retry on their own, so attempts never multiply.
 */
public final class Retries {
    private final Guard guard;
    private final int maxAttempts;

    private Retries(Guard guard, int maxAttempts) {
        this.guard = guard;
        this.maxAttempts = maxAttempts;
    }

    /** A guard named {@code description} (it names the guard in fault-tolerance metrics and logs). */
    public static Retries of(String description, RetrySettings settings) {
        if (settings.maxAttempts() < 1) {
            throw new IllegalArgumentException("retry max-attempts must be >= 1, got " + settings.maxAttempts());
        }
        if (settings.maxBackoff().compareTo(settings.initialBackoff()) < 0) {
            throw new IllegalArgumentException("retry max-backoff " + settings.maxBackoff() + " is shorter than initial-backoff "
                    + settings.initialBackoff());
        }
        Guard guard = Guard.create()
                .withDescription(description)
                .withRetry()
                    .maxRetries(settings.maxAttempts() - 1)
                    .delay(settings.initialBackoff().toMillis(), ChronoUnit.MILLIS)
                    .jitter(Math.min(settings.jitter().toMillis(), settings.initialBackoff().toMillis()), ChronoUnit.MILLIS)
                    .maxDuration(1, ChronoUnit.DAYS) // bounded by attempts: a long step (encoding hundreds of images) keeps its retries
                    .whenException(KafkaRecords::isTransient)
                    .withExponentialBackoff()
                        .factor(2)
                        .maxDelay(settings.maxBackoff().toMillis(), ChronoUnit.MILLIS)
                        .done()
                    .done()
                .build();
        return new Retries(guard, settings.maxAttempts());
    }

    /** Runs {@code action} under the guard. */
    public <T> T get(Supplier<T> action) {
        @SuppressWarnings("unchecked")
        Class<T> any = (Class<T>) Object.class;
        return guard.get(action, any);
    }

    /** Runs {@code action} under the guard. */
    public void run(Runnable action) {
        get(() -> {
            action.run();
            return null;
        });
    }

    /** Attempts in all, including the first. */
    public int maxAttempts() {
        return maxAttempts;
    }
}
