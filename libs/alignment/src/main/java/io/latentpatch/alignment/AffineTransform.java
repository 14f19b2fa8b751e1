package io.latentpatch.alignment;

/**
 * A 2-D affine map {@code (x, y) → (a·x + b·y + tx, c·x + d·y + ty)}, in pixel-index coordinates (the
 * centre of pixel (i, j) is (i, j)). As a 2×3 matrix: {@code [[a, b, tx], [c, d, ty]]}.
 */
public record AffineTransform(double a, double b, double tx, double c, double d, double ty) {

    public static final AffineTransform IDENTITY = new AffineTransform(1, 0, 0, 0, 1, 0);

    public AffineTransform {
        double det = a * d - b * c;
        if (!Double.isFinite(det) || det == 0 || !Double.isFinite(tx) || !Double.isFinite(ty)) {
            throw new IllegalArgumentException("affine transform must be finite and invertible, got " + a + " " + b + " "
                    + tx + " / " + c + " " + d + " " + ty);
        }
    }

    /** The image of {@code (x, y)}: {x', y'}. */
    public double[] apply(double x, double y) {
        return new double[] {a * x + b * y + tx, c * x + d * y + ty};
    }

    public AffineTransform inverse() {
        double det = a * d - b * c;
        double ia = d / det, ib = -b / det, ic = -c / det, id = a / det;
        return new AffineTransform(ia, ib, -(ia * tx + ib * ty), ic, id, -(ic * tx + id * ty));
    }

    /** {@code this ∘ first}: first {@code first}, then this. */
    public AffineTransform after(AffineTransform first) {
        return new AffineTransform(a * first.a + b * first.c, a * first.b + b * first.d, a * first.tx + b * first.ty + tx,
                c * first.a + d * first.c, c * first.b + d * first.d, c * first.tx + d * first.ty + ty);
    }

    /** Scale factor (square root of the determinant's magnitude). */
    public double scale() {
        return Math.sqrt(Math.abs(a * d - b * c));
    }

    /** Rotation angle of the first column, radians. */
    public double rotation() {
        return Math.atan2(c, a);
    }

    /** The 2×3 matrix row by row: {a, b, tx, c, d, ty}. */
    public double[] toArray() {
        return new double[] {a, b, tx, c, d, ty};
    }

    /** A transform from {@link #toArray()}. */
    public static AffineTransform of(double[] m) {
        if (m == null || m.length != 6) throw new IllegalArgumentException("a 2x3 affine matrix needs 6 values");
        return new AffineTransform(m[0], m[1], m[2], m[3], m[4], m[5]);
    }

    /** Rotation by {@code angle} radians and scale {@code s} about ({@code cx}, {@code cy}), then a shift. */
    public static AffineTransform similarity(double s, double angle, double cx, double cy, double shiftX, double shiftY) {
        double ca = s * Math.cos(angle), sa = s * Math.sin(angle);
        return new AffineTransform(ca, -sa, cx - ca * cx + sa * cy + shiftX, sa, ca, cy - sa * cx - ca * cy + shiftY);
    }
}
