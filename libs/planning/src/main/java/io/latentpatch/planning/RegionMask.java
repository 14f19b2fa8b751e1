package io.latentpatch.planning;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Editing regions on the latent grid of an aligned face.
 *
 * <p>Named regions are boxes in image-relative coordinates {@code [x0, y0, x1, y1]} (fractions of the
 * image side) fitted to the alignment of the bundled face data (eyes near y = 0.47, x = 0.375 and
 * 0.625; mouth near y = 0.70). A grid cell belongs to the region when its centre lies inside a box.
 * A mask picture is averaged over each cell's pixel block; a cell belongs to the region when more
 * than half of its pixels are bright (luma &gt; 127).
 *
 * <p>Result layout: {@code boolean[size * size]}, row-major {@code [y][x]}.
 */
public final class RegionMask {
    /** Named boxes, {@code {x0, y0, x1, y1}} as fractions of the image side. */
    public static final Map<String, double[]> NAMED = namedRegions();

    private RegionMask() {}

    private static Map<String, double[]> namedRegions() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("eyes", new double[] {0.22, 0.38, 0.78, 0.56});
        m.put("left-eye", new double[] {0.22, 0.38, 0.50, 0.56});
        m.put("right-eye", new double[] {0.50, 0.38, 0.78, 0.56});
        m.put("eyebrows", new double[] {0.22, 0.33, 0.78, 0.44});
        m.put("nose", new double[] {0.38, 0.46, 0.62, 0.66});
        m.put("mouth", new double[] {0.30, 0.64, 0.70, 0.82});
        m.put("hair", new double[] {0.10, 0.00, 0.90, 0.30});
        m.put("face", new double[] {0.20, 0.30, 0.80, 0.88});
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The union of the named regions on a {@code size × size} grid. Unknown names are an error listing the known ones. */
    public static boolean[] named(List<String> names, int size) {
        if (names.isEmpty()) throw new IllegalArgumentException("--region needs at least one name, e.g. eyes,mouth");
        boolean[] mask = new boolean[size * size];
        for (String raw : names) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            double[] box = NAMED.get(name);
            if (box == null) {
                throw new IllegalArgumentException("unknown region '" + raw + "'; known regions: "
                        + String.join(", ", NAMED.keySet()) + " (or give a mask PNG)");
            }
            for (int y = 0; y < size; y++) {
                double cy = (y + 0.5) / size;
                for (int x = 0; x < size; x++) {
                    double cx = (x + 0.5) / size;
                    if (cx >= box[0] && cx <= box[2] && cy >= box[1] && cy <= box[3]) mask[y * size + x] = true;
                }
            }
        }
        requireNonEmpty(mask, String.join(",", names));
        return mask;
    }

    /** A region from a mask picture of any size (bright = edit), mapped to a {@code size × size} grid. */
    public static boolean[] fromPicture(BufferedImage picture, int size, String what) {
        int w = picture.getWidth();
        int h = picture.getHeight();
        boolean[] mask = new boolean[size * size];
        for (int y = 0; y < size; y++) {
            int py0 = (int) ((long) y * h / size);
            int py1 = Math.max(py0 + 1, (int) ((long) (y + 1) * h / size));
            for (int x = 0; x < size; x++) {
                int px0 = (int) ((long) x * w / size);
                int px1 = Math.max(px0 + 1, (int) ((long) (x + 1) * w / size));
                int bright = 0;
                int total = 0;
                for (int py = py0; py < py1; py++) {
                    for (int px = px0; px < px1; px++) {
                        int rgb = picture.getRGB(px, py);
                        int luma = (299 * ((rgb >> 16) & 255) + 587 * ((rgb >> 8) & 255) + 114 * (rgb & 255)) / 1000;
                        if (luma > 127) bright++;
                        total++;
                    }
                }
                mask[y * size + x] = 2 * bright > total;
            }
        }
        requireNonEmpty(mask, what);
        return mask;
    }

    /** Number of cells in the region. */
    public static int count(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) if (b) n++;
        return n;
    }

    private static void requireNonEmpty(boolean[] mask, String what) {
        if (count(mask) == 0) {
            throw new IllegalArgumentException("region " + what + " covers no grid cell; use a larger region or a mask with white (edit) pixels");
        }
    }
}
