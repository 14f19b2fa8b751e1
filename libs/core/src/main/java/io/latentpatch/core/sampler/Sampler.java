package io.latentpatch.core.sampler;

import java.util.List;

/**
 * Generates latent grids by multi-scale patch copying (ALGORITHM.md steps 3–8) or by a baseline.
 *
 * <p>Contract shared by every implementation: image {@code i} of a job draws every random choice from
 * {@code SeedMixer.imageRandom(jobSeed, i)}, so its result depends only on (bank, params, request,
 * jobSeed, i): identical floats and provenance whether it is sampled alone, in a batch of any size, or
 * on any number of threads.
 */
public interface Sampler {

    /** Samples image {@code imageIndex} of the job seeded {@code jobSeed}. */
    default SampleResult sample(SourceBank bank, SamplerParams params, GenerationRequest request, long jobSeed, int imageIndex) {
        return sampleMany(bank, params, request, jobSeed, imageIndex, 1, 1).get(0);
    }

    /**
     * Samples images {@code firstIndex .. firstIndex + count − 1}, in index order.
     *
     * @param threads worker threads to use (≥ 1; at most the available processors are started); results do not
     *                depend on it
     * @throws IllegalArgumentException when the parameters, bank and request do not fit together (the
     *                                  message says which value and what would work)
     */
    List<SampleResult> sampleMany(SourceBank bank, SamplerParams params, GenerationRequest request, long jobSeed,
                                  int firstIndex, int count, int threads);
}
