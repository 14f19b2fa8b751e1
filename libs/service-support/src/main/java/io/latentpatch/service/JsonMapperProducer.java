package io.latentpatch.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentpatch.contracts.JsonCodec;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Makes the contracts' one configured mapper the services' CDI {@code ObjectMapper}, so REST bodies,
 * problem documents and messages are read and written by the same mapper (it replaces Quarkus's default bean).
 */
public class JsonMapperProducer {

    @Produces
    @Singleton
    ObjectMapper objectMapper() {
        return JsonCodec.shared().mapper();
    }
}
