package io.latentpatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latentpatch.imaging.RgbImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code latentpatch generate} with its defaults (built-in portraits, pixel codec, random mode), run in-process:
 * the files it writes, determinism, and the copy finish.
 */
class GenerateBuiltInTest {
    private static final int COUNT = 6;

    @TempDir
    static Path tmp;

    private static Cli.Run first;
    private static Path a;
    private static Path b;
    private static Path c;

    @BeforeAll
    static void generate() {
        a = tmp.resolve("a");
        b = tmp.resolve("b");
        c = tmp.resolve("c");
        first = Cli.ok("generate", "--count", "" + COUNT, "--seed", "7", "--threads", "2", "--quiet", "--out", a.toString());
        Cli.ok("generate", "--count", "" + COUNT, "--seed", "7", "--threads", "1", "--quiet", "--out", b.toString());
        // c: the copy finish (the default blends), whose every cell can be checked against its source
        Cli.ok("generate", "--count", "" + COUNT, "--seed", "8", "--threads", "2", "--quiet", "--finish", "copy", "--out", c.toString());
    }

    @Test
    void writesTheDocumentedFilesPerImageAndPerRun() {
        assertThat(RunFiles.files(a).keySet()).containsExactlyInAnyOrderElementsOf(RunFiles.expectedNames(COUNT));
        for (int i = 0; i < COUNT; i++) {
            assertThat(RunFiles.latent(a, i).channels()).isEqualTo(768);
            assertThat(RunFiles.latent(a, i).size()).isEqualTo(BuiltInSet.GRID);
            RgbImage image = RunFiles.png(a.resolve(i + ".png"));
            assertThat(new int[] {image.width(), image.height()}).containsExactly(256, 256);
            RgbImage map = RunFiles.png(a.resolve(i + ".provenance.png"));
            assertThat(new int[] {map.width(), map.height()}).containsExactly(256, 256);
        }
        JsonNode report = RunFiles.report(a);
        assertThat(report.get("model").asText()).isEqualTo("pixel-f16");
        assertThat(report.get("count").asInt()).isEqualTo(COUNT);
        assertThat(report.get("seed").asLong()).isEqualTo(7);
        assertThat(report.get("mode").asText()).isEqualTo("random");
        assertThat(report.get("sources")).hasSize(32);
        assertThat(report.get("outputs")).hasSize(COUNT);
        assertThat(report.at("/params/patch").asInt()).isEqualTo(4);
        assertThat(report.at("/params/stride").asInt()).isEqualTo(2);
        assertThat(report.at("/params/k").asInt()).isEqualTo(3);
        assertThat(report.at("/params/scales").asInt()).isEqualTo(5);
        assertThat(report.at("/params/finish").asText()).isEqualTo("blend");
        assertThat(report.at("/params/coverage").asText()).isEqualTo("anchored");
        assertThat(report.at("/pca/components").asInt()).isEqualTo(16);
    }

    @Test
    void reportsWhereItWroteAndTheTimeOfEachStage() {
        assertThat(first.out()).contains("wrote " + COUNT + " images to " + a.toAbsolutePath().normalize());
        assertThat(first.out()).containsPattern("stage times \\(ms\\): \\{load-model=\\d+, load-images=\\d+, encode=\\d+, pca=\\d+, "
                + "plan=\\d+, sample=\\d+, decode=\\d+, report=\\d+, write=\\d+}");
        List<String> stages = new ArrayList<>();
        RunFiles.report(a).get("timingsMs").fieldNames().forEachRemaining(stages::add);
        assertThat(stages).containsExactly("load-model", "load-images", "encode", "pca", "plan", "sample", "decode", "report");
        assertThat(first.err()).contains("32 built-in synthetic portraits, codec pixel-f16 (L=768, grid 16), random mode, 6 outputs, seed 7");
    }

    @Test
    void theSameSeedGivesByteIdenticalFilesWhateverTheThreadCount() {
        TreeMap<String, byte[]> filesA = RunFiles.files(a);
        TreeMap<String, byte[]> filesB = RunFiles.files(b);
        assertThat(filesB.keySet()).isEqualTo(filesA.keySet());
        for (Map.Entry<String, byte[]> e : filesA.entrySet()) {
            if (e.getKey().equals("report.json")) continue;
            assertThat(filesB.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(RunFiles.reportWithoutTimings(b)).isEqualTo(RunFiles.reportWithoutTimings(a));
    }

    @Test
    void aDifferentSeedGivesDifferentLatents() {
        for (int i = 0; i < COUNT; i++) {
            assertThat(RunFiles.latent(c, i)).as("output %d with seeds 7 and 8", i).isNotEqualTo(RunFiles.latent(a, i));
        }
        assertThat(RunFiles.reportWithoutTimings(c)).isNotEqualTo(RunFiles.reportWithoutTimings(a));
    }

    @Test
    void everyLatentCellIsTheExactVectorOfTheSourceItsProvenanceNames() {
        RunFiles.assertCopiedFromProvenance(c, COUNT, BuiltInSet.latents(), null);
    }

    @Test
    void withThePixelCodecEveryImageBlockIsTheSourceBlockItsProvenanceNames() {
        int block = 256 / BuiltInSet.GRID;
        List<RgbImage> sources = new ArrayList<>();
        for (var s : BuiltInSet.images()) sources.add(RgbImage.fromChw(s.chw(), 256, 256));
        for (int i = 0; i < COUNT; i++) {
            RgbImage image = RunFiles.png(c.resolve(i + ".png"));
            int[] provenance = RunFiles.provenance(c, i, BuiltInSet.GRID);
            for (int y = 0; y < 256; y++) {
                for (int x = 0; x < 256; x++) {
                    int source = provenance[(y / block) * BuiltInSet.GRID + x / block];
                    if (image.get(x, y) != sources.get(source).get(x, y)) {
                        throw new AssertionError("output " + i + " pixel (" + x + ", " + y + ") differs from source " + source);
                    }
                }
            }
        }
    }

    @Test
    void theCopyReportCountsTheCellsOfEachSource() {
        JsonNode outputs = RunFiles.report(a).get("outputs");
        List<String> names = new ArrayList<>();
        for (var s : BuiltInSet.images()) names.add(s.name());
        for (int i = 0; i < COUNT; i++) {
            int[] provenance = RunFiles.provenance(a, i, BuiltInSet.GRID);
            int[] cells = new int[32];
            for (int id : provenance) cells[id]++;
            JsonNode shares = outputs.get(i).at("/copyReport/sourceShares");
            int distinct = 0;
            for (int s = 0; s < 32; s++) {
                if (cells[s] == 0) {
                    assertThat(shares.has(s + ":" + names.get(s))).isFalse();
                } else {
                    distinct++;
                    assertThat(shares.get(s + ":" + names.get(s)).asDouble()).as("output %d source %d", i, s)
                            .isEqualTo(cells[s] / 256.0);
                }
            }
            assertThat(outputs.get(i).at("/copyReport/distinctSources").asInt()).isEqualTo(distinct);
            assertThat(outputs.get(i).get("image").asText()).isEqualTo(i + ".png");
        }
    }
}
