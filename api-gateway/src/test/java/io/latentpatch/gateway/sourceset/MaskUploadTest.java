package io.latentpatch.gateway.sourceset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.gateway.TestImages;
import io.latentpatch.gateway.problem.ApiProblem;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MaskUploadTest {
    private final MaskUpload masks = new MaskUpload(new UploadLimits(2, 512, 1 << 20, 4_000_000, 1 << 24, 1 << 20));

    @Test
    void anOpaquePngWithAWhiteRegionIsAccepted() {
        byte[] png = TestImages.mask(64, 64, 10, 20, 50, 30);
        assertThat(masks.check(png)).isSameAs(png);
    }

    @Test
    void refusalsNameTheMaskFieldWithTheRightStatus() {
        assertRefused(new byte[0], 422, "empty");
        assertRefused(TestImages.mask(16, 16, 0, 0, 0, 0), 422, "no bright pixel");
        assertRefused(TestImages.jpeg(16, 16, 1), 415, "must be a PNG");
        byte[] png = TestImages.mask(64, 64, 0, 0, 32, 32);
        assertRefused(Arrays.copyOf(png, png.length / 2), 400, "mask");
        assertRefused(TestImages.pngHeaderClaiming(100_000, 100_000), 400, "pixels");
    }

    private void assertRefused(byte[] bytes, int status, String detail) {
        assertThatThrownBy(() -> masks.check(bytes)).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.status()).isEqualTo(status);
            assertThat(p.getMessage()).contains(detail);
            assertThat(p.errors()).singleElement().satisfies(e -> assertThat(e.pointer()).isEqualTo("mask"));
        });
    }
}
