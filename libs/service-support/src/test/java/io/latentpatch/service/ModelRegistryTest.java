package io.latentpatch.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentpatch.contracts.ModelInfo;
import io.latentpatch.contracts.ObjectKeys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ModelRegistryTest {
    private final MemoryStore store = new MemoryStore();
    private final ModelRegistry registry = new ModelRegistry(store);

    @Test
    void aPublishedModelIsFoundAndListed() {
        assertThat(registry.find("taef2")).isEmpty();
        ModelInfo taef2 = ModelInfo.of("taef2", 32, 8, 256, "encoder-1", Instant.parse("2026-12-01T00:00:00Z"));
        registry.publish(taef2);
        registry.publish(ModelInfo.of("pixel-f16", 768, 16, 256, "encoder-1", Instant.EPOCH));
        assertThat(registry.find("taef2")).contains(taef2);
        assertThat(registry.find("taef2").get().gridSize()).isEqualTo(32);
        assertThat(registry.available()).containsExactly("pixel-f16", "taef2");
    }

    @Test
    void republishingTheSameShapeDoesNotRewriteTheEntry() {
        ModelInfo first = ModelInfo.of("taef2", 32, 8, 256, "encoder-1", Instant.EPOCH);
        registry.publish(first);
        registry.publish(ModelInfo.of("taef2", 32, 8, 256, "encoder-2", Instant.now()));
        assertThat(registry.find("taef2")).contains(first);
        registry.publish(ModelInfo.of("taef2", 32, 8, 512, "encoder-3", Instant.now()));
        assertThat(registry.find("taef2").get().imageSize()).isEqualTo(512);
    }

    @Test
    void namesThatAreNotIdsAndUnreadableEntriesAreUnknown() {
        assertThat(registry.find("../secrets")).isEmpty();
        assertThat(registry.find(null)).isEmpty();
        store.put(ObjectKeys.modelInfo("broken"), "{not json".getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(registry.find("broken")).isEmpty();
    }
}
