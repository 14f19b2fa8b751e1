package io.latentpatch.core.sampler;

import io.latentpatch.core.blend.GradientBlend;
import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.grid.PixelBlocks;
import io.latentpatch.core.pca.PcaBasis;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * One generated image before decoding: the PCA-space canvas and where each cell came from.
 *
 * <p>{@link #provenance()} is row-major M×M ({@code y * M + x}): the source id (see
 * {@link SourceBank#sourceId}) of the patch that last wrote the cell, or {@link #TARGET} for a cell that
 * still holds the reference (reference-guided) or target (editing) vector. {@link #canvas()} is r×M×M
 * channels-first, in PCA coordinates.
 */
public final class SampleResult {
    /** Provenance of a cell that keeps the reference's or target's own vector. */
    public static final int TARGET = io.latentpatch.core.provenance.Provenance.TARGET;

    private final int imageIndex;
    private final long imageSeed;
    private final int[] provenance;
    private final LatentGrid canvas;

    /** A result rebuilt from stored provenance and canvas (both are copied). */
    public SampleResult(int imageIndex, long imageSeed, int[] provenance, LatentGrid canvas) {
        this(imageIndex, imageSeed, provenance.clone(), canvas.copy(), true);
    }

    /** A result that takes ownership of freshly made arrays (samplers). */
    static SampleResult wrap(int imageIndex, long imageSeed, int[] provenance, LatentGrid canvas) {
        return new SampleResult(imageIndex, imageSeed, provenance, canvas, true);
    }

    private SampleResult(int imageIndex, long imageSeed, int[] provenance, LatentGrid canvas, boolean owned) {
        Objects.requireNonNull(canvas, "canvas");
        if (provenance.length != canvas.cells()) {
            throw new IllegalArgumentException("provenance has " + provenance.length + " cells but the canvas is "
                    + canvas.size() + "x" + canvas.size());
        }
        this.imageIndex = imageIndex;
        this.imageSeed = imageSeed;
        this.provenance = provenance;
        this.canvas = canvas;
    }

    /** The image's index within its job. */
    public int imageIndex() { return imageIndex; }

    /** The seed its generator was started with ({@link SeedMixer#imageSeed}). */
    public long imageSeed() { return imageSeed; }

    /** Source id per cell, row-major M×M, or {@link #TARGET} (a copy). */
    public int[] provenance() { return provenance.clone(); }

    /** Source id of cell (y, x), or {@link #TARGET}. */
    public int provenanceAt(int y, int x) { return provenance[y * canvas.size() + x]; }

    /** The final PCA-space canvas, r×M×M channels-first. Do not modify its array. */
    public LatentGrid canvas() { return canvas; }

    /** M. */
    public int gridSize() { return canvas.size(); }

    /**
     * The full-dimension latent L×M×M to decode (ALGORITHM.md step 8).
     *
     * <ul>
     *   <li>{@code COPY}: cell (y, x) is the exact original vector {@code Z_b[:, y, x]} of its source
     *       (needs a bank built with originals); a {@link #TARGET} cell takes {@code targetOriginal}'s
     *       vector, so {@code targetOriginal} is required when any cell is TARGET.</li>
     *   <li>{@code RECONSTRUCT}: {@code Pᵀy + μ} per cell (needs {@code pca}).</li>
     *   <li>{@code QUANTIZE}: reconstruct, then the nearest row of {@code codebook} ({@code [K][L]}
     *       row-major; squared Euclidean distance, ties to the lower index).</li>
     * </ul>
     * In every mode a TARGET cell takes {@code targetOriginal}'s exact vector when it is given, so an edit
     * never changes a cell outside its region.
     *
     * @param bank           the bank the result was sampled from (COPY only; may be null otherwise)
     * @param pca            the basis of the canvas (RECONSTRUCT, QUANTIZE)
     * @param codebook       {@code [K][L]} codebook (QUANTIZE only)
     * @param targetOriginal the reference's or target's original latent L×M×M, or null
     */
    public LatentGrid finish(SamplerParams.Finish mode, SourceBank bank, PcaBasis pca, float[] codebook, LatentGrid targetOriginal) {
        return finish(mode, bank, pca, codebook, targetOriginal, null);
    }

    /**
     * {@link #finish(SamplerParams.Finish, SourceBank, PcaBasis, float[], LatentGrid)} for a codec whose latent
     * may be raw pixels: with a {@code pixelLayout}, {@code BLEND} blends the unfolded picture
     * ({@link GradientBlend#blendPixels}) instead of the cells; other finishes do not depend on it.
     *
     * @param pixelLayout the codec's {@link PixelBlocks} layout, or null for a learned latent
     */
    public LatentGrid finish(SamplerParams.Finish mode, SourceBank bank, PcaBasis pca, float[] codebook, LatentGrid targetOriginal,
                             PixelBlocks pixelLayout) {
        Objects.requireNonNull(mode, "finish mode");
        int m = canvas.size();
        if (targetOriginal != null && targetOriginal.size() != m) {
            throw new IllegalArgumentException("target original is " + targetOriginal.size() + "x" + targetOriginal.size()
                    + " but the sample is " + m + "x" + m);
        }
        LatentGrid out = switch (mode) {
            case COPY -> copyFinish(bank, targetOriginal);
            case BLEND -> blendFinish(bank, targetOriginal, pixelLayout);
            case RECONSTRUCT -> reconstruct(pca);
            case QUANTIZE -> quantize(reconstruct(pca), codebook);
        };
        if (targetOriginal != null && mode != SamplerParams.Finish.COPY && mode != SamplerParams.Finish.BLEND) {
            if (targetOriginal.channels() != out.channels()) {
                throw new IllegalArgumentException("target original has L=" + targetOriginal.channels() + " channels but the finished latent has "
                        + out.channels());
            }
            for (int cell = 0; cell < provenance.length; cell++) {
                if (provenance[cell] == TARGET) copyCell(targetOriginal, out, cell);
            }
        }
        return out;
    }

    private LatentGrid copyFinish(SourceBank bank, LatentGrid targetOriginal) {
        Objects.requireNonNull(bank, "the COPY finish needs the source bank the sample came from");
        int m = canvas.size();
        if (bank.gridSize() != m) {
            throw new IllegalArgumentException("bank grids are " + bank.gridSize() + "x" + bank.gridSize() + " but the sample is " + m + "x" + m);
        }
        Map<Integer, LatentGrid> sources = new HashMap<>();
        LatentGrid out = null;
        for (int cell = 0; cell < provenance.length; cell++) {
            int id = provenance[cell];
            if (id == TARGET && targetOriginal == null) {
                throw new IllegalArgumentException("cell (" + cell / m + ", " + cell % m + ") keeps the reference/target vector; "
                        + "the COPY finish needs that image's original latent (targetOriginal)");
            }
            LatentGrid src = original(bank, sources, targetOriginal, id);
            if (out == null) out = LatentGrid.zeros(src.channels(), m);
            if (src.channels() != out.channels()) {
                throw new IllegalArgumentException("original latents disagree on L: " + src.channels() + " vs " + out.channels());
            }
            copyCell(src, out, cell);
        }
        return out;
    }

    private LatentGrid blendFinish(SourceBank bank, LatentGrid targetOriginal, PixelBlocks pixelLayout) {
        LatentGrid copy = copyFinish(bank, targetOriginal);
        boolean[] fixed = new boolean[provenance.length];
        boolean anyFixed = false;
        for (int cell = 0; cell < provenance.length; cell++) {
            fixed[cell] = provenance[cell] == TARGET;
            anyFixed |= fixed[cell];
        }
        Map<Integer, LatentGrid> sources = new HashMap<>();
        IntFunction<LatentGrid> sourceOf = id -> original(bank, sources, targetOriginal, id);
        if (pixelLayout != null) {
            return GradientBlend.blendPixels(copy, provenance, sourceOf, anyFixed ? fixed : null,
                    GradientBlend.DEFAULT_PIXEL_DATA_WEIGHT, pixelLayout);
        }
        return GradientBlend.blend(copy, provenance, sourceOf, anyFixed ? fixed : null, GradientBlend.DEFAULT_DATA_WEIGHT);
    }

    /** The full latent a provenance id names: the target's for TARGET, else the bank's original (cached by entry). */
    private static LatentGrid original(SourceBank bank, Map<Integer, LatentGrid> cache, LatentGrid targetOriginal, int id) {
        if (id == TARGET) return targetOriginal;
        int b = bank.indexOfSource(id);
        if (b < 0) throw new IllegalArgumentException("provenance names source id " + id + ", which this bank does not hold");
        return cache.computeIfAbsent(b, bank::original);
    }

    private static void copyCell(LatentGrid src, LatentGrid dst, int cell) {
        int plane = dst.cells();
        float[] s = src.data();
        float[] d = dst.data();
        for (int c = 0; c < dst.channels(); c++) d[c * plane + cell] = s[c * plane + cell];
    }

    private LatentGrid reconstruct(PcaBasis pca) {
        Objects.requireNonNull(pca, "this finish needs the PCA basis");
        if (pca.dims() != canvas.channels()) {
            throw new IllegalArgumentException("PCA basis has r=" + pca.dims() + " components but the canvas has " + canvas.channels() + " channels");
        }
        return pca.reconstruct(canvas);
    }

    private static LatentGrid quantize(LatentGrid z, float[] codebook) {
        Objects.requireNonNull(codebook, "the QUANTIZE finish needs a codebook");
        int l = z.channels();
        if (codebook.length == 0 || codebook.length % l != 0) {
            throw new IllegalArgumentException("codebook of " + codebook.length + " floats is not a whole number of entries of L=" + l);
        }
        int entries = codebook.length / l;
        int plane = z.cells();
        float[] data = z.data();
        float[] v = new float[l];
        for (int cell = 0; cell < plane; cell++) {
            for (int c = 0; c < l; c++) v[c] = data[c * plane + cell];
            int best = 0;
            float bestD = Float.POSITIVE_INFINITY;
            for (int e = 0; e < entries; e++) {
                float d = 0;
                int base = e * l;
                for (int c = 0; c < l && d < bestD; c++) {
                    float diff = v[c] - codebook[base + c];
                    d += diff * diff;
                }
                if (d < bestD) {
                    bestD = d;
                    best = e;
                }
            }
            for (int c = 0; c < l; c++) data[c * plane + cell] = codebook[best * l + c];
        }
        return z;
    }
}
