package io.latentpatch.codec.pixel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.codec.CodecException;
import io.latentpatch.codec.ImageBatch;
import io.latentpatch.codec.LatentBatch;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PixelCodecTest {

    private static ImageBatch randomImages(long seed, int n, int h, int w) {
        Random random = new Random(seed);
        float[] data = new float[n * 3 * h * w];
        for (int i = 0; i < data.length; i++) {
            // Not just [0, 1]: the codec must move any finite float unchanged.
            data[i] = i % 7 == 0 ? (random.nextFloat() - 0.5f) * 1e6f : random.nextFloat();
        }
        return new ImageBatch(n, h, w, data);
    }

    @ParameterizedTest(name = "f{0}, n={1}, {2}x{3}")
    @CsvSource({"8, 1, 256, 256", "8, 3, 40, 24", "16, 5, 48, 32", "16, 1, 256, 256", "16, 7, 16, 16", "1, 2, 3, 5"})
    void decodeOfEncodeIsBitIdentical(int block, int n, int h, int w) {
        PixelCodec codec = new PixelCodec(block);
        ImageBatch images = randomImages(block * 1000L + n, n, h, w);
        float[] original = images.data().clone();

        LatentBatch latents = codec.encode(images);
        ImageBatch back = codec.decode(latents);

        assertThat(latents.channels()).isEqualTo(3 * block * block);
        assertThat(latents.height()).isEqualTo(h / block);
        assertThat(latents.width()).isEqualTo(w / block);
        assertThat(back.n()).isEqualTo(n);
        assertThat(back.data()).isEqualTo(original);
        assertThat(images.data()).isEqualTo(original);
    }

    @ParameterizedTest(name = "f{0}")
    @CsvSource({"8", "16", "3"})
    void latentChannelsFollowTheDocumentedCDyDxOrder(int f) {
        PixelCodec codec = new PixelCodec(f);
        int n = 2;
        int h = 2 * f;
        int w = 3 * f;
        ImageBatch images = randomImages(42 + f, n, h, w);
        LatentBatch latents = codec.encode(images);

        // Reference: the index formula of the Javadoc, evaluated one latent value at a time.
        int L = 3 * f * f;
        int gh = h / f;
        int gw = w / f;
        float[] expected = new float[latents.data().length];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < L; k++) {
                int c = k / (f * f);
                int dy = (k / f) % f;
                int dx = k % f;
                for (int gy = 0; gy < gh; gy++) {
                    for (int gx = 0; gx < gw; gx++) {
                        expected[((i * L + k) * gh + gy) * gw + gx] =
                                images.data()[((i * 3 + c) * h + gy * f + dy) * w + gx * f + dx];
                    }
                }
            }
        }
        assertThat(latents.data()).isEqualTo(expected);
    }

    @Test
    void namesAndSizesMatchThePaperSetup() {
        PixelCodec f16 = PixelCodec.f16();
        PixelCodec f8 = PixelCodec.f8();
        assertThat(f16.name()).isEqualTo("pixel-f16");
        assertThat(f16.latentChannels()).isEqualTo(768);
        assertThat(f16.preferredImageSize() / f16.downscale()).isEqualTo(16);
        assertThat(f8.name()).isEqualTo("pixel-f8");
        assertThat(f8.latentChannels()).isEqualTo(192);
        assertThat(f8.preferredImageSize() / f8.downscale()).isEqualTo(32);
        assertThat(f8.codebook()).isEmpty();
        assertThat(f8.codebookSize()).isZero();
    }

    @Test
    void refusesImageSizesThatAreNotMultiplesOfTheBlock() {
        ImageBatch images = randomImages(1, 1, 250, 256);
        assertThatThrownBy(() -> PixelCodec.f16().encode(images))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("multiples of 16")
                .hasMessageContaining("250x256");
    }

    @Test
    void refusesGridsWithAnotherChannelCount() {
        LatentBatch latents = new LatentBatch(1, 192, 2, 2, new float[192 * 4]);
        assertThatThrownBy(() -> PixelCodec.f16().decode(latents))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("768")
                .hasMessageContaining("got 192");
    }
}
