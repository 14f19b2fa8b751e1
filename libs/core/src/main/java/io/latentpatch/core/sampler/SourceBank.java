package io.latentpatch.core.sampler;

import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.resample.Resize;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import jdk.incubator.vector.FloatVector;

/**
 * The B projected source grids resampled to every scale size a sampler may use (ALGORITHM.md step 4),
 * built once and shared: immutable, thread-safe, reusable for any number of outputs.
 *
 * <p><b>Layout of a level</b> (one per scale size m): position-major, so that the candidates of one
 * grid position are contiguous, and within a position tiled by candidates:
 * {@code [cell][tile][channel][lane]}, index {@code ((cell * tiles + b / T) * r + c) * T + b % T} with
 * {@code cell = y * m + x}, tile width {@code T} (one or four vectors of the preferred float species) and
 * {@code tiles = ceil(B / T)}; the padding lanes of the last tile hold zeros and are never candidates.
 * One vector therefore holds one channel of consecutive candidates, so the fast kernel sums each
 * candidate's distance in exactly the reference order (one lane per candidate), and one tile of one
 * position is a contiguous {@code r × T} block that streams well.
 *
 * <p>Each level also keeps its <b>cell norms</b> {@code norm(Y_b[cell])} ({@link DistanceKernels#cellNorm},
 * the squared norm of one cell's r values) tiled the same way without the channel axis,
 * {@code [cell][tile][lane]}: the distance kernel's norm expansion sums them over a step's valid cells
 * instead of squaring every value again ({@code 1/r} of the level's memory).
 *
 * <p>{@code sourceIds[b]} is what provenance reports for bank entry b (default b), so a bank filtered by
 * attributes still reports the original source indices. The optional original grids {@code Z_b}
 * (L×M×M) are only read by the copy finish, through {@link List#get}, so a caller may pass a lazy list.
 * Memory: {@code 4 · Σ_m m² · (r + 1) · B} bytes (≈ 0.52 GB for B = 30 000, M = 16, r = 16, one scale). Small banks
 * (levels up to {@link #SOURCE_MAJOR_LIMIT_BYTES}) also keep each level source-major, {@code [b][cell][c]},
 * because with few candidates pasting a patch costs as much as scoring it, and a contiguous copy is
 * several times cheaper than gathering across tiles.
 */
public final class SourceBank {
    private static final int VECTOR_LANES = FloatVector.SPECIES_PREFERRED.length();
    /** Levels up to this many bytes also get a source-major copy for fast pasting. */
    public static final long SOURCE_MAJOR_LIMIT_BYTES = 64L << 20;

    private final int count;
    private final int dims;
    private final int gridSize;
    private final int tileWidth;
    private final int tiles;
    private final int[] sizes;
    private final float[][] levels;
    private final float[][] sourceMajor;
    private final float[][] norms;
    private final float[][] sourceMajorNorms;
    private final int[] sourceIds;
    private final boolean identityIds;
    private final int[] sortedIds;
    private final int[] sortedIdIndex;
    private final List<LatentGrid> originals;

    private SourceBank(int count, int dims, int gridSize, int tileWidth, int[] sizes, float[][] levels, float[][] sourceMajor,
                       float[][] norms, float[][] sourceMajorNorms, int[] sourceIds, List<LatentGrid> originals) {
        this.count = count;
        this.dims = dims;
        this.gridSize = gridSize;
        this.tileWidth = tileWidth;
        this.tiles = (count + tileWidth - 1) / tileWidth;
        this.sizes = sizes;
        this.levels = levels;
        this.sourceMajor = sourceMajor;
        this.norms = norms;
        this.sourceMajorNorms = sourceMajorNorms;
        this.sourceIds = sourceIds;
        this.originals = originals;
        boolean identity = true;
        for (int b = 0; b < count && identity; b++) identity = sourceIds[b] == b;
        this.identityIds = identity;
        if (identity) {
            this.sortedIds = null;
            this.sortedIdIndex = null;
            return;
        }
        Integer[] order = new Integer[count];
        for (int b = 0; b < count; b++) order[b] = b;
        Arrays.sort(order, (a, c) -> Integer.compare(sourceIds[a], sourceIds[c]));
        this.sortedIds = new int[count];
        this.sortedIdIndex = new int[count];
        for (int i = 0; i < count; i++) {
            sortedIdIndex[i] = order[i];
            sortedIds[i] = sourceIds[order[i]];
            if (i > 0 && sortedIds[i] == sortedIds[i - 1]) {
                throw new IllegalArgumentException("source id " + sortedIds[i] + " appears twice in the bank (entries "
                        + sortedIdIndex[i - 1] + " and " + sortedIdIndex[i] + "); ids must be unique");
            }
            if (sortedIds[i] < 0) throw new IllegalArgumentException("source ids must be >= 0, got " + sortedIds[i]);
        }
    }

    /** A bank of the projected grids only (no copy finish), ids 0..B−1, for the given scale sizes. */
    public static SourceBank build(List<LatentGrid> projected, int... scaleSizes) {
        return build(projected, null, null, scaleSizes);
    }

    /** A bank with the sizes of {@code params}' schedule on the grids' M (S = 1 gives only M). */
    public static SourceBank forParams(List<LatentGrid> projected, List<LatentGrid> originals, int[] sourceIds,
                                       SamplerParams params) {
        Objects.requireNonNull(projected, "projected");
        if (projected.isEmpty()) throw new IllegalArgumentException("a source bank needs at least one source grid, got none");
        int m = projected.get(0).size();
        return build(projected, originals, sourceIds, ScaleSchedule.of(m, params).sizes());
    }

    /**
     * Builds the bank. Each projected grid is read once ({@code projected.get(b)}), in order.
     *
     * @param projected  B grids {@code Y_b}, all r×M×M
     * @param originals  null, or B grids {@code Z_b} (L×M×M) for the copy finish; read lazily
     * @param sourceIds  null (ids 0..B−1) or B distinct ids ≥ 0 reported by provenance
     * @param scaleSizes the sizes to keep, each in [1, M]; M itself is always kept
     */
    public static SourceBank build(List<LatentGrid> projected, List<LatentGrid> originals, int[] sourceIds, int... scaleSizes) {
        Objects.requireNonNull(projected, "projected");
        int count = projected.size();
        if (count < 1) throw new IllegalArgumentException("a source bank needs at least one source grid, got none");
        if (originals != null && originals.size() != count) {
            throw new IllegalArgumentException("got " + count + " projected grids but " + originals.size() + " original grids; they must pair up");
        }
        if (sourceIds != null && sourceIds.length != count) {
            throw new IllegalArgumentException("got " + count + " projected grids but " + sourceIds.length + " source ids");
        }
        LatentGrid first = Objects.requireNonNull(projected.get(0), "projected grid 0");
        int dims = first.channels();
        int gridSize = first.size();
        int[] sizes = normaliseSizes(scaleSizes, gridSize);
        int tileWidth = count <= 4 * VECTOR_LANES ? VECTOR_LANES : 4 * VECTOR_LANES;
        int tiles = (count + tileWidth - 1) / tileWidth;
        float[][] levels = new float[sizes.length][];
        float[][] norms = new float[sizes.length][];
        long totalBytes = 0;
        for (int m : sizes) totalBytes += 4L * m * m * tiles * dims * tileWidth;
        float[][] sourceMajor = totalBytes <= SOURCE_MAJOR_LIMIT_BYTES ? new float[sizes.length][] : null;
        float[][] sourceMajorNorms = sourceMajor == null ? null : new float[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            long length = (long) sizes[i] * sizes[i] * tiles * dims * tileWidth;
            if (length > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("scale " + sizes[i] + "x" + sizes[i] + " of " + count + " sources × r=" + dims
                        + " needs " + length + " floats, more than one Java array holds; use fewer sources or components");
            }
            levels[i] = new float[(int) length];
            norms[i] = new float[sizes[i] * sizes[i] * tiles * tileWidth];
            if (sourceMajor != null) {
                sourceMajor[i] = new float[sizes[i] * sizes[i] * dims * count];
                sourceMajorNorms[i] = new float[sizes[i] * sizes[i] * count];
            }
        }
        for (int b = 0; b < count; b++) {
            LatentGrid y = b == 0 ? first : Objects.requireNonNull(projected.get(b), "projected grid " + b);
            if (y.channels() != dims || y.size() != gridSize) {
                throw new IllegalArgumentException("projected grid " + b + " is " + y.channels() + "x" + y.size() + "x" + y.size()
                        + " but grid 0 is " + dims + "x" + gridSize + "x" + gridSize + "; all sources must share one shape r×M×M");
            }
            checkFinite(y, b);
            for (int i = 0; i < sizes.length; i++) {
                LatentGrid scaled = sizes[i] == gridSize ? y : Resize.bilinear(y, sizes[i]);
                scatter(scaled, b, levels[i], norms[i], tiles, tileWidth,
                        sourceMajor == null ? null : sourceMajor[i], sourceMajor == null ? null : sourceMajorNorms[i]);
            }
        }
        int[] ids = new int[count];
        for (int b = 0; b < count; b++) ids[b] = sourceIds == null ? b : sourceIds[b];
        return new SourceBank(count, dims, gridSize, tileWidth, sizes, levels, sourceMajor, norms, sourceMajorNorms, ids, originals);
    }

    private static int[] normaliseSizes(int[] scaleSizes, int gridSize) {
        int[] all = Arrays.copyOf(scaleSizes == null ? new int[0] : scaleSizes, (scaleSizes == null ? 0 : scaleSizes.length) + 1);
        all[all.length - 1] = gridSize;
        for (int m : all) {
            if (m < 1 || m > gridSize) {
                throw new IllegalArgumentException("scale size " + m + " is outside [1, M=" + gridSize + "]");
            }
        }
        return Arrays.stream(all).sorted().distinct().toArray();
    }

    private static void checkFinite(LatentGrid y, int b) {
        float[] d = y.data();
        for (int i = 0; i < d.length; i++) {
            if (!Float.isFinite(d[i])) {
                int plane = y.size() * y.size();
                throw new IllegalArgumentException("projected grid " + b + " has the non-finite value " + d[i] + " at channel " + i / plane
                        + ", cell (" + (i % plane) / y.size() + ", " + i % y.size() + ")");
            }
        }
    }

    /** Writes grid b into the tiled level and its norms (and the source-major copies when given). */
    private static void scatter(LatentGrid g, int b, float[] level, float[] norms, int tiles, int tileWidth,
                                float[] major, float[] majorNorms) {
        int m = g.size();
        int r = g.channels();
        int plane = m * m;
        float[] src = g.data();
        int tile = b / tileWidth;
        int lane = b % tileWidth;
        float[] cell = new float[r];
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < r; c++) cell[c] = src[c * plane + p];
            int base = (p * tiles + tile) * r * tileWidth + lane;
            for (int c = 0; c < r; c++) level[base + c * tileWidth] = cell[c];
            float norm = DistanceKernels.cellNorm(cell, 0, r);
            norms[(p * tiles + tile) * tileWidth + lane] = norm;
            if (major != null) {
                System.arraycopy(cell, 0, major, (b * plane + p) * r, r);
                majorNorms[b * plane + p] = norm;
            }
        }
    }

    /** B, the number of entries. */
    public int count() { return count; }

    /** r, the channels of a projected grid. */
    public int dims() { return dims; }

    /** M, the size of the source grids. */
    public int gridSize() { return gridSize; }

    /** The scale sizes held, ascending (a copy); always contains M. */
    public int[] scaleSizes() { return sizes.clone(); }

    public boolean hasScale(int m) { return Arrays.binarySearch(sizes, m) >= 0; }

    /** The id provenance reports for bank entry {@code b}. */
    public int sourceId(int b) { return sourceIds[b]; }

    /** The ids of all entries (a copy). */
    public int[] sourceIds() { return sourceIds.clone(); }

    /** The bank entry reporting {@code sourceId}, or −1 when none does. */
    public int indexOfSource(int sourceId) {
        if (identityIds) return sourceId >= 0 && sourceId < count ? sourceId : -1;
        int i = Arrays.binarySearch(sortedIds, sourceId);
        return i < 0 ? -1 : sortedIdIndex[i];
    }

    /** True when the original grids are available for the copy finish. */
    public boolean hasOriginals() { return originals != null; }

    /** The original grid {@code Z_b} of bank entry {@code b} (L×M×M). */
    public LatentGrid original(int b) {
        if (originals == null) {
            throw new IllegalStateException("this source bank was built without the original latents; the COPY finish needs them "
                    + "(pass them to SourceBank.build) or use the RECONSTRUCT finish");
        }
        LatentGrid z = originals.get(b);
        if (z == null || z.size() != gridSize) {
            throw new IllegalStateException("original grid " + b + " is " + z + " but the bank's grids are " + gridSize + "x" + gridSize);
        }
        return z;
    }

    /** {@code Y_b^m[c, y, x]}: one value of entry b resampled to size m. */
    public float value(int m, int b, int c, int y, int x) {
        return levels[levelIndex(m)][offset(m, b, c, y * m + x)];
    }

    /** Entry b resampled to size m, as a new r×m×m grid. */
    public LatentGrid sourceAt(int m, int b) {
        if (b < 0 || b >= count) throw new IndexOutOfBoundsException("bank entry " + b + " of " + count);
        float[] level = levels[levelIndex(m)];
        float[] out = new float[dims * m * m];
        for (int cell = 0; cell < m * m; cell++) {
            for (int c = 0; c < dims; c++) out[c * m * m + cell] = level[offset(m, b, c, cell)];
        }
        return new LatentGrid(dims, m, out);
    }

    /** Bytes held by the resampled levels and their cell norms (and their source-major copies, for small banks). */
    public long bytes() {
        long n = 0;
        for (float[] l : levels) n += 4L * l.length;
        for (float[] l : norms) n += 4L * l.length;
        if (sourceMajor != null) for (float[] l : sourceMajor) n += 4L * l.length;
        if (sourceMajorNorms != null) for (float[] l : sourceMajorNorms) n += 4L * l.length;
        return n;
    }

    /** The level of size m source-major, {@code [b][cell][c]}, or null for a large bank. Do not modify. */
    float[] sourceMajor(int m) { return sourceMajor == null ? null : sourceMajor[levelIndex(m)]; }

    /** The cell norms of the level of size m, {@code [cell][tile][lane]}. Do not modify. */
    float[] norms(int m) { return norms[levelIndex(m)]; }

    /** The cell norms of the level of size m source-major, {@code [b][cell]}, or null for a large bank. Do not modify. */
    float[] sourceMajorNorms(int m) { return sourceMajorNorms == null ? null : sourceMajorNorms[levelIndex(m)]; }

    /** T, candidates per tile of a level. */
    int tileWidth() { return tileWidth; }

    /** Number of tiles, {@code ceil(B / T)}. */
    int tiles() { return tiles; }

    /** The level of size m, layout {@code [cell][tile][c][lane]} (see the class Javadoc). Do not modify. */
    float[] level(int m) { return levels[levelIndex(m)]; }

    /** Index of {@code Y_b^m[c, cell]} in {@link #level(int)}. */
    int offset(int m, int b, int c, int cell) {
        return ((cell * tiles + b / tileWidth) * dims + c) * tileWidth + b % tileWidth;
    }

    private int levelIndex(int m) {
        int i = Arrays.binarySearch(sizes, m);
        if (i < 0) {
            throw new IllegalArgumentException("the source bank holds scale sizes " + Arrays.toString(sizes) + ", not " + m
                    + "; build it for the sampler's schedule (SourceBank.forParams)");
        }
        return i;
    }

    @Override
    public String toString() {
        return "SourceBank[B=" + count + ", r=" + dims + ", M=" + gridSize + ", scales=" + Arrays.toString(sizes) + ", tile=" + tileWidth + "]";
    }
}
