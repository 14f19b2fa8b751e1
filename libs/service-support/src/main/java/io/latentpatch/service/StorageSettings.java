package io.latentpatch.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Where the object store is (any S3 API: MinIO, S3Proxy, AWS). Shared by all four services. */
@ConfigMapping(prefix = "latentpatch.storage")
public interface StorageSettings {
    /** S3 endpoint URL. */
    @WithDefault("http://127.0.0.1:9000")
    String endpoint();

    /** Access key (S3 identity). */
    @WithDefault("latentpatch")
    String accessKey();

    /** Secret key (S3 credential). */
    @WithDefault("latentpatch-secret")
    String secretKey();

    /** Bucket holding every object of the system; created when missing. */
    @WithDefault("latentpatch")
    String bucket();

    /** Region used for request signing. */
    @WithDefault("us-east-1")
    String region();

    /** Attempts per store call on transient errors (connection refused, timeouts, 5xx). */
    @WithDefault("4")
    int maxAttempts();

    /** First retry delay; doubles per attempt. */
    @WithDefault("200ms")
    Duration initialBackoff();
}
