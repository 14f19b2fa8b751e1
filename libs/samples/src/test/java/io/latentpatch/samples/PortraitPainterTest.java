package io.latentpatch.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentpatch.samples.PortraitTraits.Background;
import io.latentpatch.samples.PortraitTraits.EyeColour;
import io.latentpatch.samples.PortraitTraits.HairColour;
import io.latentpatch.samples.PortraitTraits.HairStyle;
import io.latentpatch.samples.PortraitTraits.Skin;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Each label toggles its own part of the drawing and nothing else, so labels tell the truth about pixels. */
class PortraitPainterTest {
    private static final int SIZE = 256;
    private static final long LOOK = 42L;
    private static final PortraitTraits BASE = new PortraitTraits(HairColour.BROWN, HairStyle.SHORT, false, false,
            Skin.MEDIUM, Background.BLUE, false, false, EyeColour.BROWN);

    @Test
    void glassesChangeOnlyTheEyeBand() {
        int[] box = changedBox(BASE, with(BASE, true, false, false, false));
        assertThat(box[4]).as("changed pixels").isGreaterThan(500);
        assertThat(box[1]).isGreaterThanOrEqualTo(px(PortraitPainter.EYE_Y - 22));
        assertThat(box[3]).isLessThanOrEqualTo(px(PortraitPainter.EYE_Y + 22));
    }

    @Test
    void smileChangesOnlyMouthAndCheeks() {
        int[] box = changedBox(BASE, with(BASE, false, true, false, false));
        assertThat(box[4]).isGreaterThan(300);
        assertThat(box[1]).isGreaterThanOrEqualTo(px(136));
        assertThat(box[3]).isLessThanOrEqualTo(px(200));
        assertThat(box[0]).isGreaterThanOrEqualTo(px(70));
        assertThat(box[2]).isLessThanOrEqualTo(px(186));
    }

    @Test
    void beardChangesOnlyTheLowerFace() {
        int[] box = changedBox(BASE, with(BASE, false, false, true, false));
        assertThat(box[4]).isGreaterThan(2000);
        assertThat(box[1]).isGreaterThanOrEqualTo(px(PortraitPainter.EYE_Y + 10));
    }

    @Test
    void earringsChangeOnlyPixelsBesideTheJaw() {
        int[] box = changedBox(BASE, with(BASE, false, false, false, true));
        assertThat(box[4]).isGreaterThan(20);
        assertThat(box[1]).isGreaterThanOrEqualTo(px(PortraitPainter.EYE_Y + 20));
        assertThat(box[3]).isLessThanOrEqualTo(px(PortraitPainter.EYE_Y + 50));
    }

    @Test
    void backgroundColourLeavesTheFaceCentreUntouched() {
        PortraitTraits green = new PortraitTraits(BASE.hair(), BASE.hairStyle(), false, false, BASE.skin(),
                Background.GREEN, false, false, BASE.eyes());
        BufferedImage a = PortraitPainter.paint(BASE, LOOK, SIZE);
        BufferedImage b = PortraitPainter.paint(green, LOOK, SIZE);
        assertThat(a.getRGB(2, 2)).isNotEqualTo(b.getRGB(2, 2));
        for (int y = 100; y < 200; y++) for (int x = 90; x < 166; x++) assertThat(a.getRGB(x, y)).isEqualTo(b.getRGB(x, y));
    }

    private static int px(double design) {
        return (int) Math.floor(design * SIZE / PortraitPainter.DESIGN);
    }

    private static PortraitTraits with(PortraitTraits t, boolean glasses, boolean smile, boolean beard, boolean earrings) {
        return new PortraitTraits(t.hair(), t.hairStyle(), glasses, smile, t.skin(), t.background(), beard, earrings,
                t.eyes());
    }

    /** Bounding box {minX, minY, maxX, maxY, count} of the pixels that differ between the two paintings. */
    private static int[] changedBox(PortraitTraits a, PortraitTraits b) {
        BufferedImage ia = PortraitPainter.paint(a, LOOK, SIZE);
        BufferedImage ib = PortraitPainter.paint(b, LOOK, SIZE);
        int[] box = {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1, 0};
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                if (ia.getRGB(x, y) != ib.getRGB(x, y)) {
                    box[0] = Math.min(box[0], x);
                    box[1] = Math.min(box[1], y);
                    box[2] = Math.max(box[2], x);
                    box[3] = Math.max(box[3], y);
                    box[4]++;
                }
            }
        }
        return box;
    }
}
