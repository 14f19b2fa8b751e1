package io.latentpatch.gateway;

import io.latentpatch.service.Retries;
import io.latentpatch.service.RetryingObjectStore;
import io.latentpatch.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Qualifier;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The object store as request handlers use it: each call retried briefly
 * ({@code latentpatch.gateway.store-retry.*}), the request path's one retry layer. The status writer
 * uses the plain store under its own retries instead.
 */
@ApplicationScoped
public class RequestPathStore {

    /** Marks the request path's store. */
    @Qualifier
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE})
    public @interface RequestPath {}

    @Produces
    @ApplicationScoped
    @RequestPath
    ObjectStore requestPathStore(ObjectStore store, GatewayConfig config) {
        return new RetryingObjectStore(store, Retries.of("gateway-store", config.storeRetry()));
    }
}
