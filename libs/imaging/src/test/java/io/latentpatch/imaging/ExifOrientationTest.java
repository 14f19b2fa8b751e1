package io.latentpatch.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ExifOrientationTest {

    // Stored image, 3 wide × 2 tall:  a b c / d e f
    private static final RgbImage STORED = new RgbImage(3, 2, new int[] {'a', 'b', 'c', 'd', 'e', 'f'});

    private static String rows(RgbImage image) {
        StringBuilder sb = new StringBuilder();
        for (int y = 0; y < image.height(); y++) {
            if (y > 0) {
                sb.append('/');
            }
            for (int x = 0; x < image.width(); x++) {
                sb.append((char) image.get(x, y));
            }
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "orientation {0} → {1}")
    @CsvSource({
        "1, abc/def",
        "2, cba/fed",    // mirrored left-right
        "3, fed/cba",    // turned 180°
        "4, def/abc",    // mirrored top-bottom
        "5, ad/be/cf",   // transposed
        "6, da/eb/fc",   // turn 90° clockwise
        "7, fc/eb/da",   // transversed
        "8, cf/be/ad",   // turn 90° anticlockwise
        "0, abc/def",    // out of range: left alone
        "9, abc/def"})
    void everyOrientationGivesTheUprightImage(int orientation, String expected) {
        assertThat(rows(ExifOrientation.apply(STORED, orientation))).isEqualTo(expected);
    }

    @Test
    void readsTheTagInBothByteOrders() {
        byte[] jpeg = Fixtures.jpeg(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), 0.9f);
        for (int o = 1; o <= 8; o++) {
            assertThat(ExifOrientation.read(Fixtures.withExif(jpeg, o, true))).isEqualTo(o);
            assertThat(ExifOrientation.read(Fixtures.withExif(jpeg, o, false))).isEqualTo(o);
        }
    }

    @Test
    void missingOrBrokenExifCountsAsUpright() {
        byte[] jpeg = Fixtures.jpeg(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), 0.9f);
        assertThat(ExifOrientation.read(jpeg)).isEqualTo(1);
        assertThat(ExifOrientation.read(new byte[] {(byte) 0xFF, (byte) 0xD8})).isEqualTo(1);
        byte[] withTag = Fixtures.withExif(jpeg, 6, true);
        byte[] broken = withTag.clone();
        int tiff = indexOf(broken, new byte[] {'M', 'M', 0, 42});
        broken[tiff + 7] = 100; // IFD offset now points past the segment
        assertThat(ExifOrientation.read(broken)).isEqualTo(1);
        byte[] badValue = withTag.clone();
        badValue[tiff + 8 + 2 + 9] = 42; // orientation value 42 is not 1–8
        assertThat(ExifOrientation.read(badValue)).isEqualTo(1);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
