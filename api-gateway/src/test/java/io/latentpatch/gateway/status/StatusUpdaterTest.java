package io.latentpatch.gateway.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.contracts.JobEvent;
import io.latentpatch.contracts.JobRequest;
import io.latentpatch.contracts.JobStatus;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.contracts.ObjectKeys;
import io.latentpatch.storage.ObjectInfo;
import io.latentpatch.storage.ObjectNotFoundException;
import io.latentpatch.storage.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link StatusUpdater}'s coalescing: one status write per job per batch, idempotent on redelivery. */
class StatusUpdaterTest {

    private static final String TENANT = "acme";
    private static final String JOB = "0190aaaa-bbbb-7ccc-8ddd-eeeeffff0000";
    private static final Instant T0 = Instant.parse("2026-12-02T01:00:00Z");
    private static final int IMAGES = 256;

    /** Every event of a job of {@link #IMAGES} images, in pipeline order: 2 + 2 per image. */
    private static List<JobEvent> jobEvents() {
        List<JobEvent> events = new ArrayList<>();
        events.add(JobEvent.encodingStarted(TENANT, JOB, "enc", T0));
        events.add(JobEvent.encoded(TENANT, JOB, Map.of("encode", 5L), "enc", T0.plusMillis(1)));
        for (int i = 0; i < IMAGES; i++) events.add(JobEvent.sampled(TENANT, JOB, i, Map.of("sample", 2L), "s", T0.plusMillis(10 + i)));
        for (int i = 0; i < IMAGES; i++) events.add(JobEvent.imageDone(TENANT, JOB, i, Map.of("decode", 1L), "d", T0.plusMillis(400 + i)));
        return events;
    }

    private static CountingStore storeWithJob() {
        CountingStore store = new CountingStore();
        JobRequest request = JobRequest.of(TENANT, JOB, "set", "taef2", IMAGES, 42L, null, T0);
        store.put(ObjectKeys.jobRequest(TENANT, JOB), JsonCodec.shared().write(request), "application/json");
        store.put(ObjectKeys.jobStatus(TENANT, JOB), JsonCodec.shared().write(JobStatus.queued(request)), "application/json");
        store.puts.set(0);
        store.putsByKey.clear();
        return store;
    }

    private static JobStatus stored(CountingStore store) {
        return JsonCodec.shared().read(store.get(ObjectKeys.jobStatus(TENANT, JOB)), JobStatus.class);
    }

    @Test
    void aBatchedJobCostsOneStatusWritePerBatchAndEndsLikeEventByEvent() {
        List<JobEvent> events = jobEvents();
        CountingStore single = storeWithJob();
        StatusUpdater one = new StatusUpdater(single);
        events.forEach(one::apply);
        int perEvent = single.statusPuts(TENANT, JOB);

        for (int batch : new int[] {500, 64, 16}) {
            CountingStore batched = storeWithJob();
            StatusUpdater updater = new StatusUpdater(batched);
            int batches = 0;
            for (int from = 0; from < events.size(); from += batch) {
                updater.applyAll(events.subList(from, Math.min(events.size(), from + batch)));
                batches++;
            }
            assertThat(batched.statusPuts(TENANT, JOB)).as("batch of %d", batch).isEqualTo(batches);
            assertThat(stored(batched)).isEqualTo(stored(single));
            System.out.printf("status writes of a %d-image job (%d events): per event %d, batches of %d: %d%n", IMAGES,
                    events.size(), perEvent, batch, batches);
        }
        assertThat(perEvent).isEqualTo(events.size());
        assertThat(stored(single).state()).isEqualTo(JobStatus.State.SUCCEEDED);
        assertThat(stored(single).done()).isEqualTo(IMAGES);
    }

    @Test
    void aRedeliveredBatchWritesNothingAndCountsNothingTwice() {
        List<JobEvent> events = jobEvents().subList(0, 2 + IMAGES + 10);
        CountingStore store = storeWithJob();
        StatusUpdater updater = new StatusUpdater(store);
        assertThat(updater.applyAll(events).outcome()).isEqualTo(StatusUpdater.Outcome.APPLIED);
        JobStatus after = stored(store);
        assertThat(after.done()).isEqualTo(10);

        StatusUpdater.Result again = updater.applyAll(events);
        assertThat(again.outcome()).isEqualTo(StatusUpdater.Outcome.UNCHANGED);
        assertThat(store.statusPuts(TENANT, JOB)).isEqualTo(1);
        assertThat(stored(store)).isEqualTo(after);
        // A batch overlapping the last one counts only its new images.
        updater.applyAll(jobEvents().subList(2 + IMAGES + 5, 2 + IMAGES + 20));
        assertThat(stored(store).done()).isEqualTo(20);
    }

    @Test
    void eventsOfAnotherJobAreRefused() {
        List<JobEvent> mixed = List.of(JobEvent.encodingStarted(TENANT, JOB, "e", T0),
                JobEvent.encodingStarted(TENANT, "other", "e", T0));
        assertThatThrownBy(() -> new StatusUpdater(storeWithJob()).applyAll(mixed)).hasMessageContaining("mixed");
    }

    /** An in-memory store that counts puts per key. */
    static final class CountingStore implements ObjectStore {
        final Map<String, byte[]> objects = new TreeMap<>();
        final Map<String, Integer> putsByKey = new TreeMap<>();
        final AtomicInteger puts = new AtomicInteger();

        int statusPuts(String tenant, String jobId) {
            return putsByKey.getOrDefault(ObjectKeys.jobStatus(tenant, jobId), 0);
        }

        @Override
        public String bucket() {
            return "memory";
        }

        @Override
        public synchronized void put(String key, byte[] bytes, String contentType) {
            objects.put(key, bytes.clone());
            putsByKey.merge(key, 1, Integer::sum);
            puts.incrementAndGet();
        }

        @Override
        public synchronized boolean putIfAbsent(String key, byte[] bytes, String contentType) {
            if (objects.containsKey(key)) return false;
            put(key, bytes, contentType);
            return true;
        }

        @Override
        public void put(String key, Path file, String contentType) {
            try {
                put(key, Files.readAllBytes(file), contentType);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void put(String key, InputStream in, long size, String contentType) {
            try {
                put(key, in.readAllBytes(), contentType);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public synchronized byte[] get(String key) {
            byte[] b = objects.get(key);
            if (b == null) throw new ObjectNotFoundException(bucket(), key, null);
            return b.clone();
        }

        @Override
        public InputStream openStream(String key) {
            return new ByteArrayInputStream(get(key));
        }

        @Override
        public synchronized Optional<ObjectInfo> stat(String key) {
            byte[] b = objects.get(key);
            return b == null ? Optional.empty() : Optional.of(new ObjectInfo(key, b.length, T0, "etag", null));
        }

        @Override
        public synchronized List<ObjectInfo> list(String prefix) {
            List<ObjectInfo> out = new ArrayList<>();
            objects.forEach((k, v) -> {
                if (k.startsWith(prefix)) out.add(new ObjectInfo(k, v.length, T0, "etag", null));
            });
            return out;
        }

        @Override
        public synchronized void delete(String key) {
            objects.remove(key);
        }

        @Override
        public synchronized int deletePrefix(String prefix) {
            List<String> keys = objects.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
            keys.forEach(objects::remove);
            return keys.size();
        }

        @Override
        public void close() {
        }
    }
}
