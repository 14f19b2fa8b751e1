package io.latentpatch.core.sampler;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The inner loop of the sampler: masked squared distances between query canvases and every candidate
 * of one bank level at the same positions (ALGORITHM.md step 6, {@code d_b = Σ_p V[p]·‖C[p] − Y_b[p]‖²}).
 * Public for the JMH benchmarks; not a stable API.
 *
 * <p>Shapes: a level is {@code [cell][tile][c][lane]} (see {@link SourceBank}) with tile width
 * {@code T} = one or four vectors; a query canvas is cell-major {@code [cell][c]}, index
 * {@code cell * r + c}; {@code cells} lists the valid cells of the patch in raster order; the output row of
 * query q is indexed by bank entry (length ≥ tiles·T, padding lanes included).
 *
 * <p>Arithmetic contract (what makes fast and reference samplers agree bit for bit, and a result
 * independent of batching): for every (query, candidate) the distance is
 * {@code d = 0f; for cell in cells: for c in 0..r−1: diff = C[cell][c] − Y_b[cell][c]; d = fma(diff, diff, d)},
 * evaluated in exactly that order. Each vector lane carries one candidate through that sequence, so the
 * value does not depend on the vector width, the tile, how many queries share the pass, or the thread.
 */
public final class DistanceKernels {
    /** The float species used everywhere (16 lanes with AVX-512). */
    public static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Lanes per vector. */
    public static final int LANES = SPECIES.length();

    private DistanceKernels() {}

    /**
     * Distances of queries {@code 0..nq−1} to the candidates of tiles {@code [tileFrom, tileTo)}.
     *
     * @param level     one bank level, {@code [cell][tile][c][lane]}
     * @param tiles     tiles per cell in {@code level}
     * @param tileWidth T, {@link #LANES} or {@code 4 * LANES}
     * @param r         channels per cell
     * @param cells     valid cells (index {@code y * m + x}), first {@code nCells} used
     * @param queries   query canvases, cell-major
     * @param out       {@code out[q][b]} receives the distance of query q to candidate b
     */
    public static void distances(float[] level, int tiles, int tileWidth, int r, int[] cells, int nCells,
                                 float[][] queries, int nq, float[][] out, int tileFrom, int tileTo) {
        if (tileWidth == 4 * LANES) {
            for (int tile = tileFrom; tile < tileTo; tile++) {
                int q = 0;
                for (; q + 4 <= nq; q += 4) {
                    wide4(level, tiles, r, cells, nCells, queries[q], queries[q + 1], queries[q + 2], queries[q + 3],
                            out[q], out[q + 1], out[q + 2], out[q + 3], tile);
                }
                for (; q < nq; q++) wide1(level, tiles, r, cells, nCells, queries[q], out[q], tile);
            }
        } else if (tileWidth == LANES) {
            for (int tile = tileFrom; tile < tileTo; tile++) {
                int q = 0;
                for (; q + 8 <= nq; q += 8) {
                    narrow8(level, tiles, r, cells, nCells, queries, q, out, tile);
                }
                for (; q + 4 <= nq; q += 4) {
                    narrow4(level, tiles, r, cells, nCells, queries[q], queries[q + 1], queries[q + 2], queries[q + 3],
                            out[q], out[q + 1], out[q + 2], out[q + 3], tile);
                }
                for (; q < nq; q++) narrow1(level, tiles, r, cells, nCells, queries[q], out[q], tile);
            }
        } else {
            throw new IllegalArgumentException("tile width " + tileWidth + " is neither " + LANES + " nor " + 4 * LANES);
        }
    }

    /**
     * The same contract as {@link #distances}, one candidate at a time with scalar arithmetic: the
     * obviously-correct loop the vector kernels are measured and tested against.
     */
    public static void distancesScalar(float[] level, int tiles, int tileWidth, int r, int[] cells, int nCells,
                                       float[][] queries, int nq, float[][] out, int tileFrom, int tileTo) {
        for (int q = 0; q < nq; q++) {
            float[] query = queries[q];
            for (int b = tileFrom * tileWidth; b < tileTo * tileWidth; b++) {
                int tile = b / tileWidth;
                int lane = b % tileWidth;
                float d = 0f;
                for (int i = 0; i < nCells; i++) {
                    int cell = cells[i];
                    int y = ((cell * tiles + tile) * r) * tileWidth + lane;
                    for (int c = 0; c < r; c++) {
                        float diff = query[cell * r + c] - level[y + c * tileWidth];
                        d = Math.fma(diff, diff, d);
                    }
                }
                out[q][b] = d;
            }
        }
    }

    // Four queries × four vectors of candidates: 16 accumulators stay in registers over the whole patch,
    // and each loaded candidate vector serves four queries.
    private static void wide4(float[] level, int tiles, int r, int[] cells, int nCells,
                              float[] c0, float[] c1, float[] c2, float[] c3,
                              float[] o0, float[] o1, float[] o2, float[] o3, int tile) {
        final int t = 4 * LANES;
        FloatVector a00 = FloatVector.zero(SPECIES), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        for (int i = 0; i < nCells; i++) {
            int cell = cells[i];
            int y = (cell * tiles + tile) * r * t;
            int qo = cell * r;
            for (int c = 0; c < r; c++, y += t) {
                FloatVector y0 = FloatVector.fromArray(SPECIES, level, y);
                FloatVector y1 = FloatVector.fromArray(SPECIES, level, y + LANES);
                FloatVector y2 = FloatVector.fromArray(SPECIES, level, y + 2 * LANES);
                FloatVector y3 = FloatVector.fromArray(SPECIES, level, y + 3 * LANES);
                FloatVector q = FloatVector.broadcast(SPECIES, c0[qo + c]);
                FloatVector d = q.sub(y0); a00 = d.fma(d, a00);
                d = q.sub(y1); a01 = d.fma(d, a01);
                d = q.sub(y2); a02 = d.fma(d, a02);
                d = q.sub(y3); a03 = d.fma(d, a03);
                q = FloatVector.broadcast(SPECIES, c1[qo + c]);
                d = q.sub(y0); a10 = d.fma(d, a10);
                d = q.sub(y1); a11 = d.fma(d, a11);
                d = q.sub(y2); a12 = d.fma(d, a12);
                d = q.sub(y3); a13 = d.fma(d, a13);
                q = FloatVector.broadcast(SPECIES, c2[qo + c]);
                d = q.sub(y0); a20 = d.fma(d, a20);
                d = q.sub(y1); a21 = d.fma(d, a21);
                d = q.sub(y2); a22 = d.fma(d, a22);
                d = q.sub(y3); a23 = d.fma(d, a23);
                q = FloatVector.broadcast(SPECIES, c3[qo + c]);
                d = q.sub(y0); a30 = d.fma(d, a30);
                d = q.sub(y1); a31 = d.fma(d, a31);
                d = q.sub(y2); a32 = d.fma(d, a32);
                d = q.sub(y3); a33 = d.fma(d, a33);
            }
        }
        int o = tile * t;
        a00.intoArray(o0, o); a01.intoArray(o0, o + LANES); a02.intoArray(o0, o + 2 * LANES); a03.intoArray(o0, o + 3 * LANES);
        a10.intoArray(o1, o); a11.intoArray(o1, o + LANES); a12.intoArray(o1, o + 2 * LANES); a13.intoArray(o1, o + 3 * LANES);
        a20.intoArray(o2, o); a21.intoArray(o2, o + LANES); a22.intoArray(o2, o + 2 * LANES); a23.intoArray(o2, o + 3 * LANES);
        a30.intoArray(o3, o); a31.intoArray(o3, o + LANES); a32.intoArray(o3, o + 2 * LANES); a33.intoArray(o3, o + 3 * LANES);
    }

    private static void wide1(float[] level, int tiles, int r, int[] cells, int nCells, float[] c0, float[] o0, int tile) {
        final int t = 4 * LANES;
        FloatVector a0 = FloatVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0;
        for (int i = 0; i < nCells; i++) {
            int cell = cells[i];
            int y = (cell * tiles + tile) * r * t;
            int qo = cell * r;
            for (int c = 0; c < r; c++, y += t) {
                FloatVector q = FloatVector.broadcast(SPECIES, c0[qo + c]);
                FloatVector d = q.sub(FloatVector.fromArray(SPECIES, level, y)); a0 = d.fma(d, a0);
                d = q.sub(FloatVector.fromArray(SPECIES, level, y + LANES)); a1 = d.fma(d, a1);
                d = q.sub(FloatVector.fromArray(SPECIES, level, y + 2 * LANES)); a2 = d.fma(d, a2);
                d = q.sub(FloatVector.fromArray(SPECIES, level, y + 3 * LANES)); a3 = d.fma(d, a3);
            }
        }
        int o = tile * t;
        a0.intoArray(o0, o); a1.intoArray(o0, o + LANES); a2.intoArray(o0, o + 2 * LANES); a3.intoArray(o0, o + 3 * LANES);
    }

    // Eight queries × one vector: each accumulator is one fused chain (the reference order), so eight
    // independent chains are what keeps both FMA ports busy when a tile is all the candidates there are.
    private static void narrow8(float[] level, int tiles, int r, int[] cells, int nCells, float[][] queries, int q0,
                                float[][] out, int tile) {
        final int t = LANES;
        float[] c0 = queries[q0], c1 = queries[q0 + 1], c2 = queries[q0 + 2], c3 = queries[q0 + 3];
        float[] c4 = queries[q0 + 4], c5 = queries[q0 + 5], c6 = queries[q0 + 6], c7 = queries[q0 + 7];
        FloatVector a0 = FloatVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (int i = 0; i < nCells; i++) {
            int cell = cells[i];
            int y = (cell * tiles + tile) * r * t;
            int qo = cell * r;
            for (int c = 0; c < r; c++, y += t) {
                FloatVector v = FloatVector.fromArray(SPECIES, level, y);
                int k = qo + c;
                FloatVector d = FloatVector.broadcast(SPECIES, c0[k]).sub(v); a0 = d.fma(d, a0);
                d = FloatVector.broadcast(SPECIES, c1[k]).sub(v); a1 = d.fma(d, a1);
                d = FloatVector.broadcast(SPECIES, c2[k]).sub(v); a2 = d.fma(d, a2);
                d = FloatVector.broadcast(SPECIES, c3[k]).sub(v); a3 = d.fma(d, a3);
                d = FloatVector.broadcast(SPECIES, c4[k]).sub(v); a4 = d.fma(d, a4);
                d = FloatVector.broadcast(SPECIES, c5[k]).sub(v); a5 = d.fma(d, a5);
                d = FloatVector.broadcast(SPECIES, c6[k]).sub(v); a6 = d.fma(d, a6);
                d = FloatVector.broadcast(SPECIES, c7[k]).sub(v); a7 = d.fma(d, a7);
            }
        }
        int o = tile * t;
        a0.intoArray(out[q0], o); a1.intoArray(out[q0 + 1], o); a2.intoArray(out[q0 + 2], o); a3.intoArray(out[q0 + 3], o);
        a4.intoArray(out[q0 + 4], o); a5.intoArray(out[q0 + 5], o); a6.intoArray(out[q0 + 6], o); a7.intoArray(out[q0 + 7], o);
    }

    private static void narrow4(float[] level, int tiles, int r, int[] cells, int nCells,
                                float[] c0, float[] c1, float[] c2, float[] c3,
                                float[] o0, float[] o1, float[] o2, float[] o3, int tile) {
        final int t = LANES;
        FloatVector a0 = FloatVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0;
        for (int i = 0; i < nCells; i++) {
            int cell = cells[i];
            int y = (cell * tiles + tile) * r * t;
            int qo = cell * r;
            for (int c = 0; c < r; c++, y += t) {
                FloatVector v = FloatVector.fromArray(SPECIES, level, y);
                FloatVector d = FloatVector.broadcast(SPECIES, c0[qo + c]).sub(v); a0 = d.fma(d, a0);
                d = FloatVector.broadcast(SPECIES, c1[qo + c]).sub(v); a1 = d.fma(d, a1);
                d = FloatVector.broadcast(SPECIES, c2[qo + c]).sub(v); a2 = d.fma(d, a2);
                d = FloatVector.broadcast(SPECIES, c3[qo + c]).sub(v); a3 = d.fma(d, a3);
            }
        }
        int o = tile * t;
        a0.intoArray(o0, o); a1.intoArray(o1, o); a2.intoArray(o2, o); a3.intoArray(o3, o);
    }

    private static void narrow1(float[] level, int tiles, int r, int[] cells, int nCells, float[] c0, float[] o0, int tile) {
        final int t = LANES;
        FloatVector a0 = FloatVector.zero(SPECIES);
        for (int i = 0; i < nCells; i++) {
            int cell = cells[i];
            int y = (cell * tiles + tile) * r * t;
            int qo = cell * r;
            for (int c = 0; c < r; c++, y += t) {
                FloatVector d = FloatVector.broadcast(SPECIES, c0[qo + c]).sub(FloatVector.fromArray(SPECIES, level, y));
                a0 = d.fma(d, a0);
            }
        }
        a0.intoArray(o0, tile * t);
    }
}
