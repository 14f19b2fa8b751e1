package io.latentpatch.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentpatch.codec.Codec;
import io.latentpatch.codec.Codecs;
import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.planning.GenerationSpec;
import org.junit.jupiter.api.Test;

/** Sampling and the finish (the blend) run on several threads; the outputs do not depend on how many. */
class GenerationThreadsTest {

    @Test
    void outputsAreTheSameOnOneAndOnSeveralThreads() {
        try (Codec codec = Codecs.open("pixel-f8")) {
            SourceLoading.Loaded builtIn = SourceLoading.builtIn(codec.preferredImageSize(), new ImageLoader());
            Generation.Result one = run(codec, builtIn, 1);
            Generation.Result three = run(codec, builtIn, 3);
            assertThat(three.outputs()).hasSize(5);
            for (int i = 0; i < 5; i++) {
                Generation.Output a = one.outputs().get(i);
                Generation.Output b = three.outputs().get(i);
                assertThat(b.index()).isEqualTo(i);
                assertThat(b.latent().data()).as("finished latent %d", i).isEqualTo(a.latent().data());
                assertThat(b.sample().provenance()).isEqualTo(a.sample().provenance());
                assertThat(b.image()).isEqualTo(a.image());
            }
        }
    }

    private static Generation.Result run(Codec codec, SourceLoading.Loaded builtIn, int threads) {
        return Generation.run(new Generation.Input(codec, builtIn.images(), builtIn.labels(), GenerationSpec.defaults(), null, null,
                5, 11, threads, 5), Progress.NONE);
    }
}
