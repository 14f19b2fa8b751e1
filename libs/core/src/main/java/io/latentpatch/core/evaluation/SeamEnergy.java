package io.latentpatch.core.evaluation;

/**
 * How visible provenance borders are in decoded pixels: the mean absolute difference of horizontally and
 * vertically neighbouring pixels (averaged over R, G, B, in 8-bit levels) across a provenance border
 * (the two pixels lie in cells copied from different sources) ÷ the same between neighbours inside one
 * source's region (same source, whether in one cell or in two). 1 = borders invisible to this statistic.
 * A reference/target cell (−1) counts as its own source.
 *
 * <p>Accumulates over images, so a run's value weighs every pixel pair equally.
 */
public final class SeamEnergy {
    private double acrossSum;
    private long acrossPairs;
    private double insideSum;
    private long insidePairs;

    /**
     * Adds one image.
     *
     * @param rgb        packed 0xRRGGBB pixels, row-major, {@code size × size}
     * @param provenance source per cell, row-major {@code [M·M]}; {@code size} must be a multiple of M
     */
    public SeamEnergy add(int[] rgb, int size, int[] provenance, int gridSize) {
        if (rgb.length != size * size) throw new IllegalArgumentException("expected " + size * size + " pixels, got " + rgb.length);
        if (provenance.length != gridSize * gridSize || size % gridSize != 0) {
            throw new IllegalArgumentException("a " + size + " px image does not tile into a " + gridSize + "×" + gridSize + " provenance grid");
        }
        int cell = size / gridSize;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int here = provenance[(y / cell) * gridSize + x / cell];
                if (x + 1 < size) pair(rgb[y * size + x], rgb[y * size + x + 1], here, provenance[(y / cell) * gridSize + (x + 1) / cell]);
                if (y + 1 < size) pair(rgb[y * size + x], rgb[(y + 1) * size + x], here, provenance[((y + 1) / cell) * gridSize + x / cell]);
            }
        }
        return this;
    }

    private void pair(int a, int b, int sourceA, int sourceB) {
        double d = (Math.abs(((a >> 16) & 0xFF) - ((b >> 16) & 0xFF)) + Math.abs(((a >> 8) & 0xFF) - ((b >> 8) & 0xFF))
                + Math.abs((a & 0xFF) - (b & 0xFF))) / 3.0;
        if (sourceA == sourceB) {
            insideSum += d;
            insidePairs++;
        } else {
            acrossSum += d;
            acrossPairs++;
        }
    }

    /** Mean difference across borders ÷ mean inside regions; NaN when either kind of pair is missing or inside is flat. */
    public double ratio() {
        if (acrossPairs == 0 || insidePairs == 0 || insideSum == 0) return Double.NaN;
        return (acrossSum / acrossPairs) / (insideSum / insidePairs);
    }

    /** Mean absolute difference across borders, in 8-bit levels. */
    public double meanAcross() {
        return acrossPairs == 0 ? Double.NaN : acrossSum / acrossPairs;
    }

    /** Mean absolute difference inside single-source regions, in 8-bit levels. */
    public double meanInside() {
        return insidePairs == 0 ? Double.NaN : insideSum / insidePairs;
    }
}
