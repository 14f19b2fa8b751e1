package io.latentpatch.planning;

import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.grid.PixelBlocks;
import io.latentpatch.core.sampler.SampleResult;
import io.latentpatch.core.sampler.SamplerParams.Finish;

/** Step 8: the sampled PCA-space canvas becomes the full latent to decode, per the plan's finish mode. */
public final class OutputFinisher {
    private OutputFinisher() {}

    /**
     * @param codebook    {@code [K][L]} row-major, required for the quantize finish, else ignored
     * @param pixelLayout the codec's pixel-block layout (built-in pixel codecs: the blend works on the picture), or
     *                    null for a learned latent
     */
    public static LatentGrid finish(SampleResult sample, JobPlanner.Plan plan, EncodedSources sources, float[] codebook,
                                    PixelBlocks pixelLayout) {
        Finish mode = plan.params().finish();
        if (mode == Finish.QUANTIZE && codebook == null) {
            throw new IllegalArgumentException("--finish quantize needs a codec with a codebook (codebook.npy in the model directory)");
        }
        return sample.finish(mode, plan.bank(), sources.pca(), codebook, plan.targetOriginal(), pixelLayout);
    }
}
