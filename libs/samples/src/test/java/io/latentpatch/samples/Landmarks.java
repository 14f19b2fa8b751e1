package io.latentpatch.samples;

import java.awt.image.BufferedImage;

/** Test helper: finds eyes and mouth in a face image by darkness, knowing nothing about how it was drawn. */
final class Landmarks {
    private Landmarks() {
    }

    static double luminance(int rgb) {
        return 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
    }

    /**
     * Centroid (x, y), in pixels, of the pixels within {@code tolerance} luminance of the darkest one, inside the
     * window of half-sizes {@code halfW × halfH} pixels around {@code (cx, cy)}.
     */
    static double[] darkCentroid(BufferedImage im, double cx, double cy, int halfW, int halfH, double tolerance) {
        int x0 = (int) Math.round(cx) - halfW, x1 = (int) Math.round(cx) + halfW;
        int y0 = (int) Math.round(cy) - halfH, y1 = (int) Math.round(cy) + halfH;
        double min = Double.MAX_VALUE;
        for (int y = y0; y <= y1; y++) for (int x = x0; x <= x1; x++) min = Math.min(min, luminance(im.getRGB(x, y)));
        double sx = 0, sy = 0;
        int n = 0;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                if (luminance(im.getRGB(x, y)) <= min + tolerance) {
                    sx += x + 0.5;
                    sy += y + 0.5;
                    n++;
                }
            }
        }
        return new double[] {sx / n, sy / n};
    }

    /** Row in {@code [y0, y1]} whose pixels between {@code x0} and {@code x1} have the lowest mean luminance. */
    static int darkestRow(BufferedImage im, int x0, int x1, int y0, int y1) {
        int best = y0;
        double bestSum = Double.MAX_VALUE;
        for (int y = y0; y <= y1; y++) {
            double s = 0;
            for (int x = x0; x <= x1; x++) s += luminance(im.getRGB(x, y));
            if (s < bestSum) {
                bestSum = s;
                best = y;
            }
        }
        return best;
    }
}
