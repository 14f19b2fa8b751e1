package io.latentpatch.gateway.sourceset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.latentpatch.contracts.ImageSize;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.contracts.SourceSetManifest;
import io.latentpatch.gateway.TestImages;
import io.latentpatch.gateway.problem.ApiProblem;
import io.latentpatch.gateway.problem.ProblemType;
import io.latentpatch.gateway.sourceset.SourceSetUpload.Accepted;
import io.latentpatch.gateway.sourceset.SourceSetUpload.UploadedImage;
import io.latentpatch.imaging.ImageFormat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceSetUploadTest {

    private static final UploadLimits LIMITS = new UploadLimits(2, 4, 200_000, 1_000_000, 500_000, 10_000);
    private final SourceSetUpload upload = new SourceSetUpload(LIMITS);

    private static List<UploadedImage> pngs(int n, int size) {
        List<UploadedImage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new UploadedImage("dir/face_" + i + ".png", TestImages.png(size, size, i)));
        }
        return out;
    }

    @Test
    void acceptsPngAndJpegKeepingTheOriginalBytes() {
        List<UploadedImage> in = new ArrayList<>(pngs(2, 48));
        byte[] jpeg = TestImages.jpeg(48, 48, 9);
        in.add(new UploadedImage("c.jpg", jpeg));
        Accepted a = upload.validate(in, null, "images");
        assertThat(a.fileNames()).containsExactly("face_0.png", "face_1.png", "c.jpg");
        assertThat(a.images().get(2)).isSameAs(jpeg);
        assertThat(a.formats()).containsExactly(ImageFormat.PNG, ImageFormat.PNG, ImageFormat.JPEG);
        assertThat(a.sizes()).containsExactly(new ImageSize(48, 48), new ImageSize(48, 48), new ImageSize(48, 48));
        assertThat(a.labels()).isNull();
    }

    @Test
    void refusesEveryBadImageAtOnceWithItsPosition() {
        List<UploadedImage> in = new ArrayList<>(pngs(2, 32));
        in.add(new UploadedImage("notes.txt", "hello, not an image".getBytes(StandardCharsets.UTF_8)));
        in.add(new UploadedImage("cut.png", TestImages.truncatedPng(32, 32)));
        ApiProblem p = catchThrowableOfType(ApiProblem.class, () -> upload.validate(in, null, "images"));
        assertThat(p.problemType()).isEqualTo(ProblemType.IMAGE_REJECTED);
        assertThat(p.status()).isEqualTo(415);
        assertThat(p.getMessage()).startsWith("2 of 4 images were refused").contains("notes.txt").contains("text");
        assertThat(p.errors()).extracting(e -> e.pointer()).containsExactly("images[2]", "images[3]");
        assertThat(p.errors().get(1).detail()).contains("cut.png").contains("truncated");
    }

    @Test
    void aHeaderClaimingTooManyPixelsIsRefusedBeforeDecoding() {
        List<UploadedImage> in = new ArrayList<>(pngs(2, 32));
        in.add(new UploadedImage("bomb.png", TestImages.pngHeaderClaiming(100_000, 100_000)));
        ApiProblem p = catchThrowableOfType(ApiProblem.class, () -> upload.validate(in, null, "images"));
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.getMessage()).contains("bomb.png").contains("100000x100000").contains("limit of 1000000");
    }

    @Test
    void countAndSizeLimitsAreEnforced() {
        ApiProblem none = catchThrowableOfType(ApiProblem.class, () -> upload.validate(List.of(), null, "images"));
        assertThat(none.status()).isEqualTo(422);
        assertThat(none.getMessage()).contains("no images");
        ApiProblem one = catchThrowableOfType(ApiProblem.class, () -> upload.validate(pngs(1, 16), null, "images"));
        assertThat(one.getMessage()).contains("at least 2 images");
        ApiProblem many = catchThrowableOfType(ApiProblem.class, () -> upload.validate(pngs(5, 16), null, "images"));
        assertThat(many.status()).isEqualTo(413);
        assertThat(many.getMessage()).contains("5 images is more than the limit of 4");
        List<UploadedImage> big = List.of(new UploadedImage("a.png", new byte[190_000]), new UploadedImage("b.png",
                new byte[190_000]), new UploadedImage("c.png", new byte[190_000]));
        ApiProblem bytes = catchThrowableOfType(ApiProblem.class, () -> upload.validate(big, null, "images"));
        assertThat(bytes.status()).isEqualTo(413);
        assertThat(bytes.getMessage()).contains("570000 bytes").contains("500000");
        List<UploadedImage> oneHuge = List.of(new UploadedImage("a.png", new byte[210_000]), pngs(1, 16).get(0));
        ApiProblem huge = catchThrowableOfType(ApiProblem.class, () -> upload.validate(oneHuge, null, "images"));
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.getMessage()).contains("a.png").contains("210000 bytes");
    }

    @Test
    void imagesOfDifferentSizesAreAcceptedAndEachSizeIsRecorded() {
        List<UploadedImage> in = List.of(new UploadedImage("square.png", TestImages.png(32, 32, 1)),
                new UploadedImage("wide.png", TestImages.png(40, 24, 2)));
        Accepted a = upload.validate(in, "file,wide\nsquare.png,false\nwide.png,true\n", "/images");
        assertThat(a.sizes()).containsExactly(new ImageSize(32, 32), new ImageSize(40, 24));
        assertThat(a.labels()).containsExactly(Map.of("wide", "false"), Map.of("wide", "true"));

        SourceSetManifest m = SourceSetManifest.of("mixed", a.sizes(), a.fileNames(), a.labels(), a.images(), Instant.EPOCH);
        SourceSetManifest stored = JsonCodec.shared().read(JsonCodec.shared().write(m), SourceSetManifest.class);
        assertThat(stored.sizes()).containsExactly(new ImageSize(32, 32), new ImageSize(40, 24));
        assertThat(SourceSetView.of(stored).sizes()).containsExactly(new ImageSize(32, 32), new ImageSize(40, 24));
    }

    @Test
    void aBadImageInAMixedSizeSetIsStillRefused() {
        List<UploadedImage> in = List.of(new UploadedImage("a.png", TestImages.png(32, 32, 1)),
                new UploadedImage("b.png", TestImages.png(64, 16, 2)),
                new UploadedImage("bomb.png", TestImages.pngHeaderClaiming(2_000, 1_000)));
        ApiProblem p = catchThrowableOfType(ApiProblem.class, () -> upload.validate(in, null, "/images"));
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.errors()).singleElement().satisfies(e -> assertThat(e.pointer()).isEqualTo("/images/2"));
    }

    @Test
    void labelsBecomePerImageAttributeMaps() {
        String csv = "file,blond,glasses\nface_0.png,true,no\nface_1,false,yes\n";
        Accepted a = upload.validate(pngs(3, 16), csv, "images");
        assertThat(a.labels()).containsExactly(Map.of("blond", "true", "glasses", "no"),
                Map.of("blond", "false", "glasses", "yes"), Map.of());
    }

    @Test
    void duplicateNamesAreRefusedOnlyWhenLabelsNeedThem() {
        List<UploadedImage> same = List.of(new UploadedImage("blob", TestImages.png(16, 16, 1)),
                new UploadedImage("blob", TestImages.png(16, 16, 2)));
        assertThat(upload.validate(same, null, "images").fileNames()).containsExactly("blob", "blob");
        assertThatThrownBy(() -> upload.validate(same, "file,a\n0,1\n", "images")).isInstanceOf(ApiProblem.class)
                .hasMessageContaining("used twice");
    }

    @Test
    void labelsFilesAreLimitedAndMustBeUtf8() {
        assertThat(upload.labelsText("file,a\n".getBytes(StandardCharsets.UTF_8), "labels")).isEqualTo("file,a\n");
        assertThatThrownBy(() -> upload.labelsText(new byte[10_001], "labels")).isInstanceOf(ApiProblem.class)
                .hasMessageContaining("10001 bytes");
        assertThatThrownBy(() -> upload.labelsText(new byte[] {(byte) 0xC3, (byte) 0x28}, "labels"))
                .isInstanceOf(ApiProblem.class).hasMessageContaining("not UTF-8");
    }

    @Test
    void displayNamesDropDirectoriesAndFillBlanks() {
        assertThat(SourceSetUpload.displayName("C:\\photos\\me.jpg", 0)).isEqualTo("me.jpg");
        assertThat(SourceSetUpload.displayName("../../etc/passwd", 0)).isEqualTo("passwd");
        assertThat(SourceSetUpload.displayName(null, 3)).isEqualTo("image-3");
        assertThat(SourceSetUpload.displayName("  ", 4)).isEqualTo("image-4");
    }
}
