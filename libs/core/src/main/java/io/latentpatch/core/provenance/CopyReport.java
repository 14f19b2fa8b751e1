package io.latentpatch.core.provenance;

/**
 * How much of one output was copied from a single source: a measure of memorisation.
 *
 * <p>Computed from a provenance map (see {@link Provenance}):
 * <ul>
 *   <li>the largest 4-connected region (cells sharing an edge, not just a corner) of cells from one source, as
 *       {@link #largestRegionCells()} and as a fraction of the whole grid, {@link #largestRegionFraction()};
 *       {@link Provenance#TARGET} cells never form a region; on ties the region met first in raster order wins;
 *       with no source cell at all the fraction is 0 and the source is −1;</li>
 *   <li>the share of each source among the source cells, {@link #sourceShares()} (sums to 1, or all zeros when
 *       every cell is TARGET), and the share of TARGET cells in the whole grid, {@link #targetShare()}.</li>
 * </ul>
 * A single-source output has fraction 1.0; a checkerboard of two sources has 1/M².
 */
public final class CopyReport {
    private final int gridSize;
    private final int largestRegionSource;
    private final int largestRegionCells;
    private final double[] sourceShares;
    private final int targetCells;

    private CopyReport(int gridSize, int largestRegionSource, int largestRegionCells, double[] sourceShares, int targetCells) {
        this.gridSize = gridSize;
        this.largestRegionSource = largestRegionSource;
        this.largestRegionCells = largestRegionCells;
        this.sourceShares = sourceShares;
        this.targetCells = targetCells;
    }

    /** Report for a square map whose side is inferred from its length. */
    public static CopyReport of(int[] provenance, int sourceCount) {
        return of(provenance, Provenance.gridSizeOf(provenance), sourceCount);
    }

    /** Report for the row-major {@code gridSize × gridSize} map {@code provenance} over {@code sourceCount} sources. */
    public static CopyReport of(int[] provenance, int gridSize, int sourceCount) {
        Provenance.validate(provenance, gridSize, sourceCount);
        int cells = provenance.length;
        int[] counts = new int[sourceCount];
        int targets = 0;
        for (int s : provenance) {
            if (s == Provenance.TARGET) targets++;
            else counts[s]++;
        }
        double[] shares = new double[sourceCount];
        int sourceCells = cells - targets;
        if (sourceCells > 0) for (int b = 0; b < sourceCount; b++) shares[b] = (double) counts[b] / sourceCells;

        // Flood fill each unvisited source cell's 4-connected component with an explicit queue.
        boolean[] seen = new boolean[cells];
        int[] queue = new int[cells];
        int bestSize = 0;
        int bestSource = -1;
        for (int start = 0; start < cells; start++) {
            int src = provenance[start];
            if (seen[start] || src == Provenance.TARGET) continue;
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            seen[start] = true;
            while (head < tail) {
                int p = queue[head++];
                int y = p / gridSize;
                int x = p % gridSize;
                if (x > 0) tail = visit(provenance, seen, queue, tail, p - 1, src);
                if (x < gridSize - 1) tail = visit(provenance, seen, queue, tail, p + 1, src);
                if (y > 0) tail = visit(provenance, seen, queue, tail, p - gridSize, src);
                if (y < gridSize - 1) tail = visit(provenance, seen, queue, tail, p + gridSize, src);
            }
            if (tail > bestSize) {
                bestSize = tail;
                bestSource = src;
            }
        }
        return new CopyReport(gridSize, bestSource, bestSize, shares, targets);
    }

    private static int visit(int[] map, boolean[] seen, int[] queue, int tail, int q, int src) {
        if (!seen[q] && map[q] == src) {
            seen[q] = true;
            queue[tail++] = q;
        }
        return tail;
    }

    /** M, the side of the grid. */
    public int gridSize() {
        return gridSize;
    }

    /** Cells in the largest single-source 4-connected region divided by all M² cells. */
    public double largestRegionFraction() {
        return (double) largestRegionCells / (gridSize * gridSize);
    }

    /** The source of the largest region, or −1 when no cell comes from a source. */
    public int largestRegionSource() {
        return largestRegionSource;
    }

    public int largestRegionCells() {
        return largestRegionCells;
    }

    /** Share of each source among the non-TARGET cells (length B; a copy). */
    public double[] sourceShares() {
        return sourceShares.clone();
    }

    /** Number of sources that contributed at least one cell. */
    public int distinctSources() {
        int n = 0;
        for (double s : sourceShares) if (s > 0) n++;
        return n;
    }

    /** TARGET cells divided by all M² cells (0 when the output has none). */
    public double targetShare() {
        return (double) targetCells / (gridSize * gridSize);
    }

    public int targetCells() {
        return targetCells;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "CopyReport[largest region %d/%d cells (%.3f) from source %d, %d sources, target share %.3f]",
                largestRegionCells, gridSize * gridSize, largestRegionFraction(), largestRegionSource, distinctSources(), targetShare());
    }
}
