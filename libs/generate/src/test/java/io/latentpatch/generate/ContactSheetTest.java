package io.latentpatch.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentpatch.core.provenance.ProvenancePicture;
import io.latentpatch.imaging.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link ContactSheet}: box-filter thumbnails (checked against a plain per-pixel average) and sheet layout. */
class ContactSheetTest {

    @Test
    void thumbnailAveragesEachBlockRoundingHalvesUp() {
        // 4x4 grey levels -> 2x2: each output is the mean of a 2x2 block, (sum + 2) / 4.
        RgbImage image = grey(4, 4, new int[] {
            0, 1, 10, 10,
            0, 0, 10, 11,
            200, 200, 255, 255,
            201, 200, 0, 1});
        RgbImage thumb = ContactSheet.thumbnail(image, 2);
        assertThat(thumb.width()).isEqualTo(2);
        assertThat(levels(thumb)).containsExactly(0, 10, 200, 128);
    }

    @Test
    void thumbnailOfAnAwkwardSizeMatchesAPlainBlockAverage() {
        SplittableRandom random = new SplittableRandom(5);
        for (int[] sizes : new int[][] {{7, 3}, {100, 33}, {256, 128}, {5, 5}, {3, 2}}) {
            int side = sizes[0];
            int thumbSide = sizes[1];
            int[] rgb = new int[side * side];
            for (int i = 0; i < rgb.length; i++) rgb[i] = random.nextInt(1 << 24);
            RgbImage image = new RgbImage(side, side, rgb);
            RgbImage thumb = ContactSheet.thumbnail(image, thumbSide);
            for (int y = 0; y < thumbSide; y++) {
                for (int x = 0; x < thumbSide; x++) {
                    assertThat(thumb.get(x, y)).as("%d->%d pixel (%d, %d)", side, thumbSide, x, y)
                            .isEqualTo(blockAverage(image, thumbSide, x, y));
                }
            }
        }
    }

    @Test
    void thumbnailOfTheRightSizeIsTheImageItself() {
        RgbImage image = grey(3, 3, new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertThat(ContactSheet.thumbnail(image, 3)).isSameAs(image);
    }

    @Test
    void sourcesSheetPlacesThumbnailsInRowsWithTheirProvenanceColourBelow() {
        List<RgbImage> sources = new ArrayList<>();
        for (int i = 0; i < 10; i++) sources.add(solid(16, 0x010101 * (i + 1)));
        RgbImage sheet = ContactSheet.sources(sources, 8, 4);
        // 4 columns of (8 + 4 gap) plus a leading gap; 3 rows of (8 thumb + 10 bar + 4 gap) plus a leading gap.
        assertThat(sheet.width()).isEqualTo(4 + 4 * 12);
        assertThat(sheet.height()).isEqualTo(4 + 3 * 22);
        for (int i = 0; i < 10; i++) {
            int x = 4 + (i % 4) * 12;
            int y = 4 + (i / 4) * 22;
            assertThat(sheet.get(x, y)).as("source %d top-left", i).isEqualTo(0x010101 * (i + 1));
            assertThat(sheet.get(x + 7, y + 7)).as("source %d bottom-right", i).isEqualTo(0x010101 * (i + 1));
            assertThat(sheet.get(x + 3, y + 8)).as("source %d bar", i).isEqualTo(ProvenancePicture.colour(i, 10));
            assertThat(sheet.get(x + 7, y + 17)).as("source %d bar end", i).isEqualTo(ProvenancePicture.colour(i, 10));
        }
        assertThat(sheet.get(0, 0)).as("background").isEqualTo(0x202020);
        assertThat(sheet.get(sheet.width() - 1, sheet.height() - 1)).as("empty slot").isEqualTo(0x202020);
    }

    @Test
    void outputsSheetPairsEachImageWithItsProvenanceMap() {
        List<RgbImage> images = List.of(solid(8, 0x111111), solid(8, 0x222222), solid(8, 0x333333));
        List<RgbImage> maps = List.of(solid(8, 0xAA0000), solid(8, 0x00AA00), solid(8, 0x0000AA));
        RgbImage sheet = ContactSheet.outputs(images, maps, 8, 2);
        int pair = 2 * 8 + 4 + 3 * 4; // image, gap, map, then 3 gaps before the next pair
        assertThat(sheet.width()).isEqualTo(4 + 2 * pair);
        assertThat(sheet.height()).isEqualTo(4 + 2 * 12);
        for (int i = 0; i < 3; i++) {
            int x = 4 + (i % 2) * pair;
            int y = 4 + (i / 2) * 12;
            assertThat(sheet.get(x, y)).as("image %d", i).isEqualTo(images.get(i).get(0, 0));
            assertThat(sheet.get(x + 12, y + 7)).as("map %d", i).isEqualTo(maps.get(i).get(0, 0));
        }
    }

    /** The rounded mean over the source pixels [y0, y1) × [x0, x1) of output (x, y), computed channel by channel. */
    private static int blockAverage(RgbImage image, int side, int x, int y) {
        int y0 = y * image.height() / side;
        int y1 = Math.max(y0 + 1, (y + 1) * image.height() / side);
        int x0 = x * image.width() / side;
        int x1 = Math.max(x0 + 1, (x + 1) * image.width() / side);
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            double sum = 0;
            int n = 0;
            for (int yy = y0; yy < y1; yy++) {
                for (int xx = x0; xx < x1; xx++) {
                    sum += (image.get(xx, yy) >> shift) & 255;
                    n++;
                }
            }
            out |= (int) Math.floor(sum / n + 0.5) << shift;
        }
        return out;
    }

    private static RgbImage grey(int w, int h, int[] levels) {
        int[] rgb = new int[levels.length];
        for (int i = 0; i < rgb.length; i++) rgb[i] = levels[i] * 0x010101;
        return new RgbImage(w, h, rgb);
    }

    private static int[] levels(RgbImage image) {
        int[] out = new int[image.rgb().length];
        for (int i = 0; i < out.length; i++) out[i] = image.rgb()[i] & 255;
        return out;
    }

    private static RgbImage solid(int side, int rgb) {
        int[] pixels = new int[side * side];
        java.util.Arrays.fill(pixels, rgb);
        return new RgbImage(side, side, pixels);
    }
}
