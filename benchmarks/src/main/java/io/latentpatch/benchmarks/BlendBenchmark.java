package io.latentpatch.benchmarks;

import io.latentpatch.core.blend.GradientBlend;
import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.grid.PixelBlocks;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The blend finish of the default codec (pixel-f16): one 256×256×3 picture blend ({@link GradientBlend#blendPixels},
 * λ = {@value GradientBlend#DEFAULT_PIXEL_DATA_WEIGHT}) of a copy made of 16 sources in blocks, with the Vector API
 * kernels ({@code vector}) and their scalar references ({@code scalar}); both give the same bytes. ms per picture.
 * A CG iteration streams about 12 arrays of 65 536 doubles (≈ 6.3 MB): at ~170 iterations per colour the solve moves
 * ≈ 3.2 GB, so it runs against the caches' bandwidth, not the FMA units.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class BlendBenchmark {
    private static final int GRID = 16;
    private static final int SOURCES = 16;

    private final PixelBlocks layout = new PixelBlocks(16);
    private LatentGrid[] sources;
    private LatentGrid copy;
    private int[] provenance;

    @Setup(Level.Trial)
    public void setUp() {
        MachineInfo.print();
        int channels = layout.channels();
        int cells = GRID * GRID;
        SplittableRandom r = new SplittableRandom(3);
        sources = new LatentGrid[SOURCES];
        for (int s = 0; s < SOURCES; s++) {
            float[] d = new float[channels * cells];
            float base = (float) r.nextDouble();
            for (int i = 0; i < d.length; i++) d[i] = base + (float) (0.2 * r.nextDouble());
            sources[s] = new LatentGrid(channels, GRID, d);
        }
        provenance = new int[cells];
        for (int i = 0; i < cells; i++) provenance[i] = (i / 37 + i % 5) % SOURCES;
        float[] c = new float[channels * cells];
        for (int ch = 0; ch < channels; ch++) {
            for (int i = 0; i < cells; i++) c[ch * cells + i] = sources[provenance[i]].data()[ch * cells + i];
        }
        copy = new LatentGrid(channels, GRID, c);
    }

    @Benchmark
    public Object vector() {
        return GradientBlend.blendPixels(copy, provenance, k -> sources[k], null, GradientBlend.DEFAULT_PIXEL_DATA_WEIGHT, layout,
                GradientBlend.Kernels.VECTOR);
    }

    @Benchmark
    public Object scalar() {
        return GradientBlend.blendPixels(copy, provenance, k -> sources[k], null, GradientBlend.DEFAULT_PIXEL_DATA_WEIGHT, layout,
                GradientBlend.Kernels.SCALAR);
    }
}
