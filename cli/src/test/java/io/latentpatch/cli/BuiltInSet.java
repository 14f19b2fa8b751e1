package io.latentpatch.cli;

import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.pipeline.SourceEncoding;
import io.latentpatch.codec.Codec;
import io.latentpatch.codec.pixel.PixelCodec;
import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.planning.EncodedSources;
import io.latentpatch.pipeline.SourceImage;
import io.latentpatch.generate.SourceLoading;
import io.latentpatch.samples.Portrait;
import io.latentpatch.samples.SampleSet;
import io.latentpatch.samples.SyntheticPortraits;
import java.util.ArrayList;
import java.util.List;

/** The built-in sample set as {@code generate} sees it with the default pixel codec, computed once per test JVM. */
final class BuiltInSet {
    static final int SIZE = 256;
    static final int GRID = 16;

    private static List<SourceImage> images;
    private static List<LatentGrid> latents;
    private static List<Portrait> portraits;

    private BuiltInSet() {}

    /** The 32 portraits at 256 px, as the CLI loads them. */
    static synchronized List<SourceImage> images() {
        if (images == null) images = SourceLoading.builtIn(SIZE, new ImageLoader()).images();
        return images;
    }

    /** Their pixel-f16 latents (L = 768, M = 16), encoded one by one. */
    static synchronized List<LatentGrid> latents() {
        if (latents == null) {
            List<float[]> pixels = new ArrayList<>();
            for (SourceImage s : images()) pixels.add(s.chw());
            try (Codec codec = PixelCodec.f16()) {
                latents = SourceEncoding.encodeImages(codec, pixels, SIZE);
            }
        }
        return latents;
    }

    /** The portraits with their labels, drawn afresh from the sample set's seed. */
    static synchronized List<Portrait> portraits() {
        if (portraits == null) portraits = SyntheticPortraits.generate(SampleSet.DEFAULT_COUNT, SampleSet.DEFAULT_SEED, SampleSet.DEFAULT_SIZE);
        return portraits;
    }
}
