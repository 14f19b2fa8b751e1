package io.latentpatch.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.storage.ObjectNotFoundException;
import io.latentpatch.storage.StoreUnavailableException;
import org.junit.jupiter.api.Test;

class RetryingObjectStoreTest {
    private final MemoryStore memory = new MemoryStore();
    private final RetryingObjectStore store = new RetryingObjectStore(memory, Retries.of("test", RetriesTest.quick(3)));

    @Test
    void aBriefOutageIsRetriedAndTheCallSucceeds() {
        store.put("k", new byte[] {1}, null);
        memory.failNext(2);
        memory.calls.set(0);
        assertThat(store.get("k")).containsExactly(1);
        assertThat(memory.calls).hasValue(3);
    }

    @Test
    void aLongerOutageEndsWithTheStoresOwnErrorAfterTheAttempts() {
        memory.failNext(10);
        assertThatThrownBy(() -> store.list("x/")).isInstanceOf(StoreUnavailableException.class);
        assertThat(memory.calls).hasValue(3);
    }

    @Test
    void aMissingObjectIsNotRetried() {
        assertThatThrownBy(() -> store.get("nope")).isInstanceOf(ObjectNotFoundException.class);
        assertThat(memory.calls).hasValue(1);
        assertThat(store.find("nope")).isEmpty();
    }
}
