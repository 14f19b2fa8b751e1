package io.latentpatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.codec.Codec;
import io.latentpatch.codec.Codecs;
import io.latentpatch.codec.ImageBatch;
import io.latentpatch.core.grid.LatentGrid;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelWarmupTest {
    private static final List<String> AVAILABLE = List.of("pixel", "pixel-f16", "pixel-f8", "taef2");

    @Test
    void allNamesEveryAvailableModelAndNoneOrNothingNamesNone() {
        assertThat(ModelWarmup.resolve(List.of("all"), AVAILABLE)).isEqualTo(AVAILABLE);
        assertThat(ModelWarmup.resolve(List.of(" ALL "), AVAILABLE)).isEqualTo(AVAILABLE);
        assertThat(ModelWarmup.resolve(List.of("none"), AVAILABLE)).isEmpty();
        assertThat(ModelWarmup.resolve(List.of(), AVAILABLE)).isEmpty();
    }

    @Test
    void namesKeepTheirOrderWithoutDuplicates() {
        assertThat(ModelWarmup.resolve(List.of("taef2", "pixel-f8", "taef2"), AVAILABLE)).containsExactly("taef2", "pixel-f8");
    }

    @Test
    void unknownNamesAndAllMixedWithNamesAreRejectedWithTheChoices() {
        assertThatThrownBy(() -> ModelWarmup.resolve(List.of("taef9"), AVAILABLE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'taef9'").hasMessageContaining("pixel-f8, taef2");
        assertThatThrownBy(() -> ModelWarmup.resolve(List.of("all", "taef2"), AVAILABLE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'all', 'none' or a list");
    }

    @Test
    void aWarmUpRunsTheNetworkOnceAndLeavesLaterResultsUnchanged() {
        try (Codec plain = Codecs.open("pixel-f8"); Codec warmed = Codecs.open("pixel-f8")) {
            int size = plain.preferredImageSize();
            float[] chw = new float[3 * size * size];
            for (int i = 0; i < chw.length; i++) chw[i] = (i % 255) / 255f;
            List<Long> millis = new ArrayList<>();
            millis.add(ModelWarmup.run(warmed, ModelWarmup.Network.ENCODER));
            millis.add(ModelWarmup.run(warmed, ModelWarmup.Network.DECODER));
            assertThat(millis).allSatisfy(ms -> assertThat(ms).isNotNegative());
            LatentGrid a = SourceEncoding.encodeImages(plain, List.of(chw), size).get(0);
            LatentGrid b = SourceEncoding.encodeImages(warmed, List.of(chw), size).get(0);
            assertThat(b.data()).containsExactly(a.data());
            ImageBatch x = plain.decode(SourceEncoding.toBatch(List.of(a)));
            ImageBatch y = warmed.decode(SourceEncoding.toBatch(List.of(b)));
            assertThat(y.data()).containsExactly(x.data());
        }
    }
}
