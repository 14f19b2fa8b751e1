package io.latentpatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.imaging.PngWriter;
import io.latentpatch.imaging.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of {@code bench pipeline} that need no stack (the stack run itself is a measurement, not a test). */
class PipelineBenchTest {

    @Test
    void theLastLineGivesBothRatiosOfPipelineToGenerateSeconds() {
        assertThat(PipelineBench.ratios(30.0, 20.0, 11.0, 10.0)).isEqualTo("cold_ratio=1.50 warm_ratio=1.10");
    }

    @Test
    void aRunIsDescribedWithItsWallPhasesStageSumsAndStatusLag() throws IOException {
        var status = JsonCodec.shared().mapper().readTree("{\"elapsedMs\":{\"queued\":40,\"encoding\":900},"
                + "\"timingsMs\":{\"decode\":700,\"write\":30},\"finishedAt\":\"2026-12-01T10:00:00Z\"}");
        PipelineBench.PipelineRun run = new PipelineBench.PipelineRun(0.5, 0.02, 1.25, 0.3, status,
                java.time.Instant.parse("2026-12-01T10:00:00.120Z"), "{}", "{ENCODING=40}");
        assertThat(run.statusLagMs()).isEqualTo(120);
        assertThat(PipelineBench.describe("warm pipeline", run)).startsWith("warm pipeline    1.25 s")
                .contains("submit answered in 20 ms").contains("last image to client 120 ms")
                .contains("wall ms {queued=40, encoding=900}").contains("(ms) {decode=700, write=30}").contains("ms after submit: {ENCODING=40}");
    }

    @Test
    void theTimelineKeepsTheFirstTimeEachMilestoneIsSeen() throws IOException {
        var mapper = JsonCodec.shared().mapper();
        PipelineBench.Timeline t = new PipelineBench.Timeline(System.nanoTime());
        t.seen(mapper.readTree("{\"state\":\"ENCODING\",\"progress\":{\"total\":2,\"sampled\":0,\"done\":0}}"));
        t.seen(mapper.readTree("{\"state\":\"GENERATING\",\"progress\":{\"total\":2,\"sampled\":1,\"done\":0}}"));
        t.seen(mapper.readTree("{\"state\":\"GENERATING\",\"progress\":{\"total\":2,\"sampled\":2,\"done\":1}}"));
        t.seen(mapper.readTree("{\"state\":\"SUCCEEDED\",\"terminal\":true,\"progress\":{\"total\":2,\"sampled\":2,\"done\":2}}"));
        assertThat(t.toString()).startsWith("{ENCODING=").contains("GENERATING=").contains("sampled1=").contains("sampledAll=")
                .contains("done1=").contains("SUCCEEDED=").contains("doneAll=");
    }

    @Test
    void outputsAreComparedByteForByteAndImagesByChannel(@TempDir Path tmp) throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        for (Path d : new Path[] {a, b}) {
            Files.write(d.resolve("0.latent.npy"), new byte[] {1, 2, 3});
            Files.write(d.resolve("0.provenance.npy"), new byte[] {4});
        }
        Files.write(b.resolve("0.provenance.npy"), new byte[] {5});
        PngWriter.write(a.resolve("0.png"), new RgbImage(2, 1, new int[] {0x102030, 0}));
        PngWriter.write(b.resolve("0.png"), new RgbImage(2, 1, new int[] {0x102033, 0}));
        assertThat(PipelineBench.compare(a, b, 1)).isEqualTo("latents identical 1/1, provenance identical 0/1, "
                + "PNG files identical 0/1, largest pixel difference 3/255");
    }

    @Test
    void theWorkDirectoryIsEmptiedOnlyWhenAnEarlierRunMadeIt(@TempDir Path tmp) throws IOException {
        Path mine = tmp.resolve("bench");
        PipelineBench.prepareWorkDir(mine);
        Files.writeString(mine.resolve("old.txt"), "from the last run");
        PipelineBench.prepareWorkDir(mine);
        assertThat(mine.resolve("old.txt")).doesNotExist();
        assertThat(mine.resolve(PipelineBench.MARKER)).exists();

        Path other = Files.createDirectories(tmp.resolve("photos"));
        Files.writeString(other.resolve("keep.png"), "x");
        assertThatThrownBy(() -> PipelineBench.prepareWorkDir(other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a bench directory");
        assertThat(other.resolve("keep.png")).exists();
    }

    @Test
    void cpuTimeIsUserPlusSystemTicksOfProcStat(@TempDir Path tmp) throws IOException {
        // pid (comm with a space) state ppid ... utime=250 stime=50 (fields 14 and 15)
        Path stat = Files.writeString(tmp.resolve("stat"), "42 (java main) S 1 42 42 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 30 0 1 2 3\n");
        assertThat(PipelineBench.cpuSeconds(stat)).isEqualTo(3.0);
        assertThat(PipelineBench.cpuSeconds(tmp.resolve("absent"))).isZero();
        assertThat(PipelineBench.cpuDelta(java.util.Map.of("a", 1.0), java.util.Map.of("a", 3.5))).isEqualTo("{a=2.5}, total 2.5");
    }

    @Test
    void aCountBelowOneIsRejectedBeforeAnythingStarts() {
        Cli.Run r = Cli.run("bench", "pipeline", "--count", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--count must be >= 1, got 0");
    }

    @Test
    void negativeGenerateWarmupsAreRejectedBeforeAnythingStarts() {
        Cli.Run r = Cli.run("bench", "pipeline", "--generate-warmups", "-1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--generate-warmups must be >= 0, got -1");
    }

    @Test
    void roundsBelowOneAreRejectedBeforeAnythingStarts() {
        Cli.Run r = Cli.run("bench", "pipeline", "--rounds", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--rounds must be >= 1, got 0");
    }

    @Test
    void theWarmRatioIsTheMedianOfTheRoundsRatios() {
        // ratios 1.5, 3.0, 1.2: the slow round does not move the median
        assertThat(PipelineBench.median(new double[] {3.0, 6.0, 2.4}, new double[] {2.0, 2.0, 2.0})).isEqualTo(1.5);
        // even count: the mean of the middle two (1.2 and 1.5)
        assertThat(PipelineBench.median(new double[] {3.0, 6.0, 2.4, 1.0}, new double[] {2.0, 2.0, 2.0, 1.0})).isEqualTo(1.35, within(1e-12));
        assertThat(PipelineBench.median(new double[] {1.1}, new double[] {1.0})).isEqualTo(1.1, within(1e-12));
        assertThat(PipelineBench.ratios(3.0, 2.0, 1.234)).isEqualTo("cold_ratio=1.50 warm_ratio=1.23");
    }

    @Test
    void everyWarmRoundIsPrintedBesideTheMedian() {
        assertThat(PipelineBench.warmRounds(new double[] {3.2, 4.0}, new double[] {2.0, 2.5}))
                .isEqualTo("warm rounds, pipeline/generate s: 3.20/2.00 (1.60x), 4.00/2.50 (1.60x)");
    }
}
