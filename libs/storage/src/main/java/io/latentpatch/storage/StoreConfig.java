package io.latentpatch.storage;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Where and how to reach the object store.
 *
 * @param endpoint       base URL, e.g. {@code http://127.0.0.1:9000} (path-style requests are used)
 * @param accessKey      S3 access key
 * @param secretKey      S3 secret key (never printed: see {@link #toString()})
 * @param bucket         the bucket every key lives in, e.g. {@code latentpatch}
 * @param region         signing region; {@value #DEFAULT_REGION} for MinIO and S3Proxy
 */
public record StoreConfig(String endpoint, String accessKey, String secretKey, String bucket, String region) {

    /** Region used when none is given. */
    public static final String DEFAULT_REGION = "us-east-1";
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
    }

    /** A config with the default region. */
    public static StoreConfig of(String endpoint, String accessKey, String secretKey, String bucket) {
        return new StoreConfig(endpoint, accessKey, secretKey, bucket, DEFAULT_REGION);
    }

    /** This config for another bucket. */
    public StoreConfig withBucket(String bucket) {
        return new StoreConfig(endpoint, accessKey, secretKey, bucket, region);
    }

    /** Everything but the secret key. */
    @Override
    public String toString() {
        return "StoreConfig[endpoint=" + endpoint + ", accessKey=" + accessKey + ", secretKey=***, bucket=" + bucket
                + ", region=" + region + "]";
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
