package io.latentpatch.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemoryObjectStoreTest {
    private final MemoryObjectStore store = new MemoryObjectStore("b");

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void storesCopiesAndListsSortedByKey() {
        byte[] original = bytes("one");
        store.put("a/2", original, "text/plain");
        original[0] = 'X';
        store.put("a/1", new ByteArrayInputStream(bytes("two")), 3, null);
        store.put("b/1", bytes("three"), null);
        assertThat(new String(store.get("a/2"), StandardCharsets.UTF_8)).isEqualTo("one");
        byte[] out = store.get("a/2");
        out[0] = 'Y';
        assertThat(store.get("a/2")[0]).isEqualTo((byte) 'o');
        assertThat(store.list("a/")).extracting(ObjectInfo::key).containsExactly("a/1", "a/2");
        assertThat(store.stat("a/2")).get().extracting(ObjectInfo::size, ObjectInfo::contentType).containsExactly(3L, "text/plain");
        assertThat(store.stat("nope")).isEmpty();
        assertThatThrownBy(() -> store.get("nope")).isInstanceOf(ObjectNotFoundException.class);
        assertThat(store.find("nope")).isEmpty();
    }

    @Test
    void putIfAbsentWritesOnlyTheFirstTime() {
        assertThat(store.putIfAbsent("k", bytes("1"), null)).isTrue();
        assertThat(store.putIfAbsent("k", bytes("2"), null)).isFalse();
        assertThat(store.get("k")).isEqualTo(bytes("1"));
    }

    @Test
    void deletesKeysAndPrefixesKeepingWhatIsAskedFor() {
        for (String k : new String[] {"j/1", "j/2", "j/keep", "k/1"}) store.put(k, bytes(k), null);
        store.delete("missing");
        assertThat(store.deletePrefix("j/", Set.of("j/keep"))).isEqualTo(2);
        assertThat(store.deletePrefix("k/")).isEqualTo(1);
        assertThat(store.list("")).extracting(ObjectInfo::key).containsExactly("j/keep");
        assertThatThrownBy(() -> store.deletePrefix("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aShortStreamIsAnError() {
        assertThatThrownBy(() -> store.put("s", new ByteArrayInputStream(bytes("ab")), 5, null)).isInstanceOf(StoreException.class)
                .hasMessageContaining("2 of 5");
        assertThat(store.exists("s")).isFalse();
    }
}
