package io.latentpatch.alignment;

/**
 * An axis-aligned face rectangle in image pixels: the face spans columns {@code left .. left + width}
 * and rows {@code top .. top + height} (pixel (x, y) has its centre at (x, y)).
 *
 * @param left   left edge, pixels
 * @param top    top edge, pixels
 * @param width  > 0, pixels
 * @param height > 0, pixels
 */
public record FaceBox(double left, double top, double width, double height) {

    public FaceBox {
        if (!(width > 0) || !(height > 0) || !Double.isFinite(left) || !Double.isFinite(top)) {
            throw new IllegalArgumentException("face box needs a finite position and positive size, got " + left + ","
                    + top + " " + width + "x" + height);
        }
    }

    public double centerX() {
        return left + width / 2;
    }

    public double centerY() {
        return top + height / 2;
    }

    public double area() {
        return width * height;
    }

    /** Area of the intersection over the area of the union. */
    public double overlap(FaceBox o) {
        double w = Math.min(left + width, o.left + o.width) - Math.max(left, o.left);
        double h = Math.min(top + height, o.top + o.height) - Math.max(top, o.top);
        if (w <= 0 || h <= 0) return 0;
        double inter = w * h;
        return inter / (area() + o.area() - inter);
    }

    /** This box scaled by {@code s} about the origin (for boxes found on a resized copy). */
    public FaceBox scaled(double s) {
        return new FaceBox(left * s, top * s, width * s, height * s);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.0fx%.0f at (%.0f, %.0f)", width, height, left, top);
    }
}
