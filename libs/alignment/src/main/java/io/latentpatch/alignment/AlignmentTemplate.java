package io.latentpatch.alignment;

/**
 * Where the oriented crop goes, relative to the eyes and mouth, as in the FFHQ data set's
 * {@code align_images.py} / {@code recreate_aligned_images}: with {@code e} = eye centre to eye
 * centre and {@code m} = eye midpoint to mouth-corner midpoint, the crop's half side is
 * {@code max(|e| · eyeScale, |m| · mouthScale)} along {@code e − rot90(m)}, and its centre is
 * {@code eyeMidpoint + m · centerShift}.
 *
 * @param name        how settings and manifests name it
 * @param eyeScale    FFHQ: 2.0
 * @param mouthScale  FFHQ: 1.8
 * @param centerShift FFHQ: 0.1
 */
public record AlignmentTemplate(String name, double eyeScale, double mouthScale, double centerShift) {

    /** The FFHQ convention; the shared face set's eyes sit where it puts them (x ≈ 96 and 160, y ≈ 120 of 256). */
    public static final AlignmentTemplate FFHQ = new AlignmentTemplate("ffhq", 2.0, 1.8, 0.1);

    public AlignmentTemplate {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("template needs a name");
        if (!(eyeScale > 0) || !(mouthScale > 0) || !Double.isFinite(centerShift)) {
            throw new IllegalArgumentException("template " + name + " needs positive scales, got " + eyeScale + ", " + mouthScale);
        }
    }

    /** A template by name: {@code ffhq}, or {@code custom:EYE,MOUTH,SHIFT} (e.g. {@code custom:2.1,1.9,0.1}). */
    public static AlignmentTemplate parse(String spec) {
        if (spec == null || spec.equalsIgnoreCase("ffhq")) return FFHQ;
        if (spec.startsWith("custom:")) {
            String[] p = spec.substring("custom:".length()).split(",");
            if (p.length == 3) {
                try {
                    return new AlignmentTemplate(spec, Double.parseDouble(p[0].trim()), Double.parseDouble(p[1].trim()),
                            Double.parseDouble(p[2].trim()));
                } catch (NumberFormatException e) {
                    // fall through to the message below
                }
            }
        }
        throw new IllegalArgumentException("unknown alignment template '" + spec + "'; use ffhq or custom:EYE,MOUTH,SHIFT");
    }

    /**
     * The map from output pixels (0..size−1) to source pixels for a face with these landmarks: the
     * square crop {@code c ± x ± y} spread over the output, pixel centres to pixel centres.
     */
    public AffineTransform alignedToSource(Landmarks lm, int size) {
        double[] el = lm.leftEye();
        double[] er = lm.rightEye();
        double[] ml = lm.mouthLeft();
        double[] mr = lm.mouthRight();
        double eyeAvgX = (el[0] + er[0]) / 2, eyeAvgY = (el[1] + er[1]) / 2;
        double e2eX = er[0] - el[0], e2eY = er[1] - el[1];
        double e2mX = (ml[0] + mr[0]) / 2 - eyeAvgX, e2mY = (ml[1] + mr[1]) / 2 - eyeAvgY;
        // x = eye_to_eye - flipud(eye_to_mouth) * [-1, 1]
        double xX = e2eX + e2mY, xY = e2eY - e2mX;
        double len = Math.hypot(xX, xY);
        double half = Math.max(Math.hypot(e2eX, e2eY) * eyeScale, Math.hypot(e2mX, e2mY) * mouthScale);
        xX *= half / len;
        xY *= half / len;
        // y = flipud(x) * [-1, 1]
        double yX = -xY, yY = xX;
        double cX = eyeAvgX + e2mX * centerShift, cY = eyeAvgY + e2mY * centerShift;
        // Output pixel (u, v) ↦ (c − x − y) + 2x·(u + ½)/size + 2y·(v + ½)/size.
        double ux = 2 * xX / size, uy = 2 * xY / size, vx = 2 * yX / size, vy = 2 * yY / size;
        double tx = cX - xX - yX + (ux + vx) / 2;
        double ty = cY - xY - yY + (uy + vy) / 2;
        return new AffineTransform(ux, vx, tx, uy, vy, ty);
    }
}
