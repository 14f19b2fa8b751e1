package io.latentpatch.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngWriterTest {

    private static RgbImage random(long seed, int w, int h) {
        Random random = new Random(seed);
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) {
            // Smooth ramps plus noise, so every PNG filter type gets chosen somewhere.
            px[i] = i % 5 == 0 ? random.nextInt(1 << 24) : (i % w) * 0x010203 & 0xFFFFFF;
        }
        return new RgbImage(w, h, px);
    }

    @Test
    void quantiseRoundsHalfUpAndClamps() {
        for (int k = 0; k <= 255; k++) {
            assertThat(PngWriter.quantize(k / 255f)).isEqualTo(k);
        }
        assertThat(PngWriter.quantize(0.502f / 255f)).isEqualTo(1);
        assertThat(PngWriter.quantize(0.498f / 255f)).isEqualTo(0);
        assertThat(PngWriter.quantize(100.51f / 255f)).isEqualTo(101);
        assertThat(PngWriter.quantize(-0.2f)).isEqualTo(0);
        assertThat(PngWriter.quantize(1.7f)).isEqualTo(255);
        assertThat(PngWriter.quantize(Float.NaN)).isEqualTo(0);
    }

    @Test
    void samePixelsGiveTheSameBytes() {
        RgbImage image = random(11, 37, 23);
        RgbImage copy = new RgbImage(37, 23, image.rgb().clone());
        byte[] first = PngWriter.encode(image);
        assertThat(PngWriter.encode(copy)).isEqualTo(first);
        assertThat(PngWriter.encodeChw(image.toChw(), 23, 37)).isEqualTo(first);
    }

    @Test
    void writtenFilesDecodeToTheSamePixels(@TempDir Path tmp) throws Exception {
        RgbImage image = random(12, 61, 17);
        Path file = tmp.resolve("out.png");
        PngWriter.write(file, image);

        BufferedImage viaImageIo = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(file)));
        for (int y = 0; y < 17; y++) {
            for (int x = 0; x < 61; x++) {
                assertThat(viaImageIo.getRGB(x, y) & 0xFFFFFF).isEqualTo(image.get(x, y));
            }
        }
        assertThat(new ImageLoader().read(file).rgb()).containsExactly(image.rgb());
    }

    @Test
    void chwFloatsRoundTripThroughEightBits(@TempDir Path tmp) {
        RgbImage image = random(13, 8, 6);
        float[] chw = image.toChw();
        Path file = tmp.resolve("chw.png");
        PngWriter.writeChw(file, chw, 6, 8);
        assertThat(new ImageLoader().read(file).toChw()).containsExactly(chw);
        assertThat(RgbImage.fromChw(chw, 6, 8).rgb()).containsExactly(image.rgb());
    }

    @Test
    void flatBlocksLikeProvenancePicturesCompressToAFewPercent() {
        // 16 × 16 blocks of one colour each, as a provenance picture has: long runs the deflater must find.
        int side = 256;
        int[] px = new int[side * side];
        Random random = new Random(14);
        int[] colours = new int[256];
        for (int i = 0; i < colours.length; i++) colours[i] = random.nextInt(1 << 24);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) px[y * side + x] = colours[(y / 16) * 16 + x / 16];
        }
        RgbImage image = new RgbImage(side, side, px);
        byte[] png = PngWriter.encode(image);
        assertThat(png.length).as("PNG bytes of a %d-byte image", 3 * side * side).isLessThan(3 * side * side / 20);
        assertThat(new ImageLoader().read(png, "blocks.png").rgb()).containsExactly(px);
    }

    @Test
    void pasteBuildsContactSheetsAndClipsAtTheEdge() {
        RgbImage sheet = RgbImage.blank(5, 4);
        RgbImage tile = new RgbImage(2, 2, new int[] {1, 2, 3, 4});
        sheet.paste(tile, 0, 0);
        sheet.paste(tile, 4, 3);
        assertThat(sheet.get(1, 1)).isEqualTo(4);
        assertThat(sheet.get(4, 3)).isEqualTo(1);
        assertThat(sheet.get(3, 3)).isZero();
    }
}
