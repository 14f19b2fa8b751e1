package io.latentpatch.storage;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Where and how to reach the object store.
 *
 * @param endpoint       base URL, e.g. {@code http://127.0.0.1:9000} (path-style requests are used)
 * @param accessKey      S3 access key
 * @param secretKey      S3 secret key (never printed: see {@link #toString()})
 * @param bucket         the bucket every key lives in, e.g. {@code latentpatch}
 * @param region         signing region; {@value #DEFAULT_REGION} for MinIO and S3Proxy
 * @param maxAttempts    tries per operation on transient errors, >= 1 (1 = no retry)
 * @param initialBackoff pause before the second try; doubled before each further try (capped at
 *                       {@link #MAX_BACKOFF}), with ±20 % jitter
 */
public record StoreConfig(String endpoint, String accessKey, String secretKey, String bucket, String region,
                          int maxAttempts, Duration initialBackoff) {

    /** Region used when none is given. */
    public static final String DEFAULT_REGION = "us-east-1";
    /** Default attempts per operation. */
    public static final int DEFAULT_MAX_ATTEMPTS = 4;
    /** Default first backoff. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    /** Longest pause between two tries. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public StoreConfig {
        require(endpoint, "endpoint");
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("endpoint must be an http(s) URL such as http://127.0.0.1:9000, got '"
                    + endpoint + "' (" + e.getMessage() + ")", e);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("endpoint must be an http(s) URL such as http://127.0.0.1:9000, got '"
                    + endpoint + "'");
        }
        require(accessKey, "accessKey");
        require(secretKey, "secretKey");
        require(bucket, "bucket");
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("bucket '" + bucket + "' is not a valid S3 bucket name: 3-63 characters"
                    + " from [a-z0-9.-], starting and ending with a letter or digit");
        }
        region = region == null || region.isBlank() ? DEFAULT_REGION : region;
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        initialBackoff = initialBackoff == null ? DEFAULT_INITIAL_BACKOFF : initialBackoff;
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("initialBackoff must be >= 0, got " + initialBackoff);
        }
    }

    /** A config with the default region, attempts and backoff. */
    public static StoreConfig of(String endpoint, String accessKey, String secretKey, String bucket) {
        return new StoreConfig(endpoint, accessKey, secretKey, bucket, DEFAULT_REGION, DEFAULT_MAX_ATTEMPTS,
                DEFAULT_INITIAL_BACKOFF);
    }

    /** This config with another retry policy. */
    public StoreConfig withRetry(int maxAttempts, Duration initialBackoff) {
        return new StoreConfig(endpoint, accessKey, secretKey, bucket, region, maxAttempts, initialBackoff);
    }

    /** This config for another bucket. */
    public StoreConfig withBucket(String bucket) {
        return new StoreConfig(endpoint, accessKey, secretKey, bucket, region, maxAttempts, initialBackoff);
    }

    /** Everything but the secret key. */
    @Override
    public String toString() {
        return "StoreConfig[endpoint=" + endpoint + ", accessKey=" + accessKey + ", secretKey=***, bucket=" + bucket
                + ", region=" + region + ", maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + "]";
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
