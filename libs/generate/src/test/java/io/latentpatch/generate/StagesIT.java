package io.latentpatch.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.codec.Codec;
import io.latentpatch.codec.CodecOptions;
import io.latentpatch.codec.Codecs;
import io.latentpatch.codec.ExecutionProvider;
import io.latentpatch.codec.ImageBatch;
import io.latentpatch.codec.LatentBatch;
import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.imaging.PngWriter;
import io.latentpatch.imaging.RgbImage;
import io.latentpatch.contracts.SchemaVersion;
import io.latentpatch.contracts.DecodeTask;
import io.latentpatch.contracts.GenerationParams;
import io.latentpatch.contracts.GenerationParams.Mode;
import io.latentpatch.contracts.JobEvent;
import io.latentpatch.contracts.JobRequest;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.contracts.ObjectKeys;
import io.latentpatch.contracts.SampleTask;
import io.latentpatch.contracts.ImageSize;
import io.latentpatch.contracts.SourceSetManifest;
import io.latentpatch.core.npy.Npy;
import io.latentpatch.core.npy.NpyArray;
import io.latentpatch.core.provenance.ProvenancePicture;
import io.latentpatch.localstack.S3Server;
import io.latentpatch.planning.ContractMapping;
import io.latentpatch.pipeline.stage.BankCache;
import io.latentpatch.pipeline.stage.DecodeStage;
import io.latentpatch.pipeline.stage.EncodeStage;
import io.latentpatch.pipeline.stage.SampleStage;
import io.latentpatch.pipeline.stage.StageFixtures;
import io.latentpatch.pipeline.stage.StageInputException;
import io.latentpatch.pipeline.stage.StageObjects;
import io.latentpatch.planning.GenerationSpec;
import io.latentpatch.generate.Progress;
import io.latentpatch.planning.EditRegion;

import io.latentpatch.samples.SampleSet;
import io.latentpatch.storage.MinioObjectStore;
import io.latentpatch.storage.ObjectInfo;
import io.latentpatch.storage.ObjectStore;
import io.latentpatch.storage.StoreConfig;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The three stages against a real S3 server (S3Proxy child JVM) with the pixel codec: what the
 * distributed pipeline stores equals, byte for byte, what {@code latentpatch generate}'s in-process
 * {@link Generation#run} computes for the same spec and seed.
 */
class StagesIT {
    private static final String MODEL = "pixel-f8";
    private static final String SET = "builtin-32";
    private static final long SEED = 20231008L;
    private static final Clock CLOCK = Clock.systemUTC();

    private static S3Server s3;
    private static ObjectStore store;
    private static StageObjects objects;
    private static CountingCodec codec;
    private static SourceLoading.Loaded builtIn;

    @BeforeAll
    static void startStore() {
        s3 = S3Server.builder().inMemory().start();
        store = MinioObjectStore.connect(StoreConfig.of(s3.endpoint(), s3.accessKey(), s3.secretKey(), "stages-it"));
        objects = new StageObjects(store);
        codec = new CountingCodec(Codecs.open(MODEL));
        builtIn = SourceLoading.builtIn(codec.preferredImageSize(), new ImageLoader());
        StageFixtures.uploadBuiltInSet(store, SET, SampleSet.DEFAULT_COUNT);
    }

    @AfterAll
    static void stopStore() throws Exception {
        if (store != null) store.close();
        if (codec != null) codec.close();
        if (s3 != null) s3.close();
    }

    static Stream<Arguments> modes() {
        return Stream.of(
                Arguments.of("random", GenerationParams.builder().build(), null),
                Arguments.of("edit-named", GenerationParams.builder().mode(Mode.EDIT).reference(3)
                        .region(io.latentpatch.contracts.Region.named("eyes", "mouth")).build(), null),
                Arguments.of("edit-mask", null, "mask"),
                Arguments.of("edit-outside", null, "outside"),
                Arguments.of("reference-outside", null, "outside"),
                Arguments.of("attributes", GenerationParams.builder().mode(Mode.ATTRIBUTES).where("glasses=true").build(), null),
                Arguments.of("reference", GenerationParams.builder().mode(Mode.REFERENCE).reference(5).k(2).build(), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void threeStagesStoreExactlyWhatGenerateComputes(String name, GenerationParams params, String special) throws IOException {
        String jobId = "match-" + name;
        BufferedImage maskPicture = null;
        if ("mask".equals(special)) {
            maskPicture = maskPicture();
            store.put(ObjectKeys.jobMask("acme", jobId), PngWriter.encode(toRgb(maskPicture)), StageObjects.PNG);
            params = GenerationParams.builder().mode(Mode.EDIT).reference(7)
                    .region(io.latentpatch.contracts.Region.mask(ObjectKeys.jobMask("acme", jobId))).build();
        }
        float[] outsidePixels = null;
        if ("outside".equals(special)) {
            // An image that is not in the set, as the gateway stores an upload for params.referenceImage.
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("outside");
            SampleSet.writeTo(dir, 2, SampleSet.DEFAULT_SEED + 17, 200);
            byte[] outside;
            try (var files = java.nio.file.Files.list(dir)) {
                outside = java.nio.file.Files.readAllBytes(files.filter(f -> f.toString().endsWith(".png")).sorted().findFirst().orElseThrow());
            }
            String key = ObjectKeys.sourceReference("acme", SET, "outside" + name.length(), false);
            store.put(key, outside, StageObjects.PNG);
            params = name.startsWith("edit")
                    ? GenerationParams.builder().mode(Mode.EDIT).region(io.latentpatch.contracts.Region.named("eyes")).referenceImage(key).build()
                    : GenerationParams.builder().mode(Mode.REFERENCE).referenceImage(key).k(2).build();
            outsidePixels = new io.latentpatch.pipeline.SourceNormalizer(new ImageLoader()).normalize(outside, "outside.png",
                    codec.preferredImageSize());
        }
        int count = 3;
        JobRequest job = JobRequest.of("acme", jobId, SET, MODEL, count, SEED, params, Instant.now());

        List<DecodeTask> decodes = runEncodeAndSample(job);
        DecodeStage.Result decoded = new DecodeStage(objects, "it", CLOCK).run(decodes, m -> codec);
        assertThat(decoded.failed()).isEmpty();
        assertThat(decoded.codecCalls()).isEqualTo(1);
        assertThat(decoded.done()).extracting(d -> d.event().type()).containsOnly(JobEvent.Type.IMAGE_DONE);

        // The same job in one process, as `latentpatch generate` runs it.
        EditRegion region = maskPicture != null ? new EditRegion.Mask(maskPicture, "mask.png")
                : params.region() != null ? new EditRegion.Named(params.region().names()) : null;
        GenerationSpec spec = ContractMapping.toSpec(params);
        Generation.Result expected = Generation.run(new Generation.Input(codec, builtIn.images(), builtIn.labels(), spec, outsidePixels,
                region, count, SEED, 2, 2), Progress.NONE);
        if (outsidePixels != null) {
            assertThat(store.exists(ObjectKeys.jobReferenceLatent("acme", jobId))).as("the encoder stored the outside image's latent").isTrue();
        }

        int m = expected.encoded().gridSize();
        int size = expected.imageSize();
        for (Generation.Output o : expected.outputs()) {
            int i = o.index();
            assertThat(store.get(ObjectKeys.jobLatent("acme", jobId, i))).as("latent %d", i).isEqualTo(Npy.toBytes(NpyArray.of(o.latent())));
            assertThat(store.get(ObjectKeys.jobProvenanceNpy("acme", jobId, i))).as("provenance %d", i)
                    .isEqualTo(Npy.toBytes(NpyArray.ofInts(new int[] {m, m}, o.sample().provenance())));
            RgbImage stored = readPng(store.get(ObjectKeys.jobImage("acme", jobId, i)));
            assertThat(maxChannelDifference(stored, RgbImage.fromChw(o.image(), size, size))).as("image %d", i).isLessThanOrEqualTo(1);
            int[] map = ProvenancePicture.pixels(o.sample().provenance(), m, expected.plan().sourceCount(), size);
            assertThat(store.get(ObjectKeys.jobProvenancePng("acme", jobId, i))).isEqualTo(PngWriter.encode(new RgbImage(size, size, map)));
            String report = new String(store.get(ObjectKeys.jobReport("acme", jobId, i)), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(report).contains("\"imageSeed\" : " + o.sample().imageSeed()).contains("\"copyReport\"");
        }
    }

    @Test
    void withTheTaef2ModelOnRealFacesLatentsAreByteIdenticalAndBatchedImagesWithinOneLevel() throws IOException {
        Path shared = Path.of(System.getProperty("latentpatch.shared", "../shared"));
        Path modelDir = shared.resolve("models/taef2");
        Path faces = shared.resolve("data/faces");
        Assumptions.assumeTrue(Files.isRegularFile(modelDir.resolve("model.json")) && Files.isDirectory(faces),
                "needs ../shared/models/taef2 and ../shared/data/faces beside the repository");
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 8; i++) files.add(faces.resolve(String.format(java.util.Locale.ROOT, "face_%04d.png", i)));
        List<byte[]> images = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            byte[] png = Files.readAllBytes(files.get(i));
            store.put(ObjectKeys.sourceImage("acme", "faces-8", i), png, StageObjects.PNG);
            images.add(png);
            names.add(files.get(i).getFileName().toString());
        }
        SourceSetManifest manifest = SourceSetManifest.of("faces-8", Collections.nCopies(names.size(), new ImageSize(256, 256)), names, null,
                images, Instant.now());
        store.put(ObjectKeys.sourceManifest("acme", "faces-8"), JsonCodec.shared().write(manifest), StageObjects.JSON);

        try (Codec taef2 = Codecs.open(modelDir.toString(), CodecOptions.defaults().withProvider(ExecutionProvider.CPU))) {
            JobRequest job = JobRequest.of("acme", "taef2-job", "faces-8", "taef2", 2, SEED, null, Instant.now());
            EncodeStage.Result encoded = new EncodeStage(objects, new ImageLoader(), "it", CLOCK).run(job, taef2);
            SampleStage sampler = new SampleStage(objects, new BankCache(4, 1L << 30), m -> null, "it", CLOCK);
            List<DecodeTask> decodes = new ArrayList<>();
            for (SampleTask t : encoded.tasks()) sampler.run(t, r -> decodes.add(r.decode()));
            DecodeStage.Result decoded = new DecodeStage(objects, "it", CLOCK).run(decodes, m -> taef2);
            assertThat(decoded.failed()).isEmpty();

            // generate decodes one latent per call here; the decoder decoded both in one call.
            SourceLoading.Loaded loaded = SourceLoading.fromFiles(files, taef2.preferredImageSize(), new ImageLoader(), null);
            Generation.Result expected = Generation.run(new Generation.Input(taef2, loaded.images(), null, GenerationSpec.defaults(), null,
                    null, 2, SEED, 1, 1), Progress.NONE);
            int m = expected.encoded().gridSize();
            for (Generation.Output o : expected.outputs()) {
                int i = o.index();
                assertThat(store.get(ObjectKeys.jobLatent("acme", "taef2-job", i))).as("latent %d", i).isEqualTo(Npy.toBytes(NpyArray.of(o.latent())));
                assertThat(store.get(ObjectKeys.jobProvenanceNpy("acme", "taef2-job", i)))
                        .isEqualTo(Npy.toBytes(NpyArray.ofInts(new int[] {m, m}, o.sample().provenance())));
                RgbImage stored = readPng(store.get(ObjectKeys.jobImage("acme", "taef2-job", i)));
                assertThat(maxChannelDifference(stored, RgbImage.fromChw(o.image(), 256, 256))).as("image %d", i).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void aSetAlreadyEncodedForTheModelIsNotEncodedAgain() {
        String set = "reuse-8";
        StageFixtures.uploadBuiltInSet(store, set, 8);
        EncodeStage stage = new EncodeStage(objects, new ImageLoader(), "it", CLOCK);

        int before = codec.encodeCalls.get();
        EncodeStage.Result first = stage.run(JobRequest.of("acme", "reuse-a", set, MODEL, 2, 1, null, Instant.now()), codec);
        assertThat(codec.encodeCalls.get() - before).isEqualTo(8);
        assertThat(first.reused()).isFalse();
        assertThat(first.imagesEncoded()).isEqualTo(8);
        assertThat(first.encoded().timingsMs()).containsKey(EncodeStage.ENCODE).containsEntry(EncodeStage.ENCODED_IMAGES, 8L);
        // the model's objects: the latents and one PCA, no per-image copies
        assertThat(store.list(ObjectKeys.sourceModelPrefix("acme", set, MODEL))).extracting(ObjectInfo::key)
                .containsExactlyInAnyOrder(ObjectKeys.sourceLatents("acme", set, MODEL), first.tasks().get(0).pcaMeanKey(),
                        first.tasks().get(0).pcaBasisKey());

        int mid = codec.encodeCalls.get();
        EncodeStage.Result second = stage.run(JobRequest.of("acme", "reuse-b", set, MODEL, 3, 2, null, Instant.now()), codec);
        EncodeStage.Result otherR = stage.run(JobRequest.of("acme", "reuse-c", set, MODEL, 1, 3,
                GenerationParams.builder().pcaDims(4).build(), Instant.now()), codec);
        assertThat(codec.encodeCalls.get()).as("encoder calls after the first job").isEqualTo(mid);
        assertThat(second.reused()).isTrue();
        assertThat(second.pcaReused()).isTrue();
        assertThat(second.imagesEncoded()).isZero();
        assertThat(second.encoded().timingsMs()).doesNotContainKey(EncodeStage.ENCODE).containsEntry(EncodeStage.ENCODED_IMAGES, 0L);
        assertThat(second.tasks()).hasSize(3);
        assertThat(otherR.reused()).isTrue();
        assertThat(otherR.pcaReused()).as("no basis for r = 4 yet").isFalse();
        assertThat(store.exists(ObjectKeys.pcaBasis("acme", set, MODEL, 4))).isTrue();
        assertThat(otherR.tasks().get(0).pcaBasisKey()).isEqualTo(ObjectKeys.pcaBasis("acme", set, MODEL, 4));

        // The latents gone (a set whose encoding never finished has none): the set is encoded again.
        store.delete(ObjectKeys.sourceLatents("acme", set, MODEL));
        EncodeStage.Result again = stage.run(JobRequest.of("acme", "reuse-d", set, MODEL, 1, 4, null, Instant.now()), codec);
        assertThat(again.reused()).isFalse();
        assertThat(again.imagesEncoded()).isEqualTo(8);
    }

    @Test
    void aJobTheEngineCannotPlanFailsInTheEncoderWithTheEnginesMessage() {
        GenerationParams params = GenerationParams.builder().mode(Mode.ATTRIBUTES).where("glasses=purple").build();
        EncodeStage stage = new EncodeStage(objects, new ImageLoader(), "it", CLOCK);
        JobRequest job = JobRequest.of("acme", "bad-plan", SET, MODEL, 2, 1, params, Instant.now());

        Throwable engine = catchThrowable(() -> Generation.run(new Generation.Input(codec, builtIn.images(), builtIn.labels(),
                ContractMapping.toSpec(params), null, null, 2, 1, 1, 1), Progress.NONE));
        assertThat(engine).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stage.run(job, codec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(engine.getMessage());

        GenerationParams tooBig = GenerationParams.builder().patch(40).build();
        Throwable engine2 = catchThrowable(() -> Generation.run(new Generation.Input(codec, builtIn.images(), null,
                ContractMapping.toSpec(tooBig), null, null, 1, 1, 1, 1), Progress.NONE));
        assertThatThrownBy(() -> stage.run(JobRequest.of("acme", "bad-patch", SET, MODEL, 1, 1, tooBig, Instant.now()), codec))
                .hasMessage(engine2.getMessage());
        assertThatThrownBy(() -> stage.run(JobRequest.of("acme", "no-set", "missing-set", MODEL, 1, 1, null, Instant.now()), codec))
                .isInstanceOf(StageInputException.class).hasMessageContaining("source set missing-set has no manifest");
    }

    @Test
    void decodingABatchOfOneOrOfManyStoresTheSameImagesAndIsolatesABadTask() {
        JobRequest job = JobRequest.of("acme", "batches", SET, MODEL, 4, 77, null, Instant.now());
        List<DecodeTask> decodes = runEncodeAndSample(job);
        DecodeStage stage = new DecodeStage(objects, "it", CLOCK);

        DecodeStage.Result one = null;
        List<byte[]> single = new ArrayList<>();
        for (DecodeTask t : decodes) {
            one = stage.run(List.of(t), m -> codec);
            single.add(store.get(t.imageKey()));
        }
        assertThat(one.codecCalls()).isEqualTo(1);

        // A fifth task whose latent is garbage fails alone; the batch of four is decoded in one call.
        DecodeTask broken = DecodeTask.of(SampleTask.of(JobRequest.of("acme", "batches-bad", SET, MODEL, 1, 1, null, Instant.now()),
                0, 16, null, null), 32);
        store.put(broken.latentKey(), new byte[] {1, 2, 3}, StageObjects.NPY);
        List<DecodeTask> batch = new ArrayList<>(decodes);
        batch.add(2, broken);
        int calls = codec.decodeCalls.get();
        DecodeStage.Result many = stage.run(batch, m -> codec);
        assertThat(codec.decodeCalls.get() - calls).isEqualTo(1);
        assertThat(many.done()).hasSize(4);
        assertThat(many.failed()).singleElement().satisfies(f -> {
            assertThat(f.task()).isEqualTo(broken);
            assertThat(f.error()).isInstanceOf(StageInputException.class).hasMessageContaining(broken.latentKey())
                    .hasMessageContaining("not a valid .npy");
        });
        for (int i = 0; i < decodes.size(); i++) {
            RgbImage a = readPng(single.get(i));
            RgbImage b = readPng(store.get(decodes.get(i).imageKey()));
            assertThat(maxChannelDifference(a, b)).as("image %d", i).isLessThanOrEqualTo(1);
            assertThat(store.get(decodes.get(i).imageKey())).as("pixel codec: identical").isEqualTo(single.get(i));
        }
    }

    @Test
    void sampleTasksOfOneJobPlanOnceAndACancelMarkerIsSeen() {
        JobRequest job = JobRequest.of("acme", "cache", SET, MODEL, 3, 5, GenerationParams.builder().k(4).build(), Instant.now());
        EncodeStage.Result encoded = new EncodeStage(objects, new ImageLoader(), "it", CLOCK).run(job, codec);
        BankCache cache = new BankCache(8, 1L << 30);
        SampleStage stage = new SampleStage(objects, cache, model -> null, "it", CLOCK);
        List<Boolean> hits = new ArrayList<>();
        for (SampleTask t : encoded.tasks()) hits.add(stage.run(t).get(0).cacheHit());
        assertThat(hits).containsExactly(false, true, true);
        assertThat(cache.stats().misses()).isEqualTo(2); // the plan and the loaded sources

        assertThat(objects.isCancelled("acme", "cache")).isFalse();
        store.put(ObjectKeys.jobCancelled("acme", "cache"), new byte[0], "text/plain");
        assertThat(objects.isCancelled("acme", "cache")).isTrue();

        store.put(encoded.tasks().get(0).sourceLatentsKey() + ".bad", new byte[] {9}, StageObjects.NPY);
        SampleTask corrupt = new SampleTask(SchemaVersion.CURRENT, "acme", "corrupt", 0, 1, 1, SET, MODEL, encoded.tasks().get(0).sourceLatentsKey() + ".bad",
                encoded.tasks().get(0).pcaMeanKey(), encoded.tasks().get(0).pcaBasisKey(), null, null, 1);
        assertThatThrownBy(() -> stage.run(corrupt)).isInstanceOf(StageInputException.class).hasMessageContaining("not a valid .npy");
    }

    @Test
    void aRunOfImagesStopsStoringOnceItsJobIsCancelled() {
        JobRequest job = JobRequest.of("acme", "cancelled-run", SET, MODEL, 3, 5, null, Instant.now());
        SampleTask run = new EncodeStage(objects, new ImageLoader(), () -> null, "it", CLOCK, Runnable::run, 1, 3).run(job, codec)
                .tasks().get(0);
        assertThat(run.images()).isEqualTo(3);
        SampleStage stage = new SampleStage(objects, new BankCache(4, 1L << 30), model -> null, "it", CLOCK);
        List<Integer> stored = new ArrayList<>();
        // the job is cancelled while its first image is handed over (the worker checked before the run); by then the
        // second image's stores are under way
        stage.run(run, r -> {
            stored.add(r.decode().imageIndex());
            store.put(ObjectKeys.jobCancelled("acme", "cancelled-run"), new byte[0], "text/plain");
        });
        assertThat(stored).as("images handed over").containsExactly(0, 1);
        assertThat(store.exists(ObjectKeys.jobLatent("acme", "cancelled-run", 1))).isTrue();
        assertThat(store.exists(ObjectKeys.jobLatent("acme", "cancelled-run", 2))).as("the image after the cancel").isFalse();
        assertThat(store.exists(ObjectKeys.jobProvenanceNpy("acme", "cancelled-run", 2))).isFalse();
    }

    @Test
    void withIoPoolsTheStagesStoreTheSameBytesAsOneObjectAfterTheOther() {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            Map<String, byte[]> sequential = runAllStages("pool-seq", "pool-seq-set", Runnable::run, 1, 1);
            Map<String, byte[]> pooled = runAllStages("pool-par", "pool-par-set", pool, 2, 1);
            assertThat(pooled.keySet()).isEqualTo(sequential.keySet());
            for (String name : sequential.keySet()) {
                assertThat(pooled.get(name)).as(name).isEqualTo(sequential.get(name));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void runsOfSeveralImagesPerSampleTaskStoreTheSameBytesAsOneTaskPerImage() {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            Map<String, byte[]> single = runAllStages("run-1", "run-1-set", pool, 2, 1);
            for (int run : new int[] {3, 4}) {
                Map<String, byte[]> runs = runAllStages("run-" + run, "run-" + run + "-set", pool, 2, run);
                assertThat(runs.keySet()).isEqualTo(single.keySet());
                for (String name : single.keySet()) assertThat(runs.get(name)).as("%s, runs of %d", name, run).isEqualTo(single.get(name));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMissingImageFailsThePooledEncoderWithItsIndexAndStoresNoLatents() {
        String set = "pool-missing";
        StageFixtures.uploadBuiltInSet(store, set, 6);
        store.delete(ObjectKeys.sourceImage("acme", set, 4));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            EncodeStage stage = new EncodeStage(objects, new ImageLoader(), "it", CLOCK, pool, 3);
            Throwable error = catchThrowable(() -> stage.run(JobRequest.of("acme", "pool-missing-job", set, MODEL, 2, 1, null, Instant.now()), codec));
            assertThat(error).isInstanceOf(io.latentpatch.pipeline.stage.StageInputException.class).hasMessageContaining("source image 4");
            assertThat(store.exists(ObjectKeys.sourceLatents("acme", set, MODEL))).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Every object one job stores, encoder to decoder, with the given IO executor; keyed by what it is (not by its
     * key, which names the job and set), reports with the job id taken out.
     */
    private static Map<String, byte[]> runAllStages(String jobId, String set, java.util.concurrent.Executor pool, int readAhead,
                                                    int imagesPerSampleTask) {
        int images = 10;
        int count = 4;
        StageFixtures.uploadBuiltInSet(store, set, images);
        JobRequest job = JobRequest.of("acme", jobId, set, MODEL, count, SEED, null, Instant.now());
        EncodeStage.Result encoded = new EncodeStage(objects, new ImageLoader(), () -> null, "it", CLOCK, pool, readAhead,
                imagesPerSampleTask).run(job, codec);
        assertThat(encoded.imagesEncoded()).isEqualTo(images);
        assertThat(encoded.tasks()).hasSize((count + imagesPerSampleTask - 1) / imagesPerSampleTask);
        SampleStage sampler = new SampleStage(objects, new BankCache(4, 1L << 30), model -> null, "it", CLOCK, pool);
        List<DecodeTask> decodes = new ArrayList<>();
        for (SampleTask t : encoded.tasks()) sampler.run(t, r -> decodes.add(r.decode()));
        assertThat(decodes).extracting(DecodeTask::imageIndex).containsExactlyElementsOf(range(count));
        DecodeStage.Result decoded = new DecodeStage(objects, "it", CLOCK, pool).run(decodes, m -> codec);
        assertThat(decoded.failed()).isEmpty();

        Map<String, byte[]> out = new java.util.TreeMap<>();
        out.put("latents", store.get(ObjectKeys.sourceLatents("acme", set, MODEL)));
        for (int i = 0; i < count; i++) {
            out.put("latent " + i, store.get(ObjectKeys.jobLatent("acme", jobId, i)));
            out.put("provenance " + i, store.get(ObjectKeys.jobProvenanceNpy("acme", jobId, i)));
            out.put("image " + i, store.get(ObjectKeys.jobImage("acme", jobId, i)));
            out.put("provenance picture " + i, store.get(ObjectKeys.jobProvenancePng("acme", jobId, i)));
            out.put("report " + i, new String(store.get(ObjectKeys.jobReport("acme", jobId, i)), java.nio.charset.StandardCharsets.UTF_8)
                    .replace(jobId, "JOB").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }

    // ---- helpers ----

    /** Encode, then every sample task; returns the decode tasks in index order. */
    private static List<DecodeTask> runEncodeAndSample(JobRequest job) {
        EncodeStage.Result encoded = new EncodeStage(objects, new ImageLoader(), "it", CLOCK).run(job, codec);
        assertThat(encoded.tasks()).hasSize(job.count());
        assertThat(encoded.tasks()).extracting(SampleTask::imageIndex).containsExactlyElementsOf(range(job.count()));
        SampleStage sampler = new SampleStage(objects, new BankCache(4, 1L << 30), model -> null, "it", CLOCK);
        List<DecodeTask> decodes = new ArrayList<>();
        for (SampleTask t : encoded.tasks()) {
            for (SampleStage.Result r : sampler.run(t)) {
                assertThat(r.sampled().type()).isEqualTo(JobEvent.Type.SAMPLED);
                assertThat(store.exists(r.decode().latentKey())).isTrue();
                decodes.add(r.decode());
            }
        }
        return decodes;
    }

    /** White (edit) over the left half of the face, black elsewhere. */
    private static BufferedImage maskPicture() {
        BufferedImage mask = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 20; y < 50; y++) for (int x = 8; x < 32; x++) mask.setRGB(x, y, 0xFFFFFF);
        return mask;
    }

    private static RgbImage toRgb(BufferedImage picture) {
        int[] px = picture.getRGB(0, 0, picture.getWidth(), picture.getHeight(), null, 0, picture.getWidth());
        for (int i = 0; i < px.length; i++) px[i] &= 0xFFFFFF;
        return new RgbImage(picture.getWidth(), picture.getHeight(), px);
    }

    private static RgbImage readPng(byte[] png) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            return toRgb(img);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static int maxChannelDifference(RgbImage a, RgbImage b) {
        assertThat(a.width()).isEqualTo(b.width());
        assertThat(a.height()).isEqualTo(b.height());
        int max = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                max = Math.max(max, Math.abs(((a.rgb()[i] >> shift) & 255) - ((b.rgb()[i] >> shift) & 255)));
            }
        }
        return max;
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(i);
        return out;
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("expected an exception");
    }

    /** Counts encoder and decoder calls of a real codec. */
    static final class CountingCodec implements Codec {
        final Codec inner;
        final AtomicInteger encodeCalls = new AtomicInteger();
        final AtomicInteger decodeCalls = new AtomicInteger();

        CountingCodec(Codec inner) { this.inner = inner; }

        @Override public String name() { return inner.name(); }
        @Override public int latentChannels() { return inner.latentChannels(); }
        @Override public int downscale() { return inner.downscale(); }
        @Override public int preferredImageSize() { return inner.preferredImageSize(); }
        @Override public Optional<float[]> codebook() { return inner.codebook(); }
        @Override public Optional<io.latentpatch.core.grid.PixelBlocks> pixelLayout() { return inner.pixelLayout(); }
        @Override public int codebookSize() { return inner.codebookSize(); }
        @Override public ExecutionProvider activeProvider() { return inner.activeProvider(); }

        @Override
        public LatentBatch encode(ImageBatch images) {
            encodeCalls.incrementAndGet();
            return inner.encode(images);
        }

        @Override
        public ImageBatch decode(LatentBatch latents) {
            decodeCalls.incrementAndGet();
            return inner.decode(latents);
        }

        @Override public void close() { inner.close(); }
    }
}
