package io.latentpatch.samples;

import static io.latentpatch.samples.Shapes.alpha;
import static io.latentpatch.samples.Shapes.concat;
import static io.latentpatch.samples.Shapes.mirrored;
import static io.latentpatch.samples.Shapes.mix;
import static io.latentpatch.samples.Shapes.shade;
import static io.latentpatch.samples.Shapes.smoothClosed;

import io.latentpatch.samples.PortraitTraits.HairColour;
import io.latentpatch.samples.PortraitTraits.HairStyle;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.MultipleGradientPaint.ColorSpaceType;
import java.awt.MultipleGradientPaint.CycleMethod;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Draws one stylised frontal portrait with Java2D shapes and gradients only (no text, no fonts, no images),
 * so the pixels depend on the JDK's renderer alone.
 *
 * <p>Everything is drawn in a 256 × 256 design space scaled to the requested size. The landmarks match the
 * real, aligned face photos: eye centres at (0.375, 0.47) and (0.625, 0.47) of the side, mouth at y ≈ 0.70,
 * face centred horizontally. Layers, back to front: background, clothes, hair behind the head, neck, ears,
 * face, beard, eyes, brows, nose, mouth, hair in front, glasses, earrings.
 */
final class PortraitPainter {
    static final double DESIGN = 256.0;
    static final double CX = 128.0;
    static final double EYE_Y = 0.47 * DESIGN;
    static final double LEFT_EYE_X = 0.375 * DESIGN;
    static final double RIGHT_EYE_X = 0.625 * DESIGN;
    static final double MOUTH_Y = 0.70 * DESIGN;

    private static final Color INK = new Color(44, 32, 32);
    private static final Color WHITE = Color.WHITE;
    private static final Color BLACK = Color.BLACK;

    private PortraitPainter() {
    }

    /**
     * Paints {@code traits} at {@code size × size}; {@code lookSeed} fixes every non-labelled detail (face shape,
     * exact tones, fringe, frame style…). The same traits and seed give the same image.
     */
    static BufferedImage paint(PortraitTraits traits, long lookSeed, int size) {
        Look look = Look.sample(traits, new Random(lookSeed));
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_ALPHA_INTERPOLATION, RenderingHints.VALUE_ALPHA_INTERPOLATION_QUALITY);
            g.scale(size / DESIGN, size / DESIGN);
            new Painting(g, traits, look).draw();
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Every continuous choice, drawn in a fixed order whatever the traits, so toggling one trait changes only its part. */
    record Look(
            double faceRx, double topY, double jawW, double chinY, double chinW, double neckW,
            Color skin, Color hair, Color eye, Color lips, Color shirt, Color background,
            int backgroundStyle, double[] bokeh,
            double hairVolume, double[] tufts, double sweep, double hairline, double fringeLeft, double fringeRight, double partX, double partDip,
            boolean bangs, double longBottom,
            double browThickness, double browArch, double browTilt, double irisRadius,
            double mouthHalfWidth, double lipFullness, double blush,
            int frameStyle, Color frame, double frameWidth,
            double beardDensity, boolean goatee, boolean hoops, Color metal) {

        static Look sample(PortraitTraits t, Random r) {
            double faceRx = between(r, 64, 73);
            double topY = between(r, 32, 42);
            double jawW = faceRx * between(r, 0.62, 0.78);
            double chinY = between(r, 226, 236);
            double chinW = between(r, 10, 20);
            double neckW = between(r, 27, 33);
            Color skin = Shapes.jitter(skinBase(t), between(r, -1, 1), 9);
            Color hair = Shapes.jitter(hairBase(t.hair()), between(r, -1, 1), 12);
            Color eye = Shapes.jitter(eyeBase(t), between(r, -1, 1), 12);
            Color lips = mix(skin, new Color(196, 82, 92), between(r, 0.35, 0.55));
            Color shirt = SHIRTS[r.nextInt(SHIRTS.length)];
            Color background = Shapes.jitter(backgroundBase(t), between(r, -1, 1), 10);
            int backgroundStyle = r.nextInt(3);
            double[] bokeh = new double[4 * 7];
            for (int i = 0; i < bokeh.length; i += 4) {
                bokeh[i] = between(r, 0, DESIGN);
                bokeh[i + 1] = between(r, 0, DESIGN);
                bokeh[i + 2] = between(r, 10, 34);
                bokeh[i + 3] = between(r, 18, 48);
            }
            double hairVolume = between(r, 9, 20);
            double[] tufts = new double[9];
            for (int i = 0; i < tufts.length; i++) tufts[i] = between(r, -1, 1);
            double sweep = between(r, -1, 1);
            double hairline = topY + faceRx * between(r, 0.28, 0.42);
            double fringeLeft = between(r, -4, 9);
            double fringeRight = between(r, -4, 9);
            double partX = CX + between(r, -22, 22);
            double partDip = between(r, 0, 12);
            boolean bangs = r.nextDouble() < 0.4;
            double longBottom = between(r, 200, 246);
            double browThickness = between(r, 3.2, 5.4);
            double browArch = between(r, 2, 6);
            double browTilt = between(r, -2.5, 2.5);
            double irisRadius = between(r, 5.6, 6.8);
            double mouthHalfWidth = between(r, 18, 24);
            double lipFullness = between(r, 0.8, 1.25);
            double blush = between(r, 0.5, 1.0);
            int frameStyle = r.nextInt(3);
            Color frame = FRAMES[r.nextInt(FRAMES.length)];
            double frameWidth = between(r, 2.2, 4.0);
            double beardDensity = between(r, 0.7, 0.95);
            boolean goatee = r.nextDouble() < 0.3;
            boolean hoops = r.nextBoolean();
            Color metal = r.nextBoolean() ? new Color(222, 178, 70) : new Color(205, 208, 214);
            return new Look(faceRx, topY, jawW, chinY, chinW, neckW, skin, hair, eye, lips, shirt, background,
                    backgroundStyle, bokeh, hairVolume, tufts, sweep, hairline, fringeLeft, fringeRight, partX, partDip, bangs,
                    longBottom, browThickness, browArch, browTilt, irisRadius, mouthHalfWidth, lipFullness, blush,
                    frameStyle, frame, frameWidth, beardDensity, goatee, hoops, metal);
        }

        private static double between(Random r, double lo, double hi) {
            return lo + (hi - lo) * r.nextDouble();
        }
    }

    private static final Color[] SHIRTS = {
            new Color(44, 62, 112), new Color(122, 42, 54), new Color(44, 96, 64), new Color(204, 152, 54),
            new Color(62, 62, 68), new Color(232, 232, 226), new Color(42, 122, 132), new Color(222, 112, 92),
    };

    private static final Color[] FRAMES = {
            new Color(24, 22, 24), new Color(92, 52, 30), new Color(150, 32, 40), new Color(40, 56, 96),
    };

    private static Color skinBase(PortraitTraits t) {
        return switch (t.skin()) {
            case LIGHT -> new Color(244, 211, 186);
            case MEDIUM -> new Color(211, 158, 116);
            case DARK -> new Color(128, 86, 62);
        };
    }

    private static Color hairBase(HairColour hair) {
        return switch (hair) {
            case BLACK -> new Color(36, 30, 32);
            case BROWN -> new Color(104, 66, 38);
            case BLOND -> new Color(226, 188, 112);
            case RED -> new Color(178, 74, 34);
            case GREY -> new Color(184, 184, 186);
        };
    }

    private static Color eyeBase(PortraitTraits t) {
        return switch (t.eyes()) {
            case BROWN -> new Color(108, 66, 36);
            case BLUE -> new Color(72, 126, 190);
            case GREEN -> new Color(84, 136, 84);
            case GREY -> new Color(128, 140, 152);
        };
    }

    private static Color backgroundBase(PortraitTraits t) {
        return switch (t.background()) {
            case BLUE -> new Color(122, 162, 212);
            case GREEN -> new Color(134, 186, 150);
            case GREY -> new Color(178, 178, 184);
            case PEACH -> new Color(240, 196, 164);
            case PURPLE -> new Color(170, 146, 202);
        };
    }

    /** One drawing pass; holds the graphics, traits and look so the layer methods stay short. */
    private static final class Painting {
        private final Graphics2D g;
        private final PortraitTraits t;
        private final Look l;
        private final double rx;
        private final double headCy;   // centre of the skull circle: the cranium is a circle of radius rx
        private final Color skinLight;
        private final Color skinShadow;

        Painting(Graphics2D g, PortraitTraits t, Look l) {
            this.g = g;
            this.t = t;
            this.l = l;
            this.rx = l.faceRx();
            this.headCy = l.topY() + rx;
            this.skinLight = mix(l.skin(), WHITE, 0.22);
            this.skinShadow = mix(shade(l.skin(), 0.78), new Color(120, 40, 40), 0.08);
        }

        void draw() {
            background();
            clothes();
            if (t.hairStyle() == HairStyle.LONG) longHairBehind();
            neck();
            ears();
            face();
            if (t.beard()) beard();
            eyes();
            brows();
            nose();
            if (t.smile()) smilingMouth(); else restingMouth();
            switch (t.hairStyle()) {
                case SHORT -> hairCap(shortCap());
                case LONG -> hairCap(longCap());
                case BUN -> {
                    bun();
                    hairCap(bunCap());
                }
                case BALD -> baldHead();
            }
            if (t.glasses()) glasses();
            if (t.earrings()) earrings();
        }

        // ---- background and body ------------------------------------------------------------------------------

        private void background() {
            Color base = l.background();
            Rectangle2D all = new Rectangle2D.Double(0, 0, DESIGN, DESIGN);
            switch (l.backgroundStyle()) {
                case 0 -> g.setPaint(new LinearGradientPaint(0, 0, 0, (float) DESIGN, new float[] {0f, 1f},
                        new Color[] {mix(base, WHITE, 0.3), shade(base, 0.86)}));
                case 1 -> g.setPaint(new RadialGradientPaint(new Point2D.Double(CX, 110), 200f,
                        new float[] {0f, 0.55f, 1f}, new Color[] {mix(base, WHITE, 0.35), base, shade(base, 0.78)}));
                default -> g.setPaint(new LinearGradientPaint(0, 0, (float) DESIGN, (float) DESIGN,
                        new float[] {0f, 1f}, new Color[] {mix(base, WHITE, 0.15), shade(base, 0.82)}));
            }
            g.fill(all);
            if (l.backgroundStyle() == 2) {
                double[] b = l.bokeh();
                for (int i = 0; i < b.length; i += 4) {
                    g.setColor(alpha(WHITE, (int) b[i + 3]));
                    g.fill(circle(b[i], b[i + 1], b[i + 2]));
                }
            }
        }

        private void clothes() {
            double nw = l.neckW();
            Path2D.Double body = new Path2D.Double();
            body.moveTo(-12, DESIGN + 8);
            body.lineTo(-12, 224);
            body.curveTo(24, 218, 64, 220, CX - nw - 8, 229);
            body.quadTo(CX, 268, CX + nw + 8, 229);
            body.curveTo(DESIGN - 64, 220, DESIGN - 24, 218, DESIGN + 12, 224);
            body.lineTo(DESIGN + 12, DESIGN + 8);
            body.closePath();
            Color shirt = l.shirt();
            g.setPaint(new LinearGradientPaint(0, 222, 0, (float) DESIGN, new float[] {0f, 1f},
                    new Color[] {mix(shirt, WHITE, 0.12), shade(shirt, 0.8)}));
            g.fill(body);
            // collar seam so the neckline reads as fabric
            g.setColor(alpha(shade(shirt, 0.6), 150));
            g.setStroke(round(2.2));
            g.draw(new QuadCurve2D.Double(CX - nw - 8, 229, CX, 268, CX + nw + 8, 229));
        }

        private void neck() {
            double nw = l.neckW();
            Path2D.Double neck = new Path2D.Double();
            neck.moveTo(CX - nw, 170);
            neck.lineTo(CX - nw - 2, 228);
            neck.quadTo(CX - nw - 6, 244, CX - nw - 26, DESIGN + 4);
            neck.lineTo(CX + nw + 26, DESIGN + 4);
            neck.quadTo(CX + nw + 6, 244, CX + nw + 2, 228);
            neck.lineTo(CX + nw, 170);
            neck.closePath();
            g.setPaint(new LinearGradientPaint(0, 200, 0, 250, new float[] {0f, 1f},
                    new Color[] {shade(l.skin(), 0.7), shade(l.skin(), 0.92)}));
            g.fill(neck);
        }

        // ---- head ---------------------------------------------------------------------------------------------

        /** Face outline: cranium circle on top, cheeks, jaw and chin below, all through one smooth curve. */
        private Path2D.Double faceOutline() {
            double[] right = {
                    CX, l.topY(),
                    CX + rx * 0.71, l.topY() + rx * 0.29,
                    CX + rx, headCy,
                    CX + rx * 0.96, EYE_Y + 20,
                    CX + l.jawW(), 199,
                    CX + l.chinW(), l.chinY() - 6,
                    CX, l.chinY(),
            };
            double[] left = mirrored(CX, right);
            // right runs top→chin, its mirror runs chin→top on the left: drop the duplicated chin and top
            double[] leftInner = new double[left.length - 4];
            System.arraycopy(left, 2, leftInner, 0, leftInner.length);
            return smoothClosed(concat(right, leftInner));
        }

        private void ears() {
            for (int side = -1; side <= 1; side += 2) {
                double ex = CX + side * (rx * 0.97 + 3);
                double ey = EYE_Y + 16;
                Ellipse2D ear = new Ellipse2D.Double(ex - 9, ey - 19, 18, 38);
                g.setColor(mix(l.skin(), skinShadow, 0.35));
                g.fill(ear);
                g.setColor(alpha(shade(l.skin(), 0.62), 150));
                g.setStroke(round(2));
                g.draw(new QuadCurve2D.Double(ex + side * 3, ey - 12, ex + side * 7, ey + 2, ex + side * 1, ey + 12));
            }
        }

        private void face() {
            Path2D.Double face = faceOutline();
            AffineTransform spread = new AffineTransform();
            spread.translate(CX - 12, EYE_Y + 2);
            spread.scale(rx * 1.45, 135);
            g.setPaint(new RadialGradientPaint(new Point2D.Double(0, 0), 1f, new Point2D.Double(0, 0),
                    new float[] {0f, 0.5f, 1f}, new Color[] {skinLight, l.skin(), skinShadow},
                    CycleMethod.NO_CYCLE, ColorSpaceType.SRGB, spread));
            g.fill(face);
            // soft sockets above the eyes and a shadow under the cheekbones give the face some relief
            for (double ex : new double[] {LEFT_EYE_X, RIGHT_EYE_X}) {
                softSpot(ex, EYE_Y - 4, 24, 15, alpha(skinShadow, 70));
            }
            if (t.smile()) {
                Color blush = new Color(232, 104, 104, (int) (70 * l.blush()));
                softSpot(CX - 40, 152, 18, 12, blush);
                softSpot(CX + 40, 152, 18, 12, blush);
            }
            softSpot(CX, l.chinY() - 14, 22, 10, alpha(skinLight, 70));
        }

        private void beard() {
            Color beard = t.hair() == HairColour.BLOND ? shade(l.hair(), 0.8) : shade(l.hair(), 0.9);
            int density = (int) (255 * l.beardDensity());
            Path2D.Double shape;
            if (l.goatee()) {
                double[] right = {   // moustache joined to a chin beard round the mouth
                        CX, 167, CX + 15, 166, CX + l.mouthHalfWidth() + 4, 176, CX + 20, 194,
                        CX + l.chinW() * 0.8, l.chinY() - 5, CX, l.chinY() + 1};
                shape = smoothClosed(concat(right, mirroredTail(right)));
            } else {
                double[] right = {
                        CX, 168,
                        CX + 14, 166,
                        CX + 30, 170,
                        CX + rx * 0.72, EYE_Y + 34,
                        CX + rx * 0.97 + 1, EYE_Y + 14,
                        CX + rx + 1, EYE_Y + 30,
                        CX + l.jawW() + 3, 198,
                        CX + l.chinW() + 3, l.chinY() - 3,
                        CX, l.chinY() + 4,
                };
                shape = smoothClosed(concat(right, mirroredTail(right)));
            }
            // thinner towards the cheeks, dense on the chin
            g.setPaint(new LinearGradientPaint(0, (float) (EYE_Y + 28), 0, 180, new float[] {0f, 1f},
                    new Color[] {alpha(beard, density * 2 / 3), alpha(beard, density)}));
            g.fill(shape);
            Shape clip = g.getClip();
            g.clip(shape);
            g.setStroke(round(1.1));
            for (int k = -6; k <= 6; k++) {
                double x = CX + k * 8;
                g.setColor(alpha(k % 2 == 0 ? mix(beard, WHITE, 0.3) : shade(beard, 0.6), 70));
                g.draw(new QuadCurve2D.Double(x, 150, x + k * 0.8, 195, x + k * 0.3, 240));
            }
            g.setClip(clip);
        }

        /** The mirror image of an outline half that starts and ends on the axis, without the two axis points. */
        private static double[] mirroredTail(double[] right) {
            double[] m = mirrored(CX, right);
            double[] tail = new double[m.length - 4];
            System.arraycopy(m, 2, tail, 0, tail.length);
            return tail;
        }

        // ---- features -----------------------------------------------------------------------------------------

        private void eyes() {
            for (double ex : new double[] {LEFT_EYE_X, RIGHT_EYE_X}) eye(ex, EYE_Y);
        }

        private void eye(double ex, double ey) {
            double hw = 13, up = 7.5, low = 5;
            Path2D.Double almond = new Path2D.Double();
            almond.moveTo(ex - hw, ey + 0.5);
            almond.quadTo(ex, ey - 2 * up, ex + hw, ey + 0.5);
            almond.quadTo(ex, ey + 2 * low, ex - hw, ey + 0.5);
            g.setColor(new Color(250, 247, 242));
            g.fill(almond);
            Shape clip = g.getClip();
            g.clip(almond);
            double ir = l.irisRadius();
            g.setPaint(new RadialGradientPaint(new Point2D.Double(ex, ey), (float) ir, new float[] {0f, 0.7f, 1f},
                    new Color[] {mix(l.eye(), WHITE, 0.25), l.eye(), shade(l.eye(), 0.55)}));
            g.fill(circle(ex, ey, ir));
            g.setColor(new Color(14, 10, 10));
            g.fill(circle(ex, ey, ir * 0.46));
            g.setColor(alpha(skinShadow, 90));   // upper lid casts a shadow on the eyeball
            g.fill(new Rectangle2D.Double(ex - hw, ey - 2 * up, 2 * hw, up + 2));
            g.setClip(clip);
            g.setColor(alpha(WHITE, 230));
            g.fill(circle(ex - 2.2, ey - 2.2, 1.6));
            g.setColor(INK);
            g.setStroke(round(2.2));
            g.draw(new QuadCurve2D.Double(ex - hw - 1, ey + 0.8, ex, ey - 2 * up - 0.5, ex + hw + 1, ey + 0.3));
            g.setColor(alpha(shade(l.skin(), 0.55), 110));
            g.setStroke(round(1.1));
            g.draw(new QuadCurve2D.Double(ex - hw, ey + 0.8, ex, ey + 2 * low + 0.5, ex + hw, ey + 0.8));
            g.setColor(alpha(shade(l.skin(), 0.6), 80));
            g.draw(new QuadCurve2D.Double(ex - hw + 2, ey - up - 1.5, ex, ey - 2 * up - 6, ex + hw - 1, ey - up - 2));
        }

        private void brows() {
            Color brow = switch (t.hair()) {
                case BLOND -> shade(l.hair(), 0.72);
                case GREY -> mix(l.hair(), INK, 0.35);
                case RED -> shade(l.hair(), 0.78);
                default -> shade(l.hair(), 0.9);
            };
            g.setColor(brow);
            double th = l.browThickness(), arch = l.browArch(), tilt = l.browTilt();
            for (int side = -1; side <= 1; side += 2) {
                double ex = side < 0 ? LEFT_EYE_X : RIGHT_EYE_X;
                double outer = ex + side * 17, inner = ex - side * 14;
                double y = EYE_Y - 17;
                Path2D.Double b = new Path2D.Double();
                b.moveTo(outer, y + 3 + tilt);
                b.quadTo(ex + side * 2, y - 2 * arch - th * 0.5, inner, y - th * 0.5);
                b.lineTo(inner, y + th * 0.5);
                b.quadTo(ex + side * 2, y - 2 * arch + th * 1.2, outer, y + 4 + tilt);
                b.closePath();
                g.fill(b);
            }
        }

        private void nose() {
            g.setStroke(round(3));
            g.setColor(alpha(skinShadow, 55));
            g.draw(new QuadCurve2D.Double(CX + 8, EYE_Y + 6, CX + 12, 140, CX + 11, 154));
            softSpot(CX, 163, 15, 5, alpha(skinShadow, 120));
            g.setColor(alpha(shade(l.skin(), 0.45), 150));
            g.fill(new Ellipse2D.Double(CX - 10, 160.5, 6.5, 3.6));
            g.fill(new Ellipse2D.Double(CX + 3.5, 160.5, 6.5, 3.6));
            g.setStroke(round(1.6));
            g.setColor(alpha(shade(l.skin(), 0.6), 120));
            g.draw(new QuadCurve2D.Double(CX - 10, 152, CX - 16, 160, CX - 9, 164));
            g.draw(new QuadCurve2D.Double(CX + 10, 152, CX + 16, 160, CX + 9, 164));
            softSpot(CX - 1, 150, 5, 8, alpha(WHITE, 60));
        }

        private void smilingMouth() {
            double w = l.mouthHalfWidth(), y0 = MOUTH_Y - 6;
            Path2D.Double open = new Path2D.Double();
            open.moveTo(CX - w, y0);
            open.quadTo(CX, y0 + 8, CX + w, y0);
            open.quadTo(CX, y0 + 26 * l.lipFullness(), CX - w, y0);
            g.setColor(new Color(96, 30, 36));
            g.fill(open);
            Path2D.Double teeth = new Path2D.Double();
            teeth.moveTo(CX - w + 2, y0 + 0.6);
            teeth.quadTo(CX, y0 + 8, CX + w - 2, y0 + 0.6);
            teeth.quadTo(CX, y0 + 17, CX - w + 2, y0 + 0.6);
            g.setColor(new Color(248, 245, 236));
            g.fill(teeth);
            g.setColor(l.lips());
            g.setStroke(round(3.2));
            g.draw(open);
            g.setColor(alpha(skinShadow, 110));
            g.setStroke(round(1.5));
            g.draw(new QuadCurve2D.Double(CX - w - 6, y0 - 12, CX - w - 9, y0 - 2, CX - w - 3, y0 + 3));
            g.draw(new QuadCurve2D.Double(CX + w + 6, y0 - 12, CX + w + 9, y0 - 2, CX + w + 3, y0 + 3));
        }

        private void restingMouth() {
            double w = l.mouthHalfWidth() * 0.88, y = MOUTH_Y + 1;
            Path2D.Double upper = new Path2D.Double();
            upper.moveTo(CX - w, y);
            upper.quadTo(CX - w * 0.5, y - 8, CX - 3, y - 5.5);
            upper.quadTo(CX, y - 4, CX + 3, y - 5.5);
            upper.quadTo(CX + w * 0.5, y - 8, CX + w, y);
            upper.quadTo(CX, y + 1.5, CX - w, y);
            upper.closePath();
            g.setColor(shade(l.lips(), 0.86));
            g.fill(upper);
            Path2D.Double lower = new Path2D.Double();
            lower.moveTo(CX - w, y);
            lower.quadTo(CX, y + 1.5, CX + w, y);
            lower.quadTo(CX, y + 14 * l.lipFullness(), CX - w, y);
            lower.closePath();
            g.setColor(l.lips());
            g.fill(lower);
            g.setColor(shade(l.lips(), 0.5));
            g.setStroke(round(1.6));
            g.draw(new QuadCurve2D.Double(CX - w, y, CX, y + 2, CX + w, y));
            softSpot(CX, y + 4.5, 6, 2, alpha(WHITE, 70));
        }

        // ---- hair ---------------------------------------------------------------------------------------------

        private Color hairHighlight() {
            return mix(l.hair(), WHITE, t.hair() == HairColour.BLACK ? 0.18 : 0.3);
        }

        /** Point at {@code degrees} on a circle of {@code radius} around the skull centre (0° = left, 90° = top). */
        private double[] onSkull(double degrees, double radius) {
            double a = Math.toRadians(degrees);
            return new double[] {CX - radius * StrictMath.cos(a), headCy - radius * StrictMath.sin(a)};
        }

        /**
         * Outer contour of hair over the crown, left to right: {@code volume} above the skull at the top, half of it
         * at the sides, pushed sideways by the look's sweep and roughened by {@code tuft} pixels.
         */
        private double[] crown(double volume, double tuft, double... degrees) {
            double[] out = new double[degrees.length * 2];
            for (int i = 0; i < degrees.length; i++) {
                double rise = StrictMath.sin(Math.toRadians(degrees[i]));
                double radius = rx + volume * (0.5 + 0.5 * rise) + tuft * l.tufts()[i % l.tufts().length];
                double[] p = onSkull(degrees[i], radius);
                out[2 * i] = p[0] + l.sweep() * volume * 0.35 * rise;
                out[2 * i + 1] = p[1];
            }
            return out;
        }

        /** Hairline on the forehead, right to left, with a parting dip and uneven fringe. */
        private double[] hairline(double sideInset, double sideBottom, double hairY) {
            return new double[] {
                    CX + rx - sideInset, sideBottom,
                    CX + rx * 0.9 - sideInset * 0.5, headCy - rx * 0.28,
                    CX + rx * 0.55, hairY + l.fringeRight(),
                    l.partX() + 7, hairY - l.partDip(),
                    l.partX() - 7, hairY - l.partDip() + 2,
                    CX - rx * 0.55, hairY + l.fringeLeft(),
                    CX - rx * 0.9 + sideInset * 0.5, headCy - rx * 0.28,
                    CX - rx + sideInset, sideBottom,
            };
        }

        private Path2D.Double shortCap() {
            double[] outer = concat(new double[] {CX - rx - 3, headCy + 10},
                    crown(l.hairVolume(), 2.5, 12, 32, 52, 72, 90, 108, 128, 148, 168),
                    new double[] {CX + rx + 3, headCy + 10});
            return smoothClosed(concat(outer, hairline(1, headCy + 8, l.hairline())));
        }

        private Path2D.Double longCap() {
            double bottom = l.longBottom();
            double[] outer = concat(
                    new double[] {CX - rx - l.hairVolume() + 2, bottom, CX - rx - l.hairVolume() - 2, headCy + 40},
                    crown(l.hairVolume(), 1.5, 10, 45, 90, 135, 170),
                    new double[] {CX + rx + l.hairVolume() + 2, headCy + 40, CX + rx + l.hairVolume() - 2, bottom});
            double hairY = l.bangs() ? EYE_Y - 36 : l.hairline();
            double[] inner = hairline(6, headCy + 6, hairY);
            if (l.bangs()) {   // straight-cut fringe: no parting
                inner[7] = hairY + 1;
                inner[9] = hairY + 1;
                inner[5] = hairY + 2;
                inner[11] = hairY + 2;
            }
            double[] sides = concat(
                    new double[] {CX + rx - 5, bottom - 6, CX + rx - 7, headCy + 40}, inner,
                    new double[] {CX - rx + 7, headCy + 40, CX - rx + 5, bottom - 6});
            return smoothClosed(concat(outer, sides));
        }

        private Path2D.Double bunCap() {
            double[] outer = concat(new double[] {CX - rx - 2, headCy + 8},
                    crown(5, 0, 20, 55, 90, 125, 160), new double[] {CX + rx + 2, headCy + 8});
            double hairY = l.topY() + rx * 0.3;
            double[] inner = {
                    CX + rx - 1, headCy + 6,
                    CX + rx * 0.85, headCy - rx * 0.35,
                    CX + rx * 0.45, hairY + 3,
                    CX, hairY,
                    CX - rx * 0.45, hairY + 3,
                    CX - rx * 0.85, headCy - rx * 0.35,
                    CX - rx + 1, headCy + 6,
            };
            return smoothClosed(concat(outer, inner));
        }

        private void bun() {
            double r = 19, by = l.topY() - 10;
            g.setPaint(new RadialGradientPaint(new Point2D.Double(CX - 6, by - 6), (float) (r * 1.6),
                    new float[] {0f, 1f}, new Color[] {hairHighlight(), shade(l.hair(), 0.75)}));
            g.fill(circle(CX, by, r));
            g.setStroke(round(1.2));
            g.setColor(alpha(shade(l.hair(), 0.6), 110));
            for (int k = 0; k < 4; k++) {
                double d = -12 + 8 * k;
                g.draw(new QuadCurve2D.Double(CX - r + 3, by + d * 0.4, CX + d * 0.3, by - r + 4 + Math.abs(d) * 0.2,
                        CX + r - 3, by + d * 0.5));
            }
        }

        private void longHairBehind() {
            double v = l.hairVolume();
            double[] right = {
                    CX, l.topY() - v - 6,
                    CX + (rx + v + 4) * 0.71, headCy - (rx + v + 4) * 0.71,
                    CX + rx + v + 6, headCy + 20,
                    CX + rx + v + 12, 200,
                    CX + rx + v + 8, DESIGN + 12,
                    CX, DESIGN + 20,
            };
            Path2D.Double back = smoothClosed(concat(right, mirroredTail(right)));
            g.setPaint(new LinearGradientPaint(0, (float) l.topY(), 0, (float) DESIGN, new float[] {0f, 1f},
                    new Color[] {shade(l.hair(), 0.8), shade(l.hair(), 0.62)}));
            g.fill(back);
        }

        private void hairCap(Path2D.Double cap) {
            // drop shadow on the forehead under the hairline
            AffineTransform at = g.getTransform();
            g.translate(0, 3);
            g.setColor(alpha(shade(l.skin(), 0.55), 70));
            g.fill(cap);
            g.setTransform(at);

            g.setPaint(new RadialGradientPaint(new Point2D.Double(CX - 18, l.topY() + 8), (float) (rx * 1.9),
                    new float[] {0f, 0.45f, 1f},
                    new Color[] {hairHighlight(), l.hair(), shade(l.hair(), 0.62)}));
            g.fill(cap);

            Shape clip = g.getClip();
            g.clip(cap);
            g.setStroke(round(1.3));
            double ro = rx + l.hairVolume() + 6;
            for (int k = 0; k < 16; k++) {
                double deg = 6 + k * 168.0 / 15;
                double[] end = onSkull(deg, ro);
                double sx = l.partX() + (deg < 90 ? -3 : 3);
                double sy = l.hairline() - l.partDip() + 4;
                double[] ctl = onSkull(deg, rx * 0.55);
                g.setColor(k % 2 == 0 ? alpha(hairHighlight(), 70) : alpha(shade(l.hair(), 0.55), 70));
                g.draw(new QuadCurve2D.Double(sx, sy, ctl[0], ctl[1] - 10, end[0], end[1]));
            }
            if (t.hairStyle() == HairStyle.LONG) {
                for (int k = 0; k < 10; k++) {
                    double x = CX - rx - l.hairVolume() + (k % 5) * 4 + (k < 5 ? 0 : 2 * rx + 2);
                    g.setColor(alpha(k % 2 == 0 ? hairHighlight() : shade(l.hair(), 0.55), 70));
                    g.draw(new QuadCurve2D.Double(x, headCy, x + 6, (headCy + l.longBottom()) / 2, x, l.longBottom()));
                }
            }
            g.setClip(clip);
        }

        private void baldHead() {
            softSpot(CX - 14, l.topY() + 20, 26, 14, alpha(WHITE, 80));
            for (int side = -1; side <= 1; side += 2) {
                double[] pts = {
                        CX + side * (rx + 3), headCy + 14,
                        CX + side * (rx * 0.93 + 4), headCy - rx * 0.36,
                        CX + side * (rx * 0.8), headCy - rx * 0.5,
                        CX + side * (rx * 0.86 - 2), headCy - rx * 0.3,
                        CX + side * (rx - 3), headCy + 10,
                };
                Path2D.Double fringe = smoothClosed(pts);
                g.setPaint(new LinearGradientPaint(0, (float) (headCy - rx * 0.5), 0, (float) (headCy + 14),
                        new float[] {0f, 1f}, new Color[] {hairHighlight(), shade(l.hair(), 0.7)}));
                g.fill(fringe);
            }
        }

        // ---- accessories --------------------------------------------------------------------------------------

        private void glasses() {
            double lw, lh, arc;
            switch (l.frameStyle()) {
                case 0 -> { lw = 17; lh = 16; arc = 32; }      // round
                case 1 -> { lw = 20; lh = 14.5; arc = 12; }    // soft rectangle
                default -> { lw = 21.5; lh = 13; arc = 6; }    // wide rectangle
            }
            double ey = EYE_Y + 1;
            g.setStroke(new BasicStroke((float) l.frameWidth(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            for (double ex : new double[] {LEFT_EYE_X, RIGHT_EYE_X}) {
                RoundRectangle2D lens = new RoundRectangle2D.Double(ex - lw, ey - lh, 2 * lw, 2 * lh, arc, arc);
                g.setColor(alpha(new Color(210, 230, 245), 28));
                g.fill(lens);
                g.setColor(alpha(WHITE, 70));
                g.draw(new Line2D.Double(ex - lw * 0.55, ey - lh * 0.1, ex - lw * 0.2, ey - lh * 0.65));
                g.setColor(l.frame());
                g.draw(lens);
            }
            g.draw(new QuadCurve2D.Double(LEFT_EYE_X + lw, ey - 3, CX, ey - 9, RIGHT_EYE_X - lw, ey - 3));
            g.draw(new Line2D.Double(LEFT_EYE_X - lw, ey - 4, CX - rx + 1, ey - 1));
            g.draw(new Line2D.Double(RIGHT_EYE_X + lw, ey - 4, CX + rx - 1, ey - 1));
        }

        private void earrings() {
            Color metal = l.metal();
            for (int side = -1; side <= 1; side += 2) {
                double ex = CX + side * (rx * 0.97 + 4);
                double ey = EYE_Y + 33;
                if (l.hoops()) {
                    g.setColor(metal);
                    g.setStroke(round(2));
                    g.draw(circle(ex, ey + 7, 6.5));
                } else {
                    g.setColor(metal);
                    g.fill(circle(ex, ey, 3.2));
                }
                g.setColor(alpha(WHITE, 170));
                g.fill(circle(ex - 1, ey - 1, 1));
            }
        }

        // ---- helpers ------------------------------------------------------------------------------------------

        /** An elliptical patch of {@code colour} fading to transparent at its rim. */
        private void softSpot(double x, double y, double radiusX, double radiusY, Color colour) {
            AffineTransform spread = new AffineTransform();
            spread.translate(x, y);
            spread.scale(radiusX, radiusY);
            g.setPaint(new RadialGradientPaint(new Point2D.Double(0, 0), 1f, new Point2D.Double(0, 0),
                    new float[] {0f, 1f}, new Color[] {colour, alpha(colour, 0)},
                    CycleMethod.NO_CYCLE, ColorSpaceType.SRGB, spread));
            g.fill(new Ellipse2D.Double(x - radiusX, y - radiusY, 2 * radiusX, 2 * radiusY));
        }

        private static Ellipse2D circle(double x, double y, double r) {
            return new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
        }

        private static BasicStroke round(double width) {
            return new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        }
    }
}
