package io.latentpatch.benchmarks;

import io.latentpatch.core.sampler.DistanceKernels;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One sampler step: the masked squared distances of a query canvas to every candidate at one patch
 * position, on the bank layout the sampler uses ({@code [cell][tile][c][lane]}, M = 16, r = 16, a 6×6
 * patch = 36 valid cells, i.e. 16·36 floats per candidate).
 *
 * <ul>
 *   <li>{@code scalarLoop}: the obviously-correct loop, one candidate at a time (the test oracle).</li>
 *   <li>{@code vectorKernel}: the Vector API kernel, one query.</li>
 *   <li>{@code lockstep8}, {@code lockstep32}: the same kernel with 8 or 32 images in lockstep; the score
 *       is per image (one candidate pass serves them all), comparable with the two above.</li>
 * </ul>
 * All four produce bit-identical distances.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class DistanceKernelBenchmark {
    private static final int GRID = 16;
    private static final int DIMS = 16;
    private static final int PATCH = 6;

    @Param({"16", "30000"})
    public int candidates;

    private float[] level;
    private float[] norms;
    private float[] queryNorms;
    private int tiles;
    private int tileWidth;
    private int[] cells;
    private float[][] queries;
    private float[][] out;

    @Setup(Level.Trial)
    public void setUp() {
        tileWidth = candidates <= 4 * DistanceKernels.LANES ? DistanceKernels.LANES : 4 * DistanceKernels.LANES;
        tiles = (candidates + tileWidth - 1) / tileWidth;
        SplittableRandom rng = new SplittableRandom(42);
        level = new float[GRID * GRID * tiles * DIMS * tileWidth];
        for (int i = 0; i < level.length; i++) level[i] = (float) rng.nextGaussian();
        cells = new int[PATCH * PATCH];
        int n = 0;
        for (int y = 4; y < 4 + PATCH; y++) for (int x = 4; x < 4 + PATCH; x++) cells[n++] = y * GRID + x;
        queries = new float[32][GRID * GRID * DIMS];
        for (float[] q : queries) for (int i = 0; i < q.length; i++) q[i] = (float) rng.nextGaussian();
        out = new float[32][tiles * tileWidth];
        // what SourceBank and the sampler's Lockstep keep: cell norms of the level and each query's ‖C‖²_V
        norms = new float[GRID * GRID * tiles * tileWidth];
        float[] v = new float[DIMS];
        for (int cell = 0; cell < GRID * GRID; cell++) {
            for (int b = 0; b < tiles * tileWidth; b++) {
                for (int c = 0; c < DIMS; c++) v[c] = level[((cell * tiles + b / tileWidth) * DIMS + c) * tileWidth + b % tileWidth];
                norms[cell * tiles * tileWidth + b] = DistanceKernels.cellNorm(v, 0, DIMS);
            }
        }
        queryNorms = new float[32];
        for (int q = 0; q < 32; q++) {
            float[] cellNorms = new float[GRID * GRID];
            for (int cell = 0; cell < GRID * GRID; cell++) cellNorms[cell] = DistanceKernels.cellNorm(queries[q], cell * DIMS, DIMS);
            queryNorms[q] = DistanceKernels.queryNorm(cellNorms, cells, cells.length);
        }
    }

    @Benchmark
    public void scalarLoop(Blackhole bh) {
        DistanceKernels.distancesScalar(level, tiles, tileWidth, DIMS, cells, cells.length, queries, 1, out, 0, tiles);
        bh.consume(out[0]);
    }

    @Benchmark
    public void vectorKernel(Blackhole bh) {
        DistanceKernels.distances(level, norms, tiles, tileWidth, DIMS, cells, cells.length, queries, queryNorms, 1, out, 0, tiles);
        bh.consume(out[0]);
    }

    @Benchmark
    @OperationsPerInvocation(8)
    public void lockstep8(Blackhole bh) {
        DistanceKernels.distances(level, norms, tiles, tileWidth, DIMS, cells, cells.length, queries, queryNorms, 8, out, 0, tiles);
        bh.consume(out[7]);
    }

    @Benchmark
    @OperationsPerInvocation(32)
    public void lockstep32(Blackhole bh) {
        DistanceKernels.distances(level, norms, tiles, tileWidth, DIMS, cells, cells.length, queries, queryNorms, 32, out, 0, tiles);
        bh.consume(out[31]);
    }
}
