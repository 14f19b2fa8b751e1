package io.latentpatch.alignment;

/**
 * Facial landmarks in image pixels: point {@code i} is {@code (xy[2i], xy[2i + 1])}, in the order of
 * the iBUG 300-W 68-point markup for the 68-point model (0–16 jaw, 17–26 brows, 27–35 nose,
 * 36–41 left eye in the image, 42–47 right eye, 48–59 outer lip, 60–67 inner lip).
 */
public record Landmarks(float[] xy) {

    public Landmarks {
        if (xy == null || xy.length == 0 || xy.length % 2 != 0) {
            throw new IllegalArgumentException("landmarks need an even, positive number of coordinates, got "
                    + (xy == null ? "null" : xy.length));
        }
    }

    public int count() {
        return xy.length / 2;
    }

    public double x(int i) {
        return xy[2 * i];
    }

    public double y(int i) {
        return xy[2 * i + 1];
    }

    /** Mean of points {@code from .. to - 1}: {x, y}. */
    public double[] mean(int from, int to) {
        double sx = 0;
        double sy = 0;
        for (int i = from; i < to; i++) {
            sx += x(i);
            sy += y(i);
        }
        return new double[] {sx / (to - from), sy / (to - from)};
    }

    private void require68() {
        if (count() != 68) {
            throw new IllegalStateException("eye and mouth points need the 68-point markup, this model gives " + count());
        }
    }

    /** Centre of the eye on the image's left (points 36–41): {x, y}. */
    public double[] leftEye() {
        require68();
        return mean(36, 42);
    }

    /** Centre of the eye on the image's right (points 42–47): {x, y}. */
    public double[] rightEye() {
        require68();
        return mean(42, 48);
    }

    /** Left mouth corner (point 48): {x, y}. */
    public double[] mouthLeft() {
        require68();
        return new double[] {x(48), y(48)};
    }

    /** Right mouth corner (point 54): {x, y}. */
    public double[] mouthRight() {
        require68();
        return new double[] {x(54), y(54)};
    }

    /** Distance between the eye centres, pixels. */
    public double eyeDistance() {
        double[] l = leftEye();
        double[] r = rightEye();
        return Math.hypot(r[0] - l[0], r[1] - l[1]);
    }
}
