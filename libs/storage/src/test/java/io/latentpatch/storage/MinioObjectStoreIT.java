package io.latentpatch.storage;

import io.latentpatch.localstack.Ports;
import io.latentpatch.localstack.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link MinioObjectStore} against a real S3Proxy child process (signed requests, path style). */
class MinioObjectStoreIT {

    private static S3Server s3;
    private static MinioObjectStore store;

    @BeforeAll
    static void startS3() {
        s3 = S3Server.builder().start();
        store = MinioObjectStore.connect(config("latentpatch"));
    }

    @AfterAll
    static void stopS3() {
        if (store != null) {
            store.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    private static StoreConfig config(String bucket) {
        return StoreConfig.of(s3.endpoint(), s3.accessKey(), s3.secretKey(), bucket);
    }

    /** A fresh prefix per test so tests do not see each other's objects. */
    private static String prefix() {
        return "it/" + UUID.randomUUID() + "/";
    }

    @Test
    void bytesRoundTripWithContentTypeAndSize() {
        String key = prefix() + "status.json";
        byte[] body = "{\"state\":\"QUEUED\"}".getBytes(StandardCharsets.UTF_8);

        store.put(key, body, "application/json");

        assertThat(store.get(key)).isEqualTo(body);
        ObjectInfo info = store.stat(key).orElseThrow();
        assertThat(info.key()).isEqualTo(key);
        assertThat(info.size()).isEqualTo(body.length);
        assertThat(info.contentType()).isEqualTo("application/json");
        assertThat(info.lastModified()).isNotNull();
        assertThat(store.exists(key)).isTrue();
        try (InputStream in = store.openStream(key)) {
            assertThat(in.readAllBytes()).isEqualTo(body);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void missingKeysMapToObjectNotFoundOrEmpty() {
        String key = prefix() + "nope.png";

        assertThatThrownBy(() -> store.get(key)).isInstanceOfSatisfying(ObjectNotFoundException.class, e -> {
            assertThat(e.key()).isEqualTo(key);
            assertThat(e.bucket()).isEqualTo("latentpatch");
        });
        assertThatThrownBy(() -> store.openStream(key)).isInstanceOf(ObjectNotFoundException.class);
        assertThat(store.stat(key)).isEmpty();
        assertThat(store.exists(key)).isFalse();
        store.delete(key); // deleting what is not there is fine (idempotent cleanup)
    }

    @Test
    void putIfAbsentCreatesOnceAndASecondConditionalPutGets412() {
        String key = prefix() + "idempotency/k.json";
        byte[] first = "first".getBytes(StandardCharsets.UTF_8);

        assertThat(store.putIfAbsent(key, first, "application/json")).isTrue();
        // The server answers the second If-None-Match: * PUT with 412, which putIfAbsent reads as "taken".
        assertThat(store.putIfAbsent(key, "second".getBytes(StandardCharsets.UTF_8), "application/json")).isFalse();
        assertThat(store.get(key)).isEqualTo(first);
        // A plain put still replaces (last writer wins).
        store.put(key, "third".getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(store.get(key)).isEqualTo("third".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void racingConditionalPutsOnOneKeyHaveExactlyOneWinner() throws Exception {
        String key = prefix() + "race.json";
        int writers = 8;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < writers; i++) {
                byte[] body = ("writer " + i).getBytes(StandardCharsets.UTF_8);
                results.add(pool.submit(() -> {
                    start.await();
                    return store.putIfAbsent(key, body, "text/plain");
                }));
            }
            start.countDown();
            int won = 0;
            for (var r : results) {
                if (r.get()) won++;
            }
            assertThat(won).isEqualTo(1);
            assertThat(new String(store.get(key), StandardCharsets.UTF_8)).startsWith("writer ");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void listByPrefixIsRecursiveSortedAndScopedAndDeletePrefixRemovesExactlyThat() {
        String p = prefix();
        for (String k : new String[] {"a/2.png", "a/1.png", "a/sub/3.npy", "b/1.png", "ab.json"}) {
            store.put(p + k, k.getBytes(StandardCharsets.UTF_8), null);
        }

        assertThat(store.list(p + "a/")).extracting(ObjectInfo::key)
                .containsExactly(p + "a/1.png", p + "a/2.png", p + "a/sub/3.npy");
        assertThat(store.list(p + "a/")).extracting(ObjectInfo::size).containsExactly(7L, 7L, 11L);
        assertThat(store.list(p)).hasSize(5);
        assertThat(store.list(p + "zzz/")).isEmpty();

        assertThat(store.deletePrefix(p + "a/")).isEqualTo(3);
        assertThat(store.list(p)).extracting(ObjectInfo::key).containsExactly(p + "ab.json", p + "b/1.png");
        assertThatThrownBy(() -> store.deletePrefix("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overwriteReplacesContentAndMetadata() {
        String key = prefix() + "images/0.png";
        store.put(key, new byte[] {1, 2, 3}, "image/png");
        store.put(key, new byte[] {9, 9}, "application/octet-stream");

        assertThat(store.get(key)).containsExactly(9, 9);
        assertThat(store.stat(key).orElseThrow().size()).isEqualTo(2);
        assertThat(store.stat(key).orElseThrow().contentType()).isEqualTo("application/octet-stream");
    }

    @Test
    void largeObjectsGoMultipartFromStreamsOfKnownAndUnknownSizeAndFromFiles(@TempDir Path dir) throws Exception {
        byte[] big = new byte[12 * 1024 * 1024 + 123];
        new Random(42).nextBytes(big);
        String p = prefix();

        store.put(p + "known.npy", new ByteArrayInputStream(big), big.length, "application/octet-stream");
        store.put(p + "unknown.npy", new ByteArrayInputStream(big), -1, "application/octet-stream");
        Path file = Files.write(dir.resolve("latents.npy"), big);
        store.put(p + "file.npy", file, "application/octet-stream");

        for (String k : new String[] {"known.npy", "unknown.npy", "file.npy"}) {
            assertThat(store.get(p + k)).as(k).isEqualTo(big);
            ObjectInfo info = store.stat(p + k).orElseThrow();
            assertThat(info.size()).isEqualTo(big.length);
            // S3 gives multipart uploads an ETag of the form <md5-of-md5s>-<parts>.
            assertThat(info.etag()).as("%s etag", k).endsWith("-2");
        }
    }

    @Test
    void connectCreatesAMissingBucketAndIsIdempotent() {
        String bucket = "b-" + UUID.randomUUID().toString().substring(0, 8);
        try (MinioObjectStore other = MinioObjectStore.connect(config(bucket))) {
            other.put("x", new byte[] {7}, null);
            assertThat(other.get("x")).containsExactly(7);
        }
        try (MinioObjectStore again = MinioObjectStore.connect(config(bucket))) {
            assertThat(again.get("x")).containsExactly(7);
        }
    }

    @Test
    void aStoreThatIsNotListeningIsUnavailableAtOnce() {
        int closedPort = Ports.freePort();
        StoreConfig nowhere = StoreConfig.of("http://127.0.0.1:" + closedPort, "a", "s", "latentpatch");
        try (MinioObjectStore dead = MinioObjectStore.create(nowhere)) {
            assertThatThrownBy(() -> dead.get("k")).isInstanceOfSatisfying(StoreUnavailableException.class,
                    e -> assertThat(e).hasMessageContaining("connection refused").hasMessageContaining(String.valueOf(closedPort)));
            assertThatThrownBy(() -> MinioObjectStore.connect(nowhere)).isInstanceOf(StoreUnavailableException.class);
        }
    }

    @Test
    void wrongCredentialsFailAtOnceWithAHint() {
        StoreConfig wrong = StoreConfig.of(s3.endpoint(), s3.accessKey(), "wrong-secret", "latentpatch");
        try (MinioObjectStore bad = MinioObjectStore.create(wrong)) {
            assertThatThrownBy(() -> bad.get("anything")).isExactlyInstanceOf(StoreException.class)
                    .hasMessageContaining("check the access key");
        }
    }
}
