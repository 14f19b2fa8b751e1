package io.latentpatch.samples;

import io.latentpatch.imaging.PngWriter;
import io.latentpatch.imaging.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The built-in sample set on disk: {@link SyntheticPortraits} written as PNG files plus a {@value #LABELS_FILE}.
 *
 * <p>{@value #LABELS_FILE}: UTF-8, {@code \n} line ends, header {@code file,} followed by
 * {@link SyntheticPortraits#LABEL_COLUMNS}, one row per portrait in file-name order. PNGs are written by
 * {@link PngWriter}, so the same arguments give identical pixels, and identical file bytes on the same JDK build
 * (see "Determinism" in docs/architecture.md). Existing files of the same names are replaced; other files in the directory are left alone.
 */
public final class SampleSet {
    public static final int DEFAULT_COUNT = 32;
    public static final long DEFAULT_SEED = 2023L;
    public static final int DEFAULT_SIZE = 256;
    public static final String LABELS_FILE = "labels.csv";

    private SampleSet() {
    }

    /** Writes the default set (32 portraits, seed 2023, 256 px) into {@code dir}; returns the labels file. */
    public static Path writeTo(Path dir) throws IOException {
        return writeTo(dir, DEFAULT_COUNT, DEFAULT_SEED, DEFAULT_SIZE);
    }

    /**
     * Writes {@code count} portraits and {@value #LABELS_FILE} into {@code dir}, creating it if needed.
     *
     * @return the path of the labels file
     */
    public static Path writeTo(Path dir, int count, long seed, int size) throws IOException {
        List<Portrait> portraits = SyntheticPortraits.generate(count, seed, size);
        Files.createDirectories(dir);
        for (Portrait p : portraits) {
            Files.write(dir.resolve(p.name()), encodePng(p.image()));
        }
        Path labels = dir.resolve(LABELS_FILE);
        Files.writeString(labels, labelsCsv(portraits), StandardCharsets.UTF_8);
        return labels;
    }

    /** The {@value #LABELS_FILE} text for {@code portraits}. */
    public static String labelsCsv(List<Portrait> portraits) {
        StringBuilder csv = new StringBuilder("file");
        for (String column : SyntheticPortraits.LABEL_COLUMNS) csv.append(',').append(column);
        csv.append('\n');
        for (Portrait p : portraits) {
            csv.append(p.name());
            for (String column : SyntheticPortraits.LABEL_COLUMNS) csv.append(',').append(p.label(column));
            csv.append('\n');
        }
        return csv.toString();
    }

    /** PNG bytes as {@link #writeTo} writes them: 8-bit RGB of {@code image} (alpha, if any, is dropped). */
    public static byte[] encodePng(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] &= 0xFFFFFF;
        }
        return PngWriter.encode(new RgbImage(w, h, rgb));
    }

    /**
     * Command line: {@code SampleSet DIR [COUNT [SEED [SIZE]]]} writes a sample set into DIR.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 4) {
            System.err.println("usage: SampleSet DIR [COUNT [SEED [SIZE]]]   (defaults " + DEFAULT_COUNT + " "
                    + DEFAULT_SEED + " " + DEFAULT_SIZE + ")");
            System.exit(2);
        }
        int count = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_COUNT;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : DEFAULT_SEED;
        int size = args.length > 3 ? Integer.parseInt(args[3]) : DEFAULT_SIZE;
        Path labels = writeTo(Path.of(args[0]), count, seed, size);
        System.out.println("wrote " + count + " portraits and " + labels);
    }
}
