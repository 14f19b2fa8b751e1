package io.latentpatch.samples;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Developer tool, not a test: tiles a sample set into one PNG for eyeballing.
 * {@code java -cp target/classes:target/test-classes io.latentpatch.samples.ContactSheet OUT.png [COUNT SEED SIZE]}
 */
public final class ContactSheet {
    private ContactSheet() {
    }

    static BufferedImage tile(List<Portrait> portraits, int columns) {
        int side = portraits.get(0).image().getWidth();
        int rows = (portraits.size() + columns - 1) / columns;
        int gap = 4;
        BufferedImage sheet = new BufferedImage(columns * (side + gap) + gap, rows * (side + gap) + gap,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        for (int i = 0; i < portraits.size(); i++) {
            g.drawImage(portraits.get(i).image(), gap + (i % columns) * (side + gap), gap + (i / columns) * (side + gap),
                    null);
        }
        g.dispose();
        return sheet;
    }

    public static void main(String[] args) throws IOException {
        int count = args.length > 1 ? Integer.parseInt(args[1]) : SampleSet.DEFAULT_COUNT;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : SampleSet.DEFAULT_SEED;
        int size = args.length > 3 ? Integer.parseInt(args[3]) : SampleSet.DEFAULT_SIZE;
        List<Portrait> portraits = SyntheticPortraits.generate(count, seed, size);
        Files.write(Path.of(args[0]), SampleSet.encodePng(tile(portraits, 8)));
        System.out.print(SampleSet.labelsCsv(portraits));
    }
}
