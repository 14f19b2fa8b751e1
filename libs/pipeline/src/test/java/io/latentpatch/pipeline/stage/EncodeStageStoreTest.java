package io.latentpatch.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.codec.Codec;
import io.latentpatch.codec.Codecs;
import io.latentpatch.contracts.JobRequest;
import io.latentpatch.contracts.ObjectKeys;
import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.storage.MemoryObjectStore;
import io.latentpatch.storage.ObjectInfo;
import io.latentpatch.storage.ObjectStore;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The encoder stores a set's latents while it fits the PCA, and never answers (or fails) with that store still running. */
class EncodeStageStoreTest {
    private static final String TENANT = "acme";
    private static final String SET = "set-6";
    private static final String MODEL = "pixel-f16";

    private final ExecutorService io = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        io.shutdownNow();
    }

    /** A memory store whose puts can be held back or refused by key. */
    private static final class Gate implements ObjectStore {
        final MemoryObjectStore inner = new MemoryObjectStore("gate");
        volatile String holdKey;
        volatile CountDownLatch holdUntil = new CountDownLatch(0);
        volatile String refuseKey;
        volatile String signalKey;
        final CountDownLatch signalled = new CountDownLatch(1);
        final CountDownLatch refused = new CountDownLatch(1);
        final AtomicBoolean heldPutTimedOut = new AtomicBoolean();

        @Override public String bucket() { return inner.bucket(); }

        @Override
        public void put(String key, byte[] bytes, String contentType) {
            if (key.equals(refuseKey)) {
                refused.countDown();
                throw new IllegalStateException("refused " + key);
            }
            if (key.equals(holdKey)) {
                try {
                    if (!holdUntil.await(10, TimeUnit.SECONDS)) heldPutTimedOut.set(true);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            inner.put(key, bytes, contentType);
            if (key.equals(signalKey)) signalled.countDown();
        }

        @Override public boolean putIfAbsent(String key, byte[] bytes, String contentType) { return inner.putIfAbsent(key, bytes, contentType); }
        @Override public void put(String key, Path file, String contentType) { inner.put(key, file, contentType); }
        @Override public void put(String key, InputStream in, long size, String contentType) { inner.put(key, in, size, contentType); }
        @Override public byte[] get(String key) { return inner.get(key); }
        @Override public InputStream openStream(String key) { return inner.openStream(key); }
        @Override public Optional<ObjectInfo> stat(String key) { return inner.stat(key); }
        @Override public List<ObjectInfo> list(String prefix) { return inner.list(prefix); }
        @Override public void delete(String key) { inner.delete(key); }
        @Override public int deletePrefix(String prefix) { return inner.deletePrefix(prefix); }
        @Override public void close() { inner.close(); }
    }

    private static JobRequest job(String id) {
        return JobRequest.of(TENANT, id, SET, MODEL, 3, 1, null, Instant.now());
    }

    @Test
    void theLatentsAreStoredWhileThePcaIsFittedAndBeforeAnyTaskIsReturned() {
        Gate store = new Gate();
        StageFixtures.uploadBuiltInSet(store, SET, 6);
        String latentsKey = ObjectKeys.sourceLatents(TENANT, SET, MODEL);
        // the latents' put waits for the PCA basis to be stored: it can finish only if it runs beside the PCA
        store.holdKey = latentsKey;
        store.signalKey = ObjectKeys.pcaBasis(TENANT, SET, MODEL, 16);
        store.holdUntil = store.signalled;
        EncodeStage stage = new EncodeStage(new StageObjects(store), new ImageLoader(), "test", Clock.systemUTC(), io, 2);
        try (Codec codec = Codecs.open(MODEL)) {
            EncodeStage.Result result = stage.run(job("j1"), codec);
            assertThat(store.heldPutTimedOut).as("the latents' put ran beside the PCA fit, not before it").isFalse();
            assertThat(store.exists(latentsKey)).as("stored before the tasks are handed out").isTrue();
            assertThat(result.tasks()).hasSize(3);
            assertThat(result.timingsMs()).containsKeys(EncodeStage.ENCODE, EncodeStage.PCA, EncodeStage.STORE);
        }
    }

    @Test
    void aFailureAfterEncodingReturnsOnlyOnceTheLatentsStoreHasEnded() {
        Gate store = new Gate();
        StageFixtures.uploadBuiltInSet(store, SET, 6);
        String latentsKey = ObjectKeys.sourceLatents(TENANT, SET, MODEL);
        // the PCA's store fails, and the latents' put ends only 300 ms after that
        store.holdKey = latentsKey;
        CountDownLatch never = new CountDownLatch(1);
        store.holdUntil = never;
        store.refuseKey = ObjectKeys.pcaMean(TENANT, SET, MODEL, 16);
        EncodeStage stage = new EncodeStage(new StageObjects(store), new ImageLoader(), "test", Clock.systemUTC(), io, 2);
        io.execute(() -> {
            try {
                store.refused.await(10, TimeUnit.SECONDS);
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            never.countDown();
        });
        try (Codec codec = Codecs.open(MODEL)) {
            assertThatThrownBy(() -> stage.run(job("j2"), codec)).hasMessageContaining("refused");
            assertThat(store.exists(latentsKey)).as("the store that was running has ended").isTrue();
        }
    }
}
