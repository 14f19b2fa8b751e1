package io.latentpatch.core.provenance;

/**
 * Provenance maps: which source image each grid cell was copied from.
 *
 * <p>A map is a row-major {@code int[M*M]} (index {@code y * M + x}) of source ids {@code 0..B-1}, or
 * {@link #TARGET} for a cell that keeps the reference/target latent itself (reference-guided and editing modes).
 */
public final class Provenance {
    /** Cell value meaning "taken from the reference/target latent, not from a source". */
    public static final int TARGET = -1;

    private Provenance() {}

    /**
     * Checks that {@code map} is {@code gridSize × gridSize} and holds only {@link #TARGET} or ids below
     * {@code sourceCount}; fails naming the first bad cell.
     */
    public static void validate(int[] map, int gridSize, int sourceCount) {
        if (gridSize < 1) throw new IllegalArgumentException("grid size must be >= 1, got " + gridSize);
        if (sourceCount < 1) throw new IllegalArgumentException("source count must be >= 1, got " + sourceCount);
        if (map.length != gridSize * gridSize) {
            throw new IllegalArgumentException("provenance map has " + map.length + " cells, expected " + gridSize + "x"
                    + gridSize + " = " + gridSize * gridSize);
        }
        for (int i = 0; i < map.length; i++) {
            int s = map[i];
            if (s != TARGET && (s < 0 || s >= sourceCount)) {
                throw new IllegalArgumentException("provenance cell (y=" + i / gridSize + ", x=" + i % gridSize + ") is " + s
                        + "; expected a source id in 0.." + (sourceCount - 1) + " or " + TARGET + " (target)");
            }
        }
    }

    /** The side of a square map, failing when its length is not a perfect square. */
    public static int gridSizeOf(int[] map) {
        int m = (int) Math.round(Math.sqrt(map.length));
        if (m < 1 || m * m != map.length) {
            throw new IllegalArgumentException("provenance map of " + map.length + " cells is not square");
        }
        return m;
    }
}
