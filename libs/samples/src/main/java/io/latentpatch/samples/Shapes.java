package io.latentpatch.samples;

import java.awt.Color;
import java.awt.geom.Path2D;

/** Small geometry and colour helpers for the painter; integer and basic double arithmetic only (deterministic). */
final class Shapes {
    private Shapes() {
    }

    /**
     * A smooth closed curve through the points {@code x0, y0, x1, y1, …} (uniform Catmull-Rom turned into cubic
     * Béziers), so outlines are written as a handful of points.
     */
    static Path2D.Double smoothClosed(double... xy) {
        int n = xy.length / 2;
        if (n < 3 || xy.length % 2 != 0) {
            throw new IllegalArgumentException("need at least 3 (x, y) pairs, got " + xy.length + " numbers");
        }
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xy[0], xy[1]);
        for (int i = 0; i < n; i++) {
            int i0 = (i - 1 + n) % n, i2 = (i + 1) % n, i3 = (i + 2) % n;
            double c1x = xy[2 * i] + (xy[2 * i2] - xy[2 * i0]) / 6;
            double c1y = xy[2 * i + 1] + (xy[2 * i2 + 1] - xy[2 * i0 + 1]) / 6;
            double c2x = xy[2 * i2] - (xy[2 * i3] - xy[2 * i]) / 6;
            double c2y = xy[2 * i2 + 1] - (xy[2 * i3 + 1] - xy[2 * i + 1]) / 6;
            p.curveTo(c1x, c1y, c2x, c2y, xy[2 * i2], xy[2 * i2 + 1]);
        }
        p.closePath();
        return p;
    }

    /** The same points mirrored about the vertical line {@code x = axis}, in reverse order (keeps winding). */
    static double[] mirrored(double axis, double... xy) {
        int n = xy.length / 2;
        double[] out = new double[xy.length];
        for (int i = 0; i < n; i++) {
            out[2 * (n - 1 - i)] = 2 * axis - xy[2 * i];
            out[2 * (n - 1 - i) + 1] = xy[2 * i + 1];
        }
        return out;
    }

    static double[] concat(double[]... parts) {
        int len = 0;
        for (double[] p : parts) len += p.length;
        double[] out = new double[len];
        int o = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    /** Linear blend {@code a + (b - a) t} per channel, alpha of {@code a}. */
    static Color mix(Color a, Color b, double t) {
        return new Color(
                channel(a.getRed() + (b.getRed() - a.getRed()) * t),
                channel(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                channel(a.getBlue() + (b.getBlue() - a.getBlue()) * t),
                a.getAlpha());
    }

    /** Each channel times {@code factor} (below 1 darkens). */
    static Color shade(Color c, double factor) {
        return new Color(channel(c.getRed() * factor), channel(c.getGreen() * factor), channel(c.getBlue() * factor),
                c.getAlpha());
    }

    static Color alpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), Math.max(0, Math.min(255, alpha)));
    }

    /** {@code base} moved by {@code jitter × spread} on every channel. */
    static Color jitter(Color base, double jitter, double spread) {
        return new Color(channel(base.getRed() + jitter * spread), channel(base.getGreen() + jitter * spread),
                channel(base.getBlue() + jitter * spread));
    }

    static int channel(double v) {
        long r = Math.round(v);
        return (int) Math.max(0, Math.min(255, r));
    }
}
