package io.latentpatch.core.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeedMixerTest {

    @Test
    void imageSeedIsTheSplitMix64StreamOfTheJobSeed() {
        // published first outputs of SplitMix64 seeded with 0 and 1234567
        assertThat(SeedMixer.imageSeed(0, 0)).isEqualTo(0xE220A8397B1DCDAFL);
        assertThat(SeedMixer.imageSeed(0, 1)).isEqualTo(0x6E789E6AA1B965F4L);
        assertThat(SeedMixer.imageSeed(1234567, 0)).isEqualTo(6457827717110365317L);
    }

    @Test
    void seedsDifferAcrossImagesAndJobs() {
        Set<Long> seen = new HashSet<>();
        for (long job = 0; job < 20; job++) {
            for (int i = 0; i < 200; i++) seen.add(SeedMixer.imageSeed(job, i));
        }
        assertThat(seen).hasSize(20 * 200);
    }

    @Test
    void negativeImageIndexIsRejected() {
        assertThatThrownBy(() -> SeedMixer.imageSeed(1, -1)).hasMessageContaining("-1");
    }
}
