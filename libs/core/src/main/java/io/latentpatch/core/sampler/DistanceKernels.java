package io.latentpatch.core.sampler;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The inner loop of the sampler: masked squared distances between query canvases and every candidate
 * of one bank level at the same positions (ALGORITHM.md step 6, {@code d_b = Σ_p V[p]·‖C[p] − Y_b[p]‖²}),
 * by the norm expansion {@code ‖C − Y_b‖²_V = ‖C‖²_V + ‖Y_b‖²_V − 2·C·Y_b}: one fused multiply-add per
 * value instead of a subtraction and a multiply-add. Public for the JMH benchmarks; not a stable API.
 *
 * <p>Shapes: a level is {@code [cell][tile][c][lane]} and its cell norms {@code [cell][tile][lane]} (see
 * {@link SourceBank}) with tile width {@code T} = one or four vectors; {@code cells} lists the valid cells
 * of the patch in raster order; a query canvas is cell-major {@code [cell][c]}, index {@code cell * r + c};
 * the output row of query q is indexed by bank entry (length ≥ tiles·T, padding lanes included).
 *
 * <p>Arithmetic contract (what makes fast and reference samplers agree bit for bit, and a result
 * independent of batching, threads and vector width), all in float, for valid cells {@code p_0 … p_{n−1}}
 * in raster order:
 * <pre>
 *   norm(v)   = 0f; for c in 0..r−1: norm = fma(v[c], v[c], norm)          (one cell)
 *   ‖C‖²_V    = 0f; for i: qn = qn + norm(C[p_i])
 *   ‖Y_b‖²_V  = 0f; for i: pn = pn + norm(Y_b[p_i])
 *   dot       = 0f; for i: for c: dot = fma(C[p_i][c], Y_b[p_i][c], dot)
 *   d_b       = (qn + pn) − 2·dot
 * </pre>
 * ({@code 2·dot} is exact, so the last line rounds once.) Each vector lane carries one candidate through that sequence, so the value does
 * not depend on the vector width, the tile, how many queries share the pass, or the thread. Rounding can
 * make {@code d_b} slightly negative for a candidate equal to the canvas on the valid cells; selection
 * orders the values as they are (ties: lower entry first).
 */
public final class DistanceKernels {
    /** The float species used everywhere (16 lanes with AVX-512, 8 with AVX2). */
    public static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Lanes per vector. */
    public static final int LANES = SPECIES.length();

    private DistanceKernels() {}

    /** {@code norm(v[offset .. offset + r))}: the squared norm of one cell, summed in the contract's order. */
    public static float cellNorm(float[] v, int offset, int r) {
        float n = 0f;
        for (int c = 0; c < r; c++) n = Math.fma(v[offset + c], v[offset + c], n);
        return n;
    }

    /** {@code ‖C‖²_V}: the cell norms of the valid cells summed in order ({@code cellNorms[cell]} = norm of canvas cell). */
    public static float queryNorm(float[] cellNorms, int[] cells, int nCells) {
        float qn = 0f;
        for (int i = 0; i < nCells; i++) qn = qn + cellNorms[cells[i]];
        return qn;
    }

    /**
     * Distances of queries {@code 0..nq−1} to the candidates of tiles {@code [tileFrom, tileTo)}.
     *
     * @param level      one bank level, {@code [cell][tile][c][lane]}
     * @param norms      the level's cell norms, {@code [cell][tile][lane]}
     * @param tiles      tiles per cell in {@code level}
     * @param tileWidth  T, {@link #LANES} or {@code 4 * LANES}
     * @param r          channels per cell
     * @param cells      valid cells (index {@code y * m + x}), first {@code nCells} used
     * @param queries    query canvases, cell-major
     * @param queryNorms {@code ‖C‖²_V} of each query ({@link #queryNorm})
     * @param out        {@code out[q][b]} receives the distance of query q to candidate b
     */
    public static void distances(float[] level, float[] norms, int tiles, int tileWidth, int r, int[] cells, int nCells,
                                 float[][] queries, float[] queryNorms, int nq, float[][] out, int tileFrom, int tileTo) {
        if (tileWidth == 4 * LANES) {
            for (int tile = tileFrom; tile < tileTo; tile++) {
                wideTile(level, tiles, r, cells, nCells, queries, nq, out, tile);
                finish(norms, tiles, tileWidth, cells, nCells, queryNorms, nq, out, tile);
            }
        } else if (tileWidth == LANES) {
            for (int tile = tileFrom; tile < tileTo; tile++) {
                int q = 0;
                if (LANES >= 16) {
                    for (; q + 16 <= nq; q += 16) narrow16(level, tiles, r, cells, nCells, queries, q, out, tile);
                }
                for (; q + 8 <= nq; q += 8) narrow8(level, tiles, r, cells, nCells, queries, q, out, tile);
                for (; q + 4 <= nq; q += 4) narrow4(level, tiles, r, cells, nCells, queries, q, out, tile);
                for (; q < nq; q++) narrow1(level, tiles, r, cells, nCells, queries[q], out[q], tile);
                finish(norms, tiles, tileWidth, cells, nCells, queryNorms, nq, out, tile);
            }
        } else {
            throw new IllegalArgumentException("tile width " + tileWidth + " is neither " + LANES + " nor " + 4 * LANES);
        }
    }

    /**
     * The same contract as {@link #distances}, one candidate at a time with scalar arithmetic and no
     * precomputed norm: the obviously-correct loop the vector kernels are measured and tested against.
     */
    public static void distancesScalar(float[] level, int tiles, int tileWidth, int r, int[] cells, int nCells,
                                       float[][] queries, int nq, float[][] out, int tileFrom, int tileTo) {
        for (int q = 0; q < nq; q++) {
            float[] query = queries[q];
            for (int b = tileFrom * tileWidth; b < tileTo * tileWidth; b++) {
                int tile = b / tileWidth;
                int lane = b % tileWidth;
                float qn = 0f;
                float pn = 0f;
                float dot = 0f;
                for (int i = 0; i < nCells; i++) {
                    int cell = cells[i];
                    int y = ((cell * tiles + tile) * r) * tileWidth + lane;
                    float cq = 0f;
                    float cp = 0f;
                    for (int c = 0; c < r; c++) {
                        float qv = query[cell * r + c];
                        float pv = level[y + c * tileWidth];
                        cq = Math.fma(qv, qv, cq);
                        cp = Math.fma(pv, pv, cp);
                        dot = Math.fma(qv, pv, dot);
                    }
                    qn = qn + cq;
                    pn = pn + cp;
                }
                out[q][b] = (qn + pn) - 2f * dot;
            }
        }
    }

    // Wide tiles (large banks), half a tile (two vectors) at a time: blocks of eight queries where there are
    // 32 vector registers (AVX-512: 16 accumulators + 2 candidate vectors + a broadcast), blocks of four
    // otherwise (AVX2's 16 registers), then single queries over the whole tile. Measured on the 2-core
    // Zen machine (B = 30 000, 36 valid cells, 32 queries): eight × two 278–292 µs per image-step, four ×
    // four 293–400, the earlier subtract-and-fma kernel 300–473; with 8 lanes four × two 755–1 288 against
    // 1 482–2 149 for the earlier kernel (machine busy; minima of repeated runs). Operand order matters to C2
    // on AVX2: {@code candidate.fma(broadcast, acc)} is compiled to vector code, {@code broadcast.fma(candidate,
    // acc)} was not (boxed vectors, 10× slower). Multiplication commutes, so the value is the same.
    private static void wideTile(float[] level, int tiles, int r, int[] cells, int nCells, float[][] queries, int nq,
                                 float[][] out, int tile) {
        int q = 0;
        for (int half = 0; half < 4 * LANES; half += 2 * LANES) {
            q = 0;
            if (LANES >= 16) {
                for (; q + 8 <= nq; q += 8) wide8x2(level, tiles, r, cells, nCells, queries, q, out, tile, half);
            }
            for (; q + 4 <= nq; q += 4) wide4x2(level, tiles, r, cells, nCells, queries, q, out, tile, half);
        }
        for (; q < nq; q++) wide1(level, tiles, r, cells, nCells, queries[q], out[q], tile);
    }

    // Eight queries × two vectors: 16 accumulators (AVX-512).
    private static void wide8x2(float[] level, int tiles, int r, int[] cells, int nCells, float[][] queries, int q0,
                              float[][] out, int tile, int half) {
        final int t = 4 * LANES;
        float[] c0 = queries[q0 + 0];
        float[] c1 = queries[q0 + 1];
        float[] c2 = queries[q0 + 2];
        float[] c3 = queries[q0 + 3];
        float[] c4 = queries[q0 + 4];
        float[] c5 = queries[q0 + 5];
        float[] c6 = queries[q0 + 6];
        float[] c7 = queries[q0 + 7];
        FloatVector a00 = FloatVector.zero(SPECIES), a01 = FloatVector.zero(SPECIES), a10 = FloatVector.zero(SPECIES), a11 = FloatVector.zero(SPECIES), a20 = FloatVector.zero(SPECIES), a21 = FloatVector.zero(SPECIES), a30 = FloatVector.zero(SPECIES), a31 = FloatVector.zero(SPECIES), a40 = FloatVector.zero(SPECIES), a41 = FloatVector.zero(SPECIES), a50 = FloatVector.zero(SPECIES), a51 = FloatVector.zero(SPECIES), a60 = FloatVector.zero(SPECIES), a61 = FloatVector.zero(SPECIES), a70 = FloatVector.zero(SPECIES), a71 = FloatVector.zero(SPECIES);
        for (int i = 0; i < nCells; i++) {
            int y = (cells[i] * tiles + tile) * r * t + half;
            int qo = cells[i] * r;
            for (int c = 0; c < r; c++, y += t) {
                FloatVector y0 = FloatVector.fromArray(SPECIES, level, y);
                FloatVector y1 = FloatVector.fromArray(SPECIES, level, y + LANES);
                FloatVector b0 = FloatVector.broadcast(SPECIES, c0[qo + c]);
                a00 = y0.fma(b0, a00); a01 = y1.fma(b0, a01);
                FloatVector b1 = FloatVector.broadcast(SPECIES, c1[qo + c]);
                a10 = y0.fma(b1, a10); a11 = y1.fma(b1, a11);
                FloatVector b2 = FloatVector.broadcast(SPECIES, c2[qo + c]);
                a20 = y0.fma(b2, a20); a21 = y1.fma(b2, a21);
                FloatVector b3 = FloatVector.broadcast(SPECIES, c3[qo + c]);
                a30 = y0.fma(b3, a30); a31 = y1.fma(b3, a31);
                FloatVector b4 = FloatVector.broadcast(SPECIES, c4[qo + c]);
                a40 = y0.fma(b4, a40); a41 = y1.fma(b4, a41);
                FloatVector b5 = FloatVector.broadcast(SPECIES, c5[qo + c]);
                a50 = y0.fma(b5, a50); a51 = y1.fma(b5, a51);
                FloatVector b6 = FloatVector.broadcast(SPECIES, c6[qo + c]);
                a60 = y0.fma(b6, a60); a61 = y1.fma(b6, a61);
                FloatVector b7 = FloatVector.broadcast(SPECIES, c7[qo + c]);
                a70 = y0.fma(b7, a70); a71 = y1.fma(b7, a71);
            }
        }
        int o = tile * t + half;
        a00.intoArray(out[q0 + 0], o); a01.intoArray(out[q0 + 0], o + LANES);
        a10.intoArray(out[q0 + 1], o); a11.intoArray(out[q0 + 1], o + LANES);
        a20.intoArray(out[q0 + 2], o); a21.intoArray(out[q0 + 2], o + LANES);
        a30.intoArray(out[q0 + 3], o); a31.intoArray(out[q0 + 3], o + LANES);
        a40.intoArray(out[q0 + 4], o); a41.intoArray(out[q0 + 4], o + LANES);
        a50.intoArray(out[q0 + 5], o); a51.intoArray(out[q0 + 5], o + LANES);
        a60.intoArray(out[q0 + 6], o); a61.intoArray(out[q0 + 6], o + LANES);
        a70.intoArray(out[q0 + 7], o); a71.intoArray(out[q0 + 7], o + LANES);
    }

    // Four queries × two vectors: 8 accumulators (fits 16 registers).
    private static void wide4x2(float[] level, int tiles, int r, int[] cells, int nCells, float[][] queries, int q0,
                              float[][] out, int tile, int half) {
        final int t = 4 * LANES;
        float[] c0 = queries[q0 + 0];
        float[] c1 = queries[q0 + 1];
        float[] c2 = queries[q0 + 2];
        float[] c3 = queries[q0 + 3];
        FloatVector a00 = FloatVector.zero(SPECIES), a01 = FloatVector.zero(SPECIES), a10 = FloatVector.zero(SPECIES), a11 = FloatVector.zero(SPECIES), a20 = FloatVector.zero(SPECIES), a21 = FloatVector.zero(SPECIES), a30 = FloatVector.zero(SPECIES), a31 = FloatVector.zero(SPECIES);
        for (int i = 0; i < nCells; i++) {
            int y = (cells[i] * tiles + tile) * r * t + half;
            int qo = cells[i] * r;
            for (int c = 0; c < r; c++, y += t) {
                FloatVector y0 = FloatVector.fromArray(SPECIES, level, y);
                FloatVector y1 = FloatVector.fromArray(SPECIES, level, y + LANES);
                FloatVector b0 = FloatVector.broadcast(SPECIES, c0[qo + c]);
                a00 = y0.fma(b0, a00); a01 = y1.fma(b0, a01);
                FloatVector b1 = FloatVector.broadcast(SPECIES, c1[qo + c]);
                a10 = y0.fma(b1, a10); a11 = y1.fma(b1, a11);
                FloatVector b2 = FloatVector.broadcast(SPECIES, c2[qo + c]);
                a20 = y0.fma(b2, a20); a21 = y1.fma(b2, a21);
                FloatVector b3 = FloatVector.broadcast(SPECIES, c3[qo + c]);
                a30 = y0.fma(b3, a30); a31 = y1.fma(b3, a31);
            }
        }
        int o = tile * t + half;
        a00.intoArray(out[q0 + 0], o); a01.intoArray(out[q0 + 0], o + LANES);
        a10.intoArray(out[q0 + 1], o); a11.intoArray(out[q0 + 1], o + LANES);
        a20.intoArray(out[q0 + 2], o); a21.intoArray(out[q0 + 2], o + LANES);
        a30.intoArray(out[q0 + 3], o); a31.intoArray(out[q0 + 3], o + LANES);
    }

    private static void wide1(float[] level, int tiles, int r, int[] cells, int nCells, float[] c0, float[] o0, int tile) {
        final int t = 4 * LANES;
        FloatVector a0 = FloatVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0;
        for (int i = 0; i < nCells; i++) {
            int y = (cells[i] * tiles + tile) * r * t;
            int qo = cells[i] * r;
            for (int c = 0; c < r; c++, y += t) {
                FloatVector q = FloatVector.broadcast(SPECIES, c0[qo + c]);
                a0 = FloatVector.fromArray(SPECIES, level, y).fma(q, a0);
                a1 = FloatVector.fromArray(SPECIES, level, y + LANES).fma(q, a1);
                a2 = FloatVector.fromArray(SPECIES, level, y + 2 * LANES).fma(q, a2);
                a3 = FloatVector.fromArray(SPECIES, level, y + 3 * LANES).fma(q, a3);
            }
        }
        int o = tile * t;
        a0.intoArray(o0, o); a1.intoArray(o0, o + LANES); a2.intoArray(o0, o + 2 * LANES); a3.intoArray(o0, o + 3 * LANES);
    }

    // Sixteen queries × one vector (32-register machines): twice the independent chains of narrow8, which
    // is bound by the FMA latency (8 chains × 4 cycles ≈ both ports) when the bank is one tile.
    private static void narrow16(float[] level, int tiles, int r, int[] cells, int nCells,
                                 float[][] queries, int q0, float[][] out, int tile) {
        final int t = LANES;
        float[] c0 = queries[q0 + 0];
        float[] c1 = queries[q0 + 1];
        float[] c2 = queries[q0 + 2];
        float[] c3 = queries[q0 + 3];
        float[] c4 = queries[q0 + 4];
        float[] c5 = queries[q0 + 5];
        float[] c6 = queries[q0 + 6];
        float[] c7 = queries[q0 + 7];
        float[] c8 = queries[q0 + 8];
        float[] c9 = queries[q0 + 9];
        float[] c10 = queries[q0 + 10];
        float[] c11 = queries[q0 + 11];
        float[] c12 = queries[q0 + 12];
        float[] c13 = queries[q0 + 13];
        float[] c14 = queries[q0 + 14];
        float[] c15 = queries[q0 + 15];
        FloatVector a0 = FloatVector.zero(SPECIES), a1 = FloatVector.zero(SPECIES), a2 = FloatVector.zero(SPECIES), a3 = FloatVector.zero(SPECIES), a4 = FloatVector.zero(SPECIES), a5 = FloatVector.zero(SPECIES), a6 = FloatVector.zero(SPECIES), a7 = FloatVector.zero(SPECIES), a8 = FloatVector.zero(SPECIES), a9 = FloatVector.zero(SPECIES), a10 = FloatVector.zero(SPECIES), a11 = FloatVector.zero(SPECIES), a12 = FloatVector.zero(SPECIES), a13 = FloatVector.zero(SPECIES), a14 = FloatVector.zero(SPECIES), a15 = FloatVector.zero(SPECIES);
        for (int i = 0; i < nCells; i++) {
            int y = (cells[i] * tiles + tile) * r * t;
            int qo = cells[i] * r;
            for (int c = 0; c < r; c++, y += t) {
                FloatVector v = FloatVector.fromArray(SPECIES, level, y);
                int k = qo + c;
                a0 = v.fma(FloatVector.broadcast(SPECIES, c0[k]), a0);
                a1 = v.fma(FloatVector.broadcast(SPECIES, c1[k]), a1);
                a2 = v.fma(FloatVector.broadcast(SPECIES, c2[k]), a2);
                a3 = v.fma(FloatVector.broadcast(SPECIES, c3[k]), a3);
                a4 = v.fma(FloatVector.broadcast(SPECIES, c4[k]), a4);
                a5 = v.fma(FloatVector.broadcast(SPECIES, c5[k]), a5);
                a6 = v.fma(FloatVector.broadcast(SPECIES, c6[k]), a6);
                a7 = v.fma(FloatVector.broadcast(SPECIES, c7[k]), a7);
                a8 = v.fma(FloatVector.broadcast(SPECIES, c8[k]), a8);
                a9 = v.fma(FloatVector.broadcast(SPECIES, c9[k]), a9);
                a10 = v.fma(FloatVector.broadcast(SPECIES, c10[k]), a10);
                a11 = v.fma(FloatVector.broadcast(SPECIES, c11[k]), a11);
                a12 = v.fma(FloatVector.broadcast(SPECIES, c12[k]), a12);
                a13 = v.fma(FloatVector.broadcast(SPECIES, c13[k]), a13);
                a14 = v.fma(FloatVector.broadcast(SPECIES, c14[k]), a14);
                a15 = v.fma(FloatVector.broadcast(SPECIES, c15[k]), a15);
            }
        }
        int o = tile * t;
        a0.intoArray(out[q0 + 0], o);
        a1.intoArray(out[q0 + 1], o);
        a2.intoArray(out[q0 + 2], o);
        a3.intoArray(out[q0 + 3], o);
        a4.intoArray(out[q0 + 4], o);
        a5.intoArray(out[q0 + 5], o);
        a6.intoArray(out[q0 + 6], o);
        a7.intoArray(out[q0 + 7], o);
        a8.intoArray(out[q0 + 8], o);
        a9.intoArray(out[q0 + 9], o);
        a10.intoArray(out[q0 + 10], o);
        a11.intoArray(out[q0 + 11], o);
        a12.intoArray(out[q0 + 12], o);
        a13.intoArray(out[q0 + 13], o);
        a14.intoArray(out[q0 + 14], o);
        a15.intoArray(out[q0 + 15], o);
    }

    // Eight queries × one vector: each accumulator is one fused chain (the contract's order), so eight
    // independent chains are what keeps both FMA ports busy when a tile is all the candidates there are.
    private static void narrow8(float[] level, int tiles, int r, int[] cells, int nCells,
                                float[][] queries, int q0, float[][] out, int tile) {
        final int t = LANES;
        float[] c0 = queries[q0], c1 = queries[q0 + 1], c2 = queries[q0 + 2], c3 = queries[q0 + 3];
        float[] c4 = queries[q0 + 4], c5 = queries[q0 + 5], c6 = queries[q0 + 6], c7 = queries[q0 + 7];
        FloatVector a0 = FloatVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (int i = 0; i < nCells; i++) {
            int y = (cells[i] * tiles + tile) * r * t;
            int qo = cells[i] * r;
            for (int c = 0; c < r; c++, y += t) {
                FloatVector v = FloatVector.fromArray(SPECIES, level, y);
                int k = qo + c;
                a0 = v.fma(FloatVector.broadcast(SPECIES, c0[k]), a0); a1 = v.fma(FloatVector.broadcast(SPECIES, c1[k]), a1); a2 = v.fma(FloatVector.broadcast(SPECIES, c2[k]), a2); a3 = v.fma(FloatVector.broadcast(SPECIES, c3[k]), a3);
                a4 = v.fma(FloatVector.broadcast(SPECIES, c4[k]), a4); a5 = v.fma(FloatVector.broadcast(SPECIES, c5[k]), a5); a6 = v.fma(FloatVector.broadcast(SPECIES, c6[k]), a6); a7 = v.fma(FloatVector.broadcast(SPECIES, c7[k]), a7);
            }
        }
        int o = tile * t;
        a0.intoArray(out[q0], o); a1.intoArray(out[q0 + 1], o); a2.intoArray(out[q0 + 2], o); a3.intoArray(out[q0 + 3], o);
        a4.intoArray(out[q0 + 4], o); a5.intoArray(out[q0 + 5], o); a6.intoArray(out[q0 + 6], o); a7.intoArray(out[q0 + 7], o);
    }

    private static void narrow4(float[] level, int tiles, int r, int[] cells, int nCells,
                                float[][] queries, int q0, float[][] out, int tile) {
        final int t = LANES;
        float[] c0 = queries[q0], c1 = queries[q0 + 1], c2 = queries[q0 + 2], c3 = queries[q0 + 3];
        FloatVector a0 = FloatVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0;
        for (int i = 0; i < nCells; i++) {
            int y = (cells[i] * tiles + tile) * r * t;
            int qo = cells[i] * r;
            for (int c = 0; c < r; c++, y += t) {
                FloatVector v = FloatVector.fromArray(SPECIES, level, y);
                int k = qo + c;
                a0 = v.fma(FloatVector.broadcast(SPECIES, c0[k]), a0); a1 = v.fma(FloatVector.broadcast(SPECIES, c1[k]), a1); a2 = v.fma(FloatVector.broadcast(SPECIES, c2[k]), a2); a3 = v.fma(FloatVector.broadcast(SPECIES, c3[k]), a3);
            }
        }
        int o = tile * t;
        a0.intoArray(out[q0], o); a1.intoArray(out[q0 + 1], o); a2.intoArray(out[q0 + 2], o); a3.intoArray(out[q0 + 3], o);
    }

    private static void narrow1(float[] level, int tiles, int r, int[] cells, int nCells, float[] c0,
                                float[] o0, int tile) {
        final int t = LANES;
        FloatVector a0 = FloatVector.zero(SPECIES);
        for (int i = 0; i < nCells; i++) {
            int y = (cells[i] * tiles + tile) * r * t;
            int qo = cells[i] * r;
            for (int c = 0; c < r; c++, y += t) a0 = FloatVector.fromArray(SPECIES, level, y).fma(FloatVector.broadcast(SPECIES, c0[qo + c]), a0);
        }
        a0.intoArray(o0, tile * t);
    }

    /**
     * Turns the dot products the kernels left in one tile of every output row into distances:
     * {@code out = (qn + pn) − 2·dot}, with {@code pn = ‖Y_b‖²_V} summed over the valid cells' norm rows first.
     */
    private static void finish(float[] norms, int tiles, int t, int[] cells, int nCells, float[] queryNorms, int nq,
                               float[][] out, int tile) {
        int o = tile * t;
        for (int v = 0; v < t; v += LANES) {
            FloatVector p = FloatVector.zero(SPECIES);
            for (int i = 0; i < nCells; i++) p = p.add(FloatVector.fromArray(SPECIES, norms, cells[i] * tiles * t + o + v));
            for (int q = 0; q < nq; q++) {
                float[] row = out[q];
                FloatVector dot = FloatVector.fromArray(SPECIES, row, o + v);
                FloatVector.broadcast(SPECIES, queryNorms[q]).add(p).sub(dot.mul(2f)).intoArray(row, o + v);
            }
        }
    }
}
