package io.latentpatch.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.codec.Codecs;
import io.latentpatch.contracts.JobEvent;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class StageWarmupTest {

    @Test
    void aDecoderWarmUpRunsEveryStageOfEachRound() {
        ExecutorService io = Executors.newFixedThreadPool(2);
        try {
            StageWarmup.Report r = StageWarmup.run(JobEvent.Stage.DECODE, 2, io);
            assertThat(r.rounds()).isEqualTo(2);
            // each round encodes the set afresh (as a new upload does), then samples and decodes every output
            assertThat(r.encoded()).isEqualTo(2 * StageWarmup.IMAGES);
            assertThat(r.sampled()).isEqualTo(2 * StageWarmup.OUTPUTS);
            assertThat(r.decoded()).isEqualTo(2 * StageWarmup.OUTPUTS);
            assertThat(r.stageMs()).containsOnlyKeys("encode", "sample", "decode");
            // round 0 blends on the picture (a pixel codec's name), round 1 over latent cells (a name with no pixel layout)
            assertThat(Codecs.pixelLayout(StageWarmup.MODEL)).isPresent();
            assertThat(Codecs.pixelLayout(StageWarmup.CELL_MODEL)).isEmpty();
        } finally {
            io.shutdown();
        }
    }

    @Test
    void anEncoderWarmUpStopsAfterEncoding() {
        StageWarmup.Report r = StageWarmup.run(JobEvent.Stage.ENCODE, 1, Runnable::run);
        assertThat(r.encoded()).isEqualTo(StageWarmup.IMAGES);
        assertThat(r.sampled()).isZero();
        assertThat(r.decoded()).isZero();
        assertThat(r.stageMs()).containsOnlyKeys("encode");
    }

    @Test
    void aSamplerWarmUpSamplesButDoesNotDecode() {
        StageWarmup.Report r = StageWarmup.run(JobEvent.Stage.SAMPLE, 1, Runnable::run);
        assertThat(r.sampled()).isEqualTo(StageWarmup.OUTPUTS);
        assertThat(r.decoded()).isZero();
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> StageWarmup.run(JobEvent.Stage.GATEWAY, 1, Runnable::run)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ENCODE, SAMPLE or DECODE");
        assertThatThrownBy(() -> StageWarmup.run(JobEvent.Stage.DECODE, 0, Runnable::run)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rounds");
    }
}
