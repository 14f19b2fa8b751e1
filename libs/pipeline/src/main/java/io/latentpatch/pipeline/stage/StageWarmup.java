package io.latentpatch.pipeline.stage;

import io.latentpatch.codec.Codec;
import io.latentpatch.codec.Codecs;
import io.latentpatch.contracts.DecodeTask;
import io.latentpatch.contracts.ImageSize;
import io.latentpatch.contracts.JobEvent;
import io.latentpatch.contracts.JobRequest;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.contracts.ObjectKeys;
import io.latentpatch.contracts.SampleTask;
import io.latentpatch.contracts.SourceSetManifest;
import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.samples.Portrait;
import io.latentpatch.samples.SampleSet;
import io.latentpatch.samples.SyntheticPortraits;
import io.latentpatch.storage.MemoryObjectStore;
import io.latentpatch.storage.ObjectStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * A worker's start-up warm-up job: a small job of built-in portraits run through the real stage code (encode,
 * sample and finish, decode, with the worker's own IO pool) on an in-memory store, so that the first real job
 * after a replica starts does not run that code in the interpreter while the JIT catches up (measured: a cold
 * taef2 job took 1.6–2.1× a warm one). It touches nothing outside this process — no store, no broker — and
 * leaves no state a later result depends on: the stages are functions of their inputs.
 *
 * <p>Stages up to and including the worker's own run: a decoder needs a sampled latent, a sampler an encoded set.
 * The codec is the built-in {@value #MODEL} (always available, no weights); the learned codecs' networks are
 * warmed by {@code ModelWarmup}, which this complements with the Java code around them. Even rounds name the job's
 * model {@value #MODEL}, so the blend finish runs on the picture (the pixel codecs' path); odd rounds name it
 * {@value #CELL_MODEL}, a name no built-in codec has, so the sampler blends over latent cells as for a learned codec.
 */
public final class StageWarmup {
    /** The codec of the warm-up job. */
    public static final String MODEL = "pixel-f8";
    /** Portraits in the warm-up set. */
    public static final int IMAGES = 8;
    /** Outputs of each warm-up job. */
    public static final int OUTPUTS = 4;
    /** Images per sample task of the warm-up job. */
    static final int RUN = 2;
    /** The model name of odd rounds: the same codec, but the sampler sees no pixel layout and blends latent cells. */
    public static final String CELL_MODEL = "warmup-latent-cells";
    private static final String TENANT = "warmup";

    /**
     * What a warm-up did.
     *
     * @param rounds  jobs run
     * @param millis  wall time of all of them
     * @param stageMs per stage of the last round, its wall time
     * @param encoded images encoded, over all rounds
     * @param sampled outputs sampled and finished, over all rounds
     * @param decoded outputs decoded and stored, over all rounds
     */
    public record Report(int rounds, long millis, Map<String, Long> stageMs, int encoded, int sampled, int decoded) {}

    private StageWarmup() {}

    /**
     * Runs {@code rounds} warm-up jobs through the stages up to {@code upTo} (ENCODE, SAMPLE or DECODE).
     *
     * @param io the IO pool the worker's own stage uses (so its code paths warm up too); {@code Runnable::run} for none
     * @throws IllegalStateException when a stage fails on the built-in job (a bug: the same code serves real jobs)
     */
    public static Report run(JobEvent.Stage upTo, int rounds, Executor io) {
        Objects.requireNonNull(io, "io");
        if (upTo == null || upTo == JobEvent.Stage.GATEWAY) throw new IllegalArgumentException("warm-up stage must be ENCODE, SAMPLE or DECODE, got " + upTo);
        if (rounds < 1) throw new IllegalArgumentException("warm-up rounds must be >= 1, got " + rounds);
        long start = System.nanoTime();
        Map<String, Long> stageMs = new LinkedHashMap<>();
        int encodedImages = 0;
        int sampledImages = 0;
        int decodedImages = 0;
        Clock clock = Clock.systemUTC();
        try (ObjectStore store = new MemoryObjectStore("warmup"); Codec codec = Codecs.open(MODEL)) {
            StageObjects objects = new StageObjects(store);
            // Runs of two images, so the sampler's lockstep over a run is warmed as a worker's default runs use it.
            EncodeStage encoder = new EncodeStage(objects, new ImageLoader(), EncodeStage.NO_ALIGNER, "warmup", clock, io, 4, RUN);
            SampleStage sampler = new SampleStage(objects, new BankCache(4, 256L << 20), name -> null, "warmup", clock, io);
            DecodeStage decoder = new DecodeStage(objects, "warmup", clock, io);
            uploadBuiltInSet(store, TENANT, "warmup-set", IMAGES);
            for (int round = 0; round < rounds; round++) {
                stageMs.clear();
                long t = System.nanoTime();
                String model = round % 2 == 0 ? MODEL : CELL_MODEL;
                JobRequest job = JobRequest.of(TENANT, "warmup-" + round, "warmup-set", model, OUTPUTS, round + 1L, null, Instant.now());
                // the set's latents of an earlier round go, so each round encodes and plans afresh, as a new upload does
                store.deletePrefix(ObjectKeys.sourceModelPrefix(TENANT, "warmup-set", model));
                EncodeStage.Result encoded = encoder.run(job, codec);
                t = EncodeStage.lap(stageMs, EncodeStage.ENCODE, t);
                encodedImages += encoded.imagesEncoded();
                if (upTo == JobEvent.Stage.ENCODE) continue;
                List<DecodeTask> decodes = new ArrayList<>();
                for (SampleTask task : encoded.tasks()) sampler.run(task, image -> decodes.add(image.decode()));
                t = EncodeStage.lap(stageMs, SampleStage.SAMPLE, t);
                sampledImages += decodes.size();
                if (upTo == JobEvent.Stage.SAMPLE) continue;
                DecodeStage.Result decoded = decoder.run(decodes, name -> codec);
                if (!decoded.failed().isEmpty()) {
                    throw new IllegalStateException("warm-up decode failed: " + decoded.failed().get(0).error().getMessage(),
                            decoded.failed().get(0).error());
                }
                EncodeStage.lap(stageMs, DecodeStage.DECODE, t);
                decodedImages += decoded.done().size();
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException("the warm-up job failed in the stage code: " + e.getMessage(), e);
        }
        return new Report(rounds, (System.nanoTime() - start) / 1_000_000, Map.copyOf(stageMs), encodedImages, sampledImages,
                decodedImages);
    }

    /**
     * Stores the first {@code count} built-in portraits as the gateway stores an upload: each PNG at
     * {@link ObjectKeys#sourceImage} and a manifest with the file names and the labels of
     * {@code labels.csv} ({@link SyntheticPortraits#LABEL_COLUMNS}).
     */
    public static SourceSetManifest uploadBuiltInSet(ObjectStore store, String tenant, String setId, int count) {
        List<Portrait> portraits = SyntheticPortraits.generate(SampleSet.DEFAULT_COUNT, SampleSet.DEFAULT_SEED, SampleSet.DEFAULT_SIZE)
                .subList(0, count);
        List<byte[]> images = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Map<String, String>> labels = new ArrayList<>();
        List<ImageSize> sizes = new ArrayList<>();
        for (int i = 0; i < portraits.size(); i++) {
            Portrait p = portraits.get(i);
            byte[] png = SampleSet.encodePng(p.image());
            store.put(ObjectKeys.sourceImage(tenant, setId, i), png, StageObjects.PNG);
            images.add(png);
            names.add(p.name());
            sizes.add(new ImageSize(p.image().getWidth(), p.image().getHeight()));
            Map<String, String> l = new LinkedHashMap<>();
            for (String column : SyntheticPortraits.LABEL_COLUMNS) l.put(column, p.label(column));
            labels.add(l);
        }
        SourceSetManifest manifest = SourceSetManifest.of(setId, sizes, names, labels, images, Instant.now());
        store.put(ObjectKeys.sourceManifest(tenant, setId), JsonCodec.shared().write(manifest), StageObjects.JSON);
        return manifest;
    }
}
