package io.latentpatch.core.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProvenancePictureTest {

    /** Textbook HSV → RGB (s = v = 1) in double, rounded per channel: the independent reference. */
    static int[] referenceRgb(double hue) {
        double h = hue * 6;
        double c = 1;
        double x = c * (1 - Math.abs(h % 2 - 1));
        double[] rgb = switch ((int) Math.floor(h)) {
            case 0 -> new double[] {c, x, 0};
            case 1 -> new double[] {x, c, 0};
            case 2 -> new double[] {0, c, x};
            case 3 -> new double[] {0, x, c};
            case 4 -> new double[] {x, 0, c};
            default -> new double[] {c, 0, x};
        };
        return new int[] {(int) Math.round(rgb[0] * 255), (int) Math.round(rgb[1] * 255), (int) Math.round(rgb[2] * 255)};
    }

    @Test
    void sixSourcesGetTheSixPrimaryAndSecondaryHues() {
        assertThat(new int[] {
            ProvenancePicture.colour(0, 6), ProvenancePicture.colour(1, 6), ProvenancePicture.colour(2, 6),
            ProvenancePicture.colour(3, 6), ProvenancePicture.colour(4, 6), ProvenancePicture.colour(5, 6)
        }).containsExactly(0xFF0000, 0xFFFF00, 0x00FF00, 0x00FFFF, 0x0000FF, 0xFF00FF);
    }

    @Test
    void hueIsSourceOverBForEveryCount() {
        for (int count = 1; count <= 40; count++) {
            for (int b = 0; b < count; b++) {
                int packed = ProvenancePicture.colour(b, count);
                int[] ref = referenceRgb((double) b / count);
                int[] got = {packed >>> 16 & 0xFF, packed >>> 8 & 0xFF, packed & 0xFF};
                for (int ch = 0; ch < 3; ch++) {
                    // rounding of an exact .5 may go either way between the two formulas
                    assertThat(Math.abs(got[ch] - ref[ch])).as("source %d of %d, channel %d", b, count, ch).isLessThanOrEqualTo(1);
                }
            }
        }
    }

    @Test
    void targetCellsAreNeutralGrey() {
        assertThat(ProvenancePicture.colour(Provenance.TARGET, 5)).isEqualTo(0x808080);
        int[] px = ProvenancePicture.pixels(new int[] {-1, 0, 1, -1}, 2, 2, 2);
        assertThat(px).containsExactly(0x808080, 0xFF0000, 0x00FFFF, 0x808080);
    }

    @Test
    void cellsAreNearestUpsampledToTheImage() {
        int[] map = {0, 1, 2, 3};
        int[] px = ProvenancePicture.pixels(map, 2, 4, 4);
        int c0 = ProvenancePicture.colour(0, 4);
        int c1 = ProvenancePicture.colour(1, 4);
        int c2 = ProvenancePicture.colour(2, 4);
        int c3 = ProvenancePicture.colour(3, 4);
        assertThat(px).containsExactly(
                c0, c0, c1, c1,
                c0, c0, c1, c1,
                c2, c2, c3, c3,
                c2, c2, c3, c3);
    }

    @Test
    void nonIntegerScaleAndNonSquareImagesUsePixelCentres() {
        int m = 3;
        int[] map = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        int width = 8;
        int height = 5;
        int[] px = ProvenancePicture.pixels(map, m, 9, width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                // the cell whose span [i, i+1) holds the pixel centre (x + 0.5)·m/width, in integer arithmetic
                int cx = (2 * x + 1) * m / (2 * width);
                int cy = (2 * y + 1) * m / (2 * height);
                assertThat(px[y * width + x]).as("pixel (%d, %d)", x, y).isEqualTo(ProvenancePicture.colour(cy * m + cx, 9));
            }
        }
    }

    @Test
    void rgbBytesInterleaveChannels() {
        assertThat(ProvenancePicture.toRgbBytes(new int[] {0x102030, 0xFF00FF}))
                .containsExactly(0x10, 0x20, 0x30, 0xFF, 0x00, 0xFF);
    }

    @Test
    void invalidMapsAreRejectedNamingTheCell() {
        assertThatThrownBy(() -> ProvenancePicture.pixels(new int[] {0, 1, 5, 0}, 2, 3, 8))
                .hasMessageContaining("(y=1, x=0) is 5").hasMessageContaining("0..2");
        assertThatThrownBy(() -> ProvenancePicture.pixels(new int[] {0, 1, -2, 0}, 2, 3, 8)).hasMessageContaining("is -2");
        assertThatThrownBy(() -> ProvenancePicture.pixels(new int[3], 2, 3, 8)).hasMessageContaining("3 cells, expected 2x2");
        assertThatThrownBy(() -> ProvenancePicture.pixels(new int[4], 2, 3, 0, 8)).hasMessageContaining("at least 1x1");
        assertThatThrownBy(() -> ProvenancePicture.colour(3, 3)).hasMessageContaining("not in 0..2");
    }
}
