package io.latentpatch.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentpatch.codec.Codec;
import io.latentpatch.codec.Codecs;
import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.sampler.SamplerParams.Finish;
import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.planning.GenerationSpec;
import io.latentpatch.planning.OutputFinisher;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The default finish with the built-in pixel codec (the blend, done on the picture) leaves no block-periodic
 * texture: neighbouring pixels differ as much where two f×f blocks meet as inside a block, where the blend over
 * latent cells (which compares pixels a block apart) makes them differ clearly more.
 */
class PixelCodecBlendTest {
    private static final int COUNT = 4;
    private static final long SEED = 1;

    @Test
    void theDefaultBlendOfThePixelCodecLeavesNoTextureAtTheBlockFrequency() {
        try (Codec codec = Codecs.open("pixel")) {
            int f = codec.downscale();
            SourceLoading.Loaded builtIn = SourceLoading.builtIn(codec.preferredImageSize(), new ImageLoader());
            GenerationSpec spec = GenerationSpec.defaults();
            Generation.Result run = Generation.run(new Generation.Input(codec, builtIn.images(), builtIn.labels(), spec, null, null,
                    COUNT, SEED, 2, COUNT), Progress.NONE);
            assertThat(run.plan().params().finish()).isEqualTo(Finish.BLEND);
            int size = run.imageSize();

            List<float[]> pictures = new ArrayList<>();
            List<LatentGrid> overCells = new ArrayList<>();
            List<LatentGrid> copies = new ArrayList<>();
            for (Generation.Output o : run.outputs()) {
                pictures.add(o.image());
                overCells.add(OutputFinisher.finish(o.sample(), run.plan(), run.encoded(), null, null));
                copies.add(o.sample().finish(Finish.COPY, run.plan().bank(), null, null, null));
            }
            double blend = blockRatio(pictures, size, f);
            double cellBlend = blockRatio(Generation.decode(codec, overCells, COUNT, Progress.NONE), size, f);
            double copy = blockRatio(Generation.decode(codec, copies, COUNT, Progress.NONE), size, f);

            assertThat(blend).as("border / inside at the block frequency, the picture blend").isBetween(0.85, 1.2);
            assertThat(cellBlend).as("the same ratio, blending latent cells").isGreaterThan(1.8);
            // 2.0 since the default keeps the inner face one source's (fewer provenance borders; 2.5+ before)
            assertThat(copy).as("the same ratio, the copy finish (provenance steps)").isGreaterThan(1.8);
        }
    }

    /**
     * Mean |x[i] − x[i−1]| over neighbouring pixels (both directions, every colour) where i is the first pixel of
     * a block (i mod f = 0) ÷ the same inside blocks, over every picture (CHW, size × size).
     */
    static double blockRatio(List<float[]> pictures, int size, int f) {
        double border = 0;
        double inside = 0;
        long borders = 0;
        long insides = 0;
        for (float[] p : pictures) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        int i = (c * size + y) * size + x;
                        if (x > 0) {
                            double d = Math.abs(p[i] - p[i - 1]);
                            if (x % f == 0) { border += d; borders++; } else { inside += d; insides++; }
                        }
                        if (y > 0) {
                            double d = Math.abs(p[i] - p[i - size]);
                            if (y % f == 0) { border += d; borders++; } else { inside += d; insides++; }
                        }
                    }
                }
            }
        }
        return (border / borders) / (inside / insides);
    }
}
