package io.latentpatch.codec;

/**
 * How to open a codec. Ignored by the pixel codec except where noted.
 *
 * @param provider      where the networks run: auto (CUDA if present, else CPU), cpu or cuda
 * @param intraOpThreads ONNX Runtime threads per network run; 0 lets ONNX Runtime choose (one per
 *                      physical core)
 * @param maxBatch      largest number of images or grids sent to a network in one run; bigger
 *                      batches are split into chunks of this size (bounds memory, ≥ 1); 0 (the default) chooses
 *                      by provider, {@link #CPU_MAX_BATCH} on the CPU and {@link #GPU_MAX_BATCH} on CUDA
 * @param verifyDigests check the SHA-256 of each model file against {@code files} in model.json
 *                      when loading (sizes are always checked); turn off to save ~10 ms per MB
 * @param cudaDevice    CUDA device ordinal used when the provider is CUDA
 */
public record CodecOptions(ExecutionProvider provider, int intraOpThreads, int maxBatch,
                           boolean verifyDigests, int cudaDevice) {

    /** {@code maxBatch} that chooses by provider ({@link #effectiveMaxBatch}). */
    public static final int AUTO_MAX_BATCH = 0;

    /**
     * One image per run on the CPU: batching buys nothing there (the networks are compute-bound at batch 1), and a
     * taef2 decode of 8–16 per run touched 1.6 GB instead of 0.7 and spent 11 s in the kernel faulting it in on a
     * 2-core VM, 5× the batch-1 time (docs/benchmarks.md, 2026-12-03).
     */
    public static final int CPU_MAX_BATCH = 1;

    /** On a GPU a run's fixed cost is what batching pays for: 16 images of 256×256 is about 12 MB of input. */
    public static final int GPU_MAX_BATCH = 16;

    public CodecOptions {
        if (provider == null) {
            throw new IllegalArgumentException("provider is null: use ExecutionProvider.AUTO, CPU or CUDA");
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be >= 0 (0 = ONNX Runtime default), got " + intraOpThreads);
        }
        if (maxBatch < 0) {
            throw new IllegalArgumentException("maxBatch must be >= 1, or 0 to choose by provider, got " + maxBatch);
        }
        if (cudaDevice < 0) {
            throw new IllegalArgumentException("cudaDevice must be >= 0, got " + cudaDevice);
        }
    }

    /** auto provider, ONNX Runtime's thread count, chunks chosen by provider, digests verified, CUDA device 0. */
    public static CodecOptions defaults() {
        return new CodecOptions(ExecutionProvider.AUTO, 0, AUTO_MAX_BATCH, true, 0);
    }

    /** The chunk size a network run uses on the given provider: {@code maxBatch}, or the provider's when it is 0. */
    public int effectiveMaxBatch(boolean cuda) {
        if (maxBatch != AUTO_MAX_BATCH) return maxBatch;
        return cuda ? GPU_MAX_BATCH : CPU_MAX_BATCH;
    }

    public CodecOptions withProvider(ExecutionProvider value) {
        return new CodecOptions(value, intraOpThreads, maxBatch, verifyDigests, cudaDevice);
    }

    public CodecOptions withIntraOpThreads(int value) {
        return new CodecOptions(provider, value, maxBatch, verifyDigests, cudaDevice);
    }

    public CodecOptions withMaxBatch(int value) {
        return new CodecOptions(provider, intraOpThreads, value, verifyDigests, cudaDevice);
    }

    public CodecOptions withVerifyDigests(boolean value) {
        return new CodecOptions(provider, intraOpThreads, maxBatch, value, cudaDevice);
    }

    public CodecOptions withCudaDevice(int value) {
        return new CodecOptions(provider, intraOpThreads, maxBatch, verifyDigests, value);
    }
}
