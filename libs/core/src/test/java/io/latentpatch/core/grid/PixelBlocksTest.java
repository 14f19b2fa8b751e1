package io.latentpatch.core.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PixelBlocksTest {

    @Test
    void unfoldPutsChannelCDyDxOfACellOnItsPixel() {
        int f = 3;
        int gh = 2;
        int gw = 4;
        PixelBlocks layout = new PixelBlocks(f);
        int l = layout.channels();
        float[] latent = new float[5 + l * gh * gw];
        for (int i = 0; i < latent.length; i++) latent[i] = i;
        int height = gh * f;
        int width = gw * f;
        float[] image = new float[2 + 3 * height * width];
        layout.unfold(latent, 5, gh, gw, image, 2);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int k = (c * f + y % f) * f + x % f;
                    assertThat(image[2 + (c * height + y) * width + x]).as("c %d y %d x %d", c, y, x)
                            .isEqualTo(latent[5 + (k * gh + y / f) * gw + x / f]);
                }
            }
        }
        float[] back = new float[latent.length];
        layout.fold(image, 2, gh, gw, back, 5);
        for (int i = 5; i < latent.length; i++) assertThat(back[i]).isEqualTo(latent[i]);
    }

    @Test
    void aGridComesBackBitForBit() {
        PixelBlocks layout = new PixelBlocks(4);
        SplittableRandom r = new SplittableRandom(3);
        float[] d = new float[48 * 5 * 5];
        for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
        LatentGrid grid = new LatentGrid(48, 5, d);
        float[] picture = layout.unfold(grid);
        assertThat(picture).hasSize(3 * 20 * 20);
        assertThat(layout.fold(picture, 5)).isEqualTo(grid);
    }

    @Test
    void rejectsWhatIsNotThisLayout() {
        assertThatThrownBy(() -> new PixelBlocks(0)).hasMessageContaining(">= 1");
        PixelBlocks layout = new PixelBlocks(2);
        assertThatThrownBy(() -> layout.unfold(LatentGrid.zeros(13, 3))).hasMessageContaining("has 12 channels").hasMessageContaining("got 13");
        assertThatThrownBy(() -> layout.fold(new float[10], 3)).hasMessageContaining("3x6x6");
    }
}
