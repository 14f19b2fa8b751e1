package io.latentpatch.gateway.access;

/**
 * A token bucket: holds at most {@code burst} tokens, refilled at {@code ratePerSecond}; each request takes one.
 * Thread-safe; time comes from the caller (nanoseconds from any monotonic origin), so tests drive it.
 */
public final class TokenBucket {

    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long last;

    public TokenBucket(double ratePerSecond, int burst, long nowNanos) {
        if (!(ratePerSecond > 0)) throw new IllegalArgumentException("requests-per-second must be > 0, got " + ratePerSecond);
        if (burst < 1) throw new IllegalArgumentException("burst must be >= 1, got " + burst);
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /** Takes a token: 0 when one was there, else the nanoseconds until one will be (nothing is taken then). */
    public synchronized long tryTake(long nowNanos) {
        if (nowNanos > last) {
            tokens = Math.min(burst, tokens + (nowNanos - last) * ratePerNano);
            last = nowNanos;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / ratePerNano);
    }
}
