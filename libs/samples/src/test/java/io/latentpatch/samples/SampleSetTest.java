package io.latentpatch.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleSetTest {

    @Test
    void writingTwiceOnOneJdkGivesByteIdenticalFiles(@TempDir Path first, @TempDir Path second) throws IOException {
        SampleSet.writeTo(first);
        SampleSet.writeTo(second);
        List<String> names = list(first);
        assertThat(names).hasSize(SampleSet.DEFAULT_COUNT + 1).isEqualTo(list(second));
        for (String name : names) {
            assertThat(Files.readAllBytes(second.resolve(name))).as(name).isEqualTo(Files.readAllBytes(first.resolve(name)));
        }
    }

    @Test
    void labelsCsvHasHeaderAndOneRowPerPortrait(@TempDir Path dir) throws IOException {
        Path labels = SampleSet.writeTo(dir, 6, 11, 64);
        assertThat(labels).isEqualTo(dir.resolve(SampleSet.LABELS_FILE));
        List<String> lines = Files.readAllLines(labels, StandardCharsets.UTF_8);
        assertThat(lines.get(0))
                .isEqualTo("file,hair,hair_style,glasses,smile,skin,background,beard,earrings,eye_color,bald,blond");
        assertThat(lines).hasSize(7);
        List<Portrait> portraits = SyntheticPortraits.generate(6, 11, 64);
        for (int i = 0; i < 6; i++) {
            Portrait p = portraits.get(i);
            assertThat(lines.get(i + 1)).startsWith(p.name() + ",")
                    .isEqualTo(p.name() + "," + String.join(",", p.labels().values()));
        }
        assertThat(Files.readString(labels)).endsWith("\n").doesNotContain("\r");
    }

    @Test
    void writtenPngsDecodeToTheGeneratedPixels(@TempDir Path dir) throws IOException {
        SampleSet.writeTo(dir, 3, 5, 96);
        List<Portrait> portraits = SyntheticPortraits.generate(3, 5, 96);
        for (Portrait p : portraits) {
            BufferedImage read = ImageIO.read(dir.resolve(p.name()).toFile());
            assertThat(SyntheticPortraitsTest.pixels(read)).as(p.name()).isEqualTo(SyntheticPortraitsTest.pixels(p.image()));
        }
    }

    @Test
    void encodePngDropsAlphaAndKeepsColour() throws IOException {
        BufferedImage im = new BufferedImage(5, 4, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 4; y++) for (int x = 0; x < 5; x++) im.setRGB(x, y, 0x80000000 | (x * 40 << 16) | (y * 60));
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(SampleSet.encodePng(im)));
        for (int y = 0; y < 4; y++) for (int x = 0; x < 5; x++) assertThat(back.getRGB(x, y) & 0xFFFFFF).isEqualTo(im.getRGB(x, y) & 0xFFFFFF);
        assertThat(back.getColorModel().hasAlpha()).isFalse();
    }

    @Test
    void otherFilesInTheDirectoryAreLeftAlone(@TempDir Path dir) throws IOException {
        Path mine = Files.writeString(dir.resolve("notes.txt"), "keep me");
        SampleSet.writeTo(dir.resolve("nested/set"), 2, 1, 32);
        assertThat(Files.readString(mine)).isEqualTo("keep me");
        assertThat(list(dir.resolve("nested/set"))).containsExactly("labels.csv", "portrait_000.png", "portrait_001.png");
    }

    private static List<String> list(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
