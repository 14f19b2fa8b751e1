package io.latentpatch.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the object store is (any S3 API: MinIO, S3Proxy, AWS). Shared by all four services. A store
 * call is one attempt: each service retries on its own call paths ({@link Retries}).
 */
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
}
