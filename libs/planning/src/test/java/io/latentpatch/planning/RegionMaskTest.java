package io.latentpatch.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RegionMask}: named face regions land where the aligned faces have them; mask pictures map cell by cell. */
class RegionMaskTest {

    @Test
    void eyesCoverBothEyeCentresOfAnAlignedFaceAndNothingNearTheTopOrTheMouth() {
        for (int m : new int[] {16, 32, 13}) {
            boolean[] eyes = RegionMask.named(List.of("eyes"), m);
            assertThat(at(eyes, m, 0.47, 0.375)).as("left eye centre on %d grid", m).isTrue();
            assertThat(at(eyes, m, 0.47, 0.625)).as("right eye centre on %d grid", m).isTrue();
            assertThat(at(eyes, m, 0.15, 0.5)).as("forehead on %d grid", m).isFalse();
            assertThat(at(eyes, m, 0.70, 0.5)).as("mouth on %d grid", m).isFalse();
            assertThat(at(eyes, m, 0.47, 0.05)).as("left border on %d grid", m).isFalse();
        }
    }

    @Test
    void eachEyeRegionHoldsOnlyItsOwnEye() {
        boolean[] left = RegionMask.named(List.of("left-eye"), 32);
        boolean[] right = RegionMask.named(List.of("right-eye"), 32);
        assertThat(at(left, 32, 0.47, 0.375)).isTrue();
        assertThat(at(left, 32, 0.47, 0.625)).isFalse();
        assertThat(at(right, 32, 0.47, 0.625)).isTrue();
        assertThat(at(right, 32, 0.47, 0.375)).isFalse();
    }

    @Test
    void mouthNoseAndHairSitWhereTheAlignedFacesHaveThem() {
        assertThat(at(RegionMask.named(List.of("mouth"), 16), 16, 0.70, 0.5)).isTrue();
        assertThat(at(RegionMask.named(List.of("mouth"), 16), 16, 0.47, 0.375)).isFalse();
        assertThat(at(RegionMask.named(List.of("nose"), 16), 16, 0.56, 0.5)).isTrue();
        assertThat(at(RegionMask.named(List.of("hair"), 16), 16, 0.1, 0.5)).isTrue();
        assertThat(at(RegionMask.named(List.of("hair"), 16), 16, 0.6, 0.5)).isFalse();
    }

    @Test
    void aCellBelongsToABoxExactlyWhenItsCentreLiesInside() {
        // eyes box x 0.22..0.78, y 0.38..0.56 on a 16 grid: centres (i + 0.5) / 16 inside for x = 4..11, y = 6..8.
        boolean[] eyes = RegionMask.named(List.of("eyes"), 16);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                boolean expected = x >= 4 && x <= 11 && y >= 6 && y <= 8;
                assertThat(eyes[y * 16 + x]).as("cell (%d, %d)", y, x).isEqualTo(expected);
            }
        }
        assertThat(RegionMask.count(eyes)).isEqualTo(24);
    }

    @Test
    void severalNamesGiveTheUnionAndNamesAreCaseAndSpaceInsensitive() {
        boolean[] eyes = RegionMask.named(List.of("eyes"), 32);
        boolean[] mouth = RegionMask.named(List.of("mouth"), 32);
        boolean[] both = RegionMask.named(List.of(" Eyes", "MOUTH "), 32);
        for (int i = 0; i < both.length; i++) assertThat(both[i]).as("cell %d", i).isEqualTo(eyes[i] || mouth[i]);
        assertThat(RegionMask.count(both)).isGreaterThan(RegionMask.count(eyes));
    }

    @Test
    void anUnknownRegionListsTheKnownOnes() {
        assertThatThrownBy(() -> RegionMask.named(List.of("eyes", "ears"), 16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown region 'ears'")
                .hasMessageContaining("eyes, left-eye, right-eye, eyebrows, nose, mouth, hair, face");
        assertThatThrownBy(() -> RegionMask.named(List.of(), 16)).hasMessageContaining("eyes,mouth");
    }

    @Test
    void aRegionThatCoversNoCellOfATinyGridIsAnError() {
        // On a 2x2 grid the cell centres are at 0.25 and 0.75, both outside the left-eye box's rows 0.38..0.56.
        assertThatThrownBy(() -> RegionMask.named(List.of("left-eye"), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("covers no grid cell");
    }

    @Test
    void aMaskPictureMarksTheCellsItsWhitePixelsCover() {
        BufferedImage picture = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(64, 32, 64, 64); // x 64..127, y 32..95: cells x 4..7, y 2..5 of a 16 grid (16 px each)
        g.dispose();
        boolean[] mask = RegionMask.fromPicture(picture, 16, "mask.png");
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                assertThat(mask[y * 16 + x]).as("cell (%d, %d)", y, x).isEqualTo(x >= 4 && x <= 7 && y >= 2 && y <= 5);
            }
        }
    }

    @Test
    void aCellNeedsMoreThanHalfOfItsPixelsBright() {
        // 20x20 picture on a 2x2 grid: each cell is 10x10 = 100 pixels.
        BufferedImage picture = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
        paint(picture, 0, 0, 50, 0xFFFFFF);   // top-left: exactly half bright
        paint(picture, 10, 0, 51, 0xFFFFFF);  // top-right: one more than half
        paint(picture, 0, 10, 100, 0x808080); // bottom-left: luma 128 > 127, all bright
        paint(picture, 10, 10, 100, 0x7F7F7F); // bottom-right: luma 127, dark
        boolean[] mask = RegionMask.fromPicture(picture, 2, "m");
        assertThat(mask).containsExactly(false, true, true, false);
    }

    @Test
    void anAllBlackMaskIsAnErrorNamingThePicture() {
        BufferedImage black = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        assertThatThrownBy(() -> RegionMask.fromPicture(black, 16, "black.png"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("black.png").hasMessageContaining("covers no grid cell");
    }

    @Test
    void regionsMapOntoTheGridTheyAreAskedFor() {
        EditRegion named = new EditRegion.Named(List.of("eyes", "mouth"));
        assertThat(named.onGrid(32)).containsExactly(RegionMask.named(List.of("eyes", "mouth"), 32));
        BufferedImage picture = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        picture.setRGB(0, 0, 0xFFFFFF);
        assertThat(new EditRegion.Mask(picture, "p").onGrid(8)).hasSize(64).startsWith(true, false);
    }

    /** True when the cell containing image point (fy, fx), fractions of the side, is in the mask. */
    private static boolean at(boolean[] mask, int m, double fy, double fx) {
        return mask[(int) (fy * m) * m + (int) (fx * m)];
    }

    /** Paints the first {@code n} pixels (row-major) of the 10x10 block at (x0, y0). */
    private static void paint(BufferedImage picture, int x0, int y0, int n, int rgb) {
        for (int i = 0; i < n; i++) picture.setRGB(x0 + i % 10, y0 + i / 10, rgb);
    }
}
