package io.latentpatch.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.imaging.ImageRejectedException.Reason;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageLoaderTest {

    private final ImageLoader loader = new ImageLoader();

    private static int channel(int rgb, int shift) {
        return (rgb >> shift) & 0xff;
    }

    @Test
    void pngPixelsComeBackExactly() {
        Random random = new Random(7);
        BufferedImage image = Fixtures.rgb(13, 9, (x, y) -> random.nextInt(1 << 24));
        RgbImage read = loader.read(Fixtures.encode(image, "png"), "random.png");
        assertThat(read.width()).isEqualTo(13);
        assertThat(read.height()).isEqualTo(9);
        for (int y = 0; y < 9; y++) {
            for (int x = 0; x < 13; x++) {
                assertThat(read.get(x, y)).as("pixel %d,%d", x, y).isEqualTo(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
    }

    @Test
    void formatIsJudgedByContentNotByFileName(@TempDir Path tmp) throws Exception {
        Path misnamed = tmp.resolve("photo.jpg");
        Files.write(misnamed, Fixtures.encode(Fixtures.rgb(4, 4, (x, y) -> 0x336699), "png"));
        assertThat(loader.read(misnamed).get(3, 3)).isEqualTo(0x336699);
    }

    @Test
    void jpegDecodesToNearlyTheSameColours() {
        BufferedImage image = Fixtures.rgb(32, 16, (x, y) -> x < 16 ? 0xC83232 : 0x3232C8);
        RgbImage read = loader.read(Fixtures.jpeg(image, 0.95f), "blocks.jpg");
        assertThat(read.width()).isEqualTo(32);
        int left = read.get(4, 8);
        int right = read.get(28, 8);
        assertThat(channel(left, 16)).isCloseTo(0xC8, org.assertj.core.data.Offset.offset(6));
        assertThat(channel(left, 0)).isCloseTo(0x32, org.assertj.core.data.Offset.offset(6));
        assertThat(channel(right, 0)).isCloseTo(0xC8, org.assertj.core.data.Offset.offset(6));
    }

    @Test
    void exifOrientation6IsTurnedUpright() {
        // Stored sideways: left half red, right half blue. Orientation 6 = turn 90° clockwise to view,
        // so the upright image is tall with red on top.
        BufferedImage stored = Fixtures.rgb(32, 16, (x, y) -> x < 16 ? 0xFF0000 : 0x0000FF);
        for (boolean bigEndian : new boolean[] {true, false}) {
            byte[] jpeg = Fixtures.withExif(Fixtures.jpeg(stored, 0.95f), 6, bigEndian);
            assertThat(ExifOrientation.read(jpeg)).isEqualTo(6);

            RgbImage upright = loader.read(jpeg, "turned.jpg");

            assertThat(upright.width()).isEqualTo(16);
            assertThat(upright.height()).isEqualTo(32);
            assertThat(channel(upright.get(8, 4), 16)).isGreaterThan(200);
            assertThat(channel(upright.get(8, 4), 0)).isLessThan(60);
            assertThat(channel(upright.get(8, 28), 0)).isGreaterThan(200);
            assertThat(channel(upright.get(8, 28), 16)).isLessThan(60);
        }
    }

    @Test
    void greyscaleIsReplicatedWithoutGammaShift() {
        BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 100, 255});
        RgbImage read = loader.read(Fixtures.encode(grey, "png"), "grey.png");
        assertThat(read.rgb()).containsExactly(0x000000, 0x646464, 0xFFFFFF);
    }

    @Test
    void sixteenBitSamplesAreRoundedToEightBits() {
        BufferedImage grey16 = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 257 * 77, 65535});
        RgbImage read = loader.read(Fixtures.encode(grey16, "png"), "grey16.png");
        assertThat(read.rgb()).containsExactly(0x000000, 0x4D4D4D, 0xFFFFFF);
    }

    @Test
    void alphaIsCompositedOnWhite() {
        BufferedImage argb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00FF0000); // fully transparent red → white
        argb.setRGB(1, 0, 0x80FF0000); // half red: (255, 127, 127)
        argb.setRGB(2, 0, 0xFF0000FF); // opaque blue stays blue
        RgbImage read = loader.read(Fixtures.encode(argb, "png"), "alpha.png");
        assertThat(read.rgb()).containsExactly(0xFFFFFF, 0xFF7F7F, 0x0000FF);
    }

    @Test
    void paletteImagesUseTheirPalette() {
        byte[] r = {(byte) 10, (byte) 200};
        byte[] g = {(byte) 20, (byte) 100};
        byte[] b = {(byte) 30, (byte) 0};
        BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY, new IndexColorModel(1, 2, r, g, b));
        indexed.getRaster().setSample(1, 0, 0, 1);
        RgbImage read = loader.read(Fixtures.encode(indexed, "png"), "palette.png");
        assertThat(read.rgb()).containsExactly(0x0A141E, 0xC86400);
    }

    @Test
    void gifIsRefusedByContent() {
        byte[] gif = Fixtures.encode(Fixtures.rgb(4, 4, (x, y) -> 0), "gif");
        assertThatThrownBy(() -> loader.read(gif, "cat.png"))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT);
                    assertThat(e.source()).isEqualTo("cat.png");
                })
                .hasMessageContaining("image cat.png was refused")
                .hasMessageContaining("a GIF image")
                .hasMessageContaining("only PNG and JPEG");
    }

    @Test
    void otherFormatsAreNamedInTheRefusal() {
        byte[] bmp = Fixtures.encode(Fixtures.rgb(4, 4, (x, y) -> 0), "bmp");
        byte[] webp = "RIFF\u0024\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1);
        byte[] text = "hello, this is not a picture\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> loader.read(bmp, "a.bmp")).hasMessageContaining("a BMP image");
        assertThatThrownBy(() -> loader.read(webp, "a.webp")).hasMessageContaining("a WebP image");
        assertThatThrownBy(() -> loader.read(text, "notes.png")).hasMessageContaining("text, not an image")
                .hasMessageContaining("hello, this");
        assertThatThrownBy(() -> loader.read(new byte[0], "empty.png"))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EMPTY))
                .hasMessageContaining("empty.png")
                .hasMessageContaining("the file is empty");
    }

    @Test
    void truncatedPngIsRefusedAsCorrupt() {
        Random random = new Random(3);
        byte[] png = Fixtures.encode(Fixtures.rgb(64, 64, (x, y) -> random.nextInt(1 << 24)), "png");
        byte[] cut = Arrays.copyOf(png, png.length / 2);
        assertThatThrownBy(() -> loader.read(cut, "cut.png"))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT))
                .hasMessageContaining("cut.png")
                .hasMessageContaining("PNG signature but cannot be decoded");
    }

    @Test
    void truncatedJpegIsRefusedAsCorrupt() {
        Random random = new Random(4);
        byte[] jpeg = Fixtures.jpeg(Fixtures.rgb(64, 64, (x, y) -> random.nextInt(1 << 24)), 0.9f);
        byte[] cut = Arrays.copyOf(jpeg, jpeg.length / 2);
        assertThatThrownBy(() -> loader.read(cut, "cut.jpg"))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT))
                .hasMessageContaining("cut.jpg")
                .hasMessageContaining("JPEG");
    }

    @Test
    void hugeDimensionsInTheHeaderAreRefusedBeforeDecoding() {
        byte[] bomb = Fixtures.pngHeaderClaiming(100_000, 100_000);
        assertThat(bomb.length).isLessThan(200);
        assertThatThrownBy(() -> loader.read(bomb, "bomb.png"))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_PIXELS))
                .hasMessageContaining("bomb.png")
                .hasMessageContaining("100000x100000 = 10000000000 pixels")
                .hasMessageContaining("limit of 40000000");
    }

    @Test
    void limitsAreConfigurable(@TempDir Path tmp) throws Exception {
        byte[] png = Fixtures.encode(Fixtures.rgb(40, 40, (x, y) -> x * 6 << 8 | y), "png");
        ImageLoader small = new ImageLoader(new ImageLimits(png.length - 1, 10_000));
        assertThatThrownBy(() -> small.read(png, "big.png"))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_BYTES))
                .hasMessageContaining("it is " + png.length + " bytes, more than the limit of " + (png.length - 1));
        Path file = tmp.resolve("big.png");
        Files.write(file, png);
        assertThatThrownBy(() -> small.read(file)).hasMessageContaining(file.toString()).hasMessageContaining("bytes");

        ImageLoader fewPixels = new ImageLoader(new ImageLimits(1 << 20, 1599));
        assertThatThrownBy(() -> fewPixels.read(png, "big.png"))
                .hasMessageContaining("40x40 = 1600 pixels, more than the limit of 1599");
    }

    @Test
    void missingFileIsReportedAsUnreadable(@TempDir Path tmp) {
        Path missing = tmp.resolve("gone.png");
        assertThatThrownBy(() -> loader.read(missing))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNREADABLE))
                .hasMessageContaining("gone.png")
                .hasMessageContaining("does not exist");
    }

    @Test
    void loadSquareCropsTheCentreAndScales() {
        // 300x100: a white 100x100 square in the middle, black on both sides.
        BufferedImage wide = Fixtures.rgb(300, 100, (x, y) -> x >= 100 && x < 200 ? 0xFFFFFF : 0);
        float[] chw = loader.loadSquare(Fixtures.encode(wide, "png"), "wide.png", 50);
        assertThat(chw).hasSize(3 * 50 * 50);
        for (float v : chw) {
            assertThat(v).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
        }
    }
}
