package io.latentpatch.core.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentpatch.core.grid.LatentGrid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fast sampler gives the reference's bits whatever the vector width: child JVMs limited to 128- and
 * 256-bit vectors ({@code -XX:MaxVectorSize}, so 4 and 8 float lanes, tile widths and kernels of SSE and
 * AVX2 machines) sample the same jobs as this JVM, and every digest must equal the scalar reference's.
 */
class VectorWidthIndependenceTest {

    /** B, penalty: one and two vectors at every width, several narrow tiles, wide tiles with padding. */
    private static final int[][] BANKS = {{5, 0}, {16, 0}, {20, 1}, {40, 0}, {70, 1}, {131, 0}, {300, 1}};

    /** One line per bank: B, the lanes of this JVM, and a digest of provenance and canvas bits of 6 images. */
    static List<String> digests(Sampler sampler) {
        List<String> out = new ArrayList<>();
        for (int[] bank : BANKS) {
            SamplerParams p = SamplerParams.defaultsFor(12).toBuilder().patch(4).stride(2).scales(3).k(3)
                    .sourceReusePenalty(bank[1] * 0.5f).build();
            SourceBank b = TestGrids.bank(bank[0], 5, 12, p, 1000 + bank[0]);
            LatentGrid reference = TestGrids.gaussian(5, 12, 3);
            long h = 17;
            for (GenerationRequest req : List.of(GenerationRequest.random(), GenerationRequest.reference(reference, true))) {
                for (SampleResult r : sampler.sampleMany(b, p, req, 42, 0, 6, 1)) {
                    for (int v : r.provenance()) h = h * 31 + v;
                    for (float v : r.canvas().data()) h = h * 31 + Float.floatToRawIntBits(v);
                }
            }
            out.add(bank[0] + " " + Long.toHexString(h));
        }
        return out;
    }

    /** Child entry point: prints the lane count, then the fast sampler's digests. */
    public static void main(String[] args) {
        System.out.println("lanes " + DistanceKernels.LANES);
        digests(new PatchSampler()).forEach(System.out::println);
    }

    @Test
    void narrowerVectorsGiveTheReferenceBits() throws IOException, InterruptedException {
        List<String> expected = digests(new ReferencePatchSampler());
        assertThat(digests(new PatchSampler())).as("this JVM, %d lanes", DistanceKernels.LANES).isEqualTo(expected);
        for (int bytes : new int[] {16, 32}) {
            List<String> lines = child(bytes);
            assertThat(lines.get(0)).isEqualTo("lanes " + Math.min(DistanceKernels.LANES, bytes / 4));
            assertThat(lines.subList(1, lines.size())).as("-XX:MaxVectorSize=%d", bytes).isEqualTo(expected);
        }
    }

    private static List<String> child(int maxVectorBytes) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--add-modules", "jdk.incubator.vector", "-XX:MaxVectorSize=" + maxVectorBytes,
                "-cp", System.getProperty("java.class.path"), VectorWidthIndependenceTest.class.getName())
                .redirectErrorStream(false).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        assertThat(p.exitValue()).as("child JVM exit; stderr: %s", err).isZero();
        return new String(out, StandardCharsets.UTF_8).lines().toList();
    }
}
