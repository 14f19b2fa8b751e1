package io.latentpatch.generate;

import io.latentpatch.core.provenance.ProvenancePicture;
import io.latentpatch.imaging.RgbImage;
import java.util.List;

/**
 * Contact sheets of a run: the sources, each above a bar of its provenance colour, and the outputs,
 * each beside its provenance map, so a reader sees at a glance which source every part came from.
 */
public final class ContactSheet {
    private static final int GAP = 4;
    private static final int BAR = 10;
    private static final int BACKGROUND = 0x202020;

    private ContactSheet() {}

    /** Sources in rows of {@code columns}, thumbnails of side {@code thumb}, each above its colour bar. */
    public static RgbImage sources(List<RgbImage> sources, int thumb, int columns) {
        int b = sources.size();
        int cols = Math.min(columns, b);
        int rows = (b + cols - 1) / cols;
        RgbImage sheet = filled(GAP + cols * (thumb + GAP), GAP + rows * (thumb + BAR + GAP));
        for (int i = 0; i < b; i++) {
            int x = GAP + (i % cols) * (thumb + GAP);
            int y = GAP + (i / cols) * (thumb + BAR + GAP);
            sheet.paste(thumbnail(sources.get(i), thumb), x, y);
            int colour = ProvenancePicture.colour(i, b);
            for (int yy = y + thumb; yy < y + thumb + BAR; yy++) {
                for (int xx = x; xx < x + thumb; xx++) sheet.rgb()[yy * sheet.width() + xx] = colour;
            }
        }
        return sheet;
    }

    /** Output/provenance pairs in rows of {@code columns} pairs. */
    public static RgbImage outputs(List<RgbImage> images, List<RgbImage> provenance, int thumb, int columns) {
        int n = images.size();
        int cols = Math.min(columns, n);
        int rows = (n + cols - 1) / cols;
        int pairWidth = 2 * thumb + GAP;
        RgbImage sheet = filled(GAP + cols * (pairWidth + 3 * GAP), GAP + rows * (thumb + GAP));
        for (int i = 0; i < n; i++) {
            int x = GAP + (i % cols) * (pairWidth + 3 * GAP);
            int y = GAP + (i / cols) * (thumb + GAP);
            sheet.paste(thumbnail(images.get(i), thumb), x, y);
            sheet.paste(thumbnail(provenance.get(i), thumb), x + thumb + GAP, y);
        }
        return sheet;
    }

    /** Groups of tiles side by side (e.g. output, provenance, nearest source), {@code perRow} groups a row. */
    public static RgbImage groups(List<List<RgbImage>> groups, int thumb, int perRow) {
        int n = groups.size();
        int tiles = groups.isEmpty() ? 1 : groups.get(0).size();
        int cols = Math.max(1, Math.min(perRow, n));
        int rows = (n + cols - 1) / cols;
        int groupWidth = tiles * thumb + (tiles - 1) * GAP;
        RgbImage sheet = filled(GAP + cols * (groupWidth + 3 * GAP), GAP + rows * (thumb + GAP));
        for (int g = 0; g < n; g++) {
            int x = GAP + (g % cols) * (groupWidth + 3 * GAP);
            int y = GAP + (g / cols) * (thumb + GAP);
            List<RgbImage> group = groups.get(g);
            for (int t = 0; t < group.size(); t++) sheet.paste(thumbnail(group.get(t), thumb), x + t * (thumb + GAP), y);
        }
        return sheet;
    }

    /** Box-filter downscale to {@code side × side} (inputs are square); exact integer arithmetic. */
    public static RgbImage thumbnail(RgbImage image, int side) {
        if (image.width() == side && image.height() == side) return image;
        int[] out = new int[side * side];
        for (int y = 0; y < side; y++) {
            int y0 = (int) ((long) y * image.height() / side);
            int y1 = Math.max(y0 + 1, (int) ((long) (y + 1) * image.height() / side));
            for (int x = 0; x < side; x++) {
                int x0 = (int) ((long) x * image.width() / side);
                int x1 = Math.max(x0 + 1, (int) ((long) (x + 1) * image.width() / side));
                long r = 0, g = 0, bl = 0;
                int count = 0;
                for (int yy = y0; yy < y1; yy++) {
                    for (int xx = x0; xx < x1; xx++) {
                        int p = image.rgb()[yy * image.width() + xx];
                        r += (p >> 16) & 255;
                        g += (p >> 8) & 255;
                        bl += p & 255;
                        count++;
                    }
                }
                int half = count / 2;
                out[y * side + x] = (int) ((r + half) / count) << 16 | (int) ((g + half) / count) << 8 | (int) ((bl + half) / count);
            }
        }
        return new RgbImage(side, side, out);
    }

    private static RgbImage filled(int width, int height) {
        RgbImage sheet = RgbImage.blank(width, height);
        java.util.Arrays.fill(sheet.rgb(), BACKGROUND);
        return sheet;
    }
}
