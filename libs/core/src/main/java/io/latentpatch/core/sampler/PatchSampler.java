package io.latentpatch.core.sampler;

import io.latentpatch.core.concurrent.ParallelIndices;
import java.util.List;

/**
 * The fast sampler: the same results as {@link ReferencePatchSampler}, bit for bit, on any vector width.
 *
 * <p>How: banks are position-major and tiled by candidate ({@link SourceBank}); several images walk the
 * steps in lockstep so that one pass over a step's candidates serves all of them (a small matrix product
 * images × candidates; {@value #SMALL_BANK_GROUP} images for banks of up to four vectors of candidates
 * ({@value #SMALL_BANK_WIDE_GROUP} with 16 lanes when the call has enough images), {@value #LARGE_BANK_GROUP}
 * for larger ones); the distance kernel is vectorised over candidates with the Vector API
 * ({@link DistanceKernels}: the norm expansion, one fused multiply-add per value) and sums each pair in the
 * reference's order; the k nearest are kept by a bounded insertion (a branch-free vector search for banks
 * of one or two vectors), not a sort; scratch space is allocated once per thread, never per step.
 *
 * <p>Threads: when there are at least as many lockstep groups as threads, each thread takes whole groups;
 * otherwise, when a step is large enough ({@link #PARALLEL_STEP_FLOATS}), the threads split every step
 * (candidate tiles for the distances, images for the selection); else the caller works alone. Measured on
 * the 2-core development machine for one image (ω = 6, r = 16, one scale): B = 128 took 0.19 ms alone and
 * 0.14 ms split over two threads, B = 512 0.80 ms and 0.64 ms; B = 16 (one tile) cannot be split.
 *
 * <p>Thread-safe and stateless: one instance can serve any number of concurrent calls.
 */
public final class PatchSampler implements Sampler {
    /** Candidate floats per step (B·ω²·r, B padded to whole tiles) from which a step is worth splitting across threads. */
    public static final long PARALLEL_STEP_FLOATS = 1L << 16;
    /** Images per lockstep group for small banks (narrow tiles): eight independent FMA chains keep both FMA ports busy. */
    static final int SMALL_BANK_GROUP = 8;
    /**
     * Images per group for small banks on 32-register machines (16 lanes) when there are enough images for two
     * such groups per thread: sixteen chains instead of eight hide the FMA latency of a one-tile bank.
     */
    static final int SMALL_BANK_WIDE_GROUP = 16;
    /**
     * Images per lockstep group for larger banks: each step streams the candidates from memory once per
     * group (B = 30 000, one thread: 8 images 43 ms/image, 16 → 27 ms, 32 → 22 ms, 64 → 19 ms).
     */
    static final int LARGE_BANK_GROUP = 32;

    private final int lockstepImages;
    private final boolean preferStepSplit;

    /** A sampler that picks its lockstep group size from the bank size. */
    public PatchSampler() {
        this(0, false);
    }

    /**
     * @param lockstepImages  images per lockstep group (≥ 1), or 0 for automatic; results do not depend on it
     * @param preferStepSplit with several threads and large steps, split every step's candidates across
     *                        the threads even when there are enough groups to give each thread its own
     */
    public PatchSampler(int lockstepImages, boolean preferStepSplit) {
        if (lockstepImages < 0) throw new IllegalArgumentException("lockstep group size must be >= 0 (0 = automatic), got " + lockstepImages);
        this.lockstepImages = lockstepImages;
        this.preferStepSplit = preferStepSplit;
    }

    @Override
    public List<SampleResult> sampleMany(SourceBank bank, SamplerParams params, GenerationRequest request, long jobSeed,
                                         int firstIndex, int count, int threads) {
        SamplingPlan.checkRange(firstIndex, count, threads);
        SamplingPlan plan = SamplingPlan.prepare(bank, params, request, true);
        SampleResult[] out = new SampleResult[count];
        if (params.method() != SamplerParams.Method.LATENTPATCH) {
            for (int i = 0; i < count; i++) out[i] = Baselines.sample(bank, params, jobSeed, firstIndex + i);
            return List.of(out);
        }
        int group = lockstepImages > 0 ? lockstepImages
                : bank.count() > 4 * DistanceKernels.LANES ? LARGE_BANK_GROUP : smallBankGroup(count, threads);
        group = Math.max(1, Math.min(group, count));
        int groups = count == 0 ? 0 : (count + group - 1) / group;
        long stepFloats = (long) bank.tiles() * bank.tileWidth() * params.patch() * params.patch() * bank.dims();
        int workers = Math.min(threads, Runtime.getRuntime().availableProcessors());
        boolean bigSteps = stepFloats >= PARALLEL_STEP_FLOATS && bank.tiles() >= workers;
        if (workers == 1 || groups == 0) {
            runGroups(plan, group, jobSeed, firstIndex, count, out, null);
        } else if (bigSteps && (preferStepSplit || groups < workers)) {
            try (StepTeam team = new StepTeam(workers)) {
                runGroups(plan, group, jobSeed, firstIndex, count, out, team);
            }
        } else if (Math.min(workers, groups) == 1) {
            runGroups(plan, group, jobSeed, firstIndex, count, out, null);
        } else {
            runGroupsInParallel(plan, group, groups, Math.min(workers, groups), jobSeed, firstIndex, count, out);
        }
        return List.of(out);
    }

    private static int smallBankGroup(int count, int threads) {
        int workers = Math.min(threads, Runtime.getRuntime().availableProcessors());
        return DistanceKernels.LANES >= 16 && count >= 2L * SMALL_BANK_WIDE_GROUP * workers ? SMALL_BANK_WIDE_GROUP : SMALL_BANK_GROUP;
    }

    private static void runGroups(SamplingPlan plan, int group, long jobSeed, int firstIndex, int count, SampleResult[] out,
                                  StepTeam team) {
        Lockstep lockstep = new Lockstep(plan, group);
        for (int i = 0; i < count; i += group) {
            lockstep.run(jobSeed, firstIndex + i, Math.min(group, count - i), out, i, team);
        }
    }

    private static void runGroupsInParallel(SamplingPlan plan, int group, int groups, int workers, long jobSeed, int firstIndex,
                                            int count, SampleResult[] out) {
        ParallelIndices.run(groups, workers, "latentpatch-sampler", () -> {
            Lockstep lockstep = new Lockstep(plan, group);
            return g -> {
                int i = g * group;
                lockstep.run(jobSeed, firstIndex + i, Math.min(group, count - i), out, i, null);
            };
        });
    }
}
