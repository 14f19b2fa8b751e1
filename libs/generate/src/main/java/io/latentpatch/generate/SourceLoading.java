package io.latentpatch.generate;

import io.latentpatch.alignment.AlignmentException;
import io.latentpatch.pipeline.SourceAligner;
import io.latentpatch.pipeline.SourceImage;
import io.latentpatch.pipeline.SourceNormalizer;

import io.latentpatch.contracts.labels.LabelsReader;
import io.latentpatch.core.labels.SourceLabels;
import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.samples.Portrait;
import io.latentpatch.samples.SampleSet;
import io.latentpatch.samples.SyntheticPortraits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Finds and loads source images: a directory (every PNG/JPEG in it, sorted by file name), a list of
 * files, or the built-in synthetic sample set. Every image is centre-cropped to a square and resized
 * to the codec's side by {@link ImageLoader}, or, with {@link Alignment}, FFHQ-aligned by
 * {@link SourceAligner} ({@code generate --align}).
 */
public final class SourceLoading {
    private SourceLoading() {}

    /**
     * Loaded sources plus their labels (built-in set: always; files: when a labels file is found or given).
     *
     * @param aligned one entry per image of {@code images} when the sources were aligned, else null
     * @param skipped files left out because they could not be aligned ({@link Alignment#skipFailures}), with why
     */
    public record Loaded(List<SourceImage> images, SourceLabels labels, String description,
                         List<SourceAligner.Aligned> aligned, List<String> skipped) {
        public Loaded(List<SourceImage> images, SourceLabels labels, String description) {
            this(images, labels, description, null, List.of());
        }
    }

    /**
     * Align every file instead of centre-cropping it.
     *
     * @param aligner      the aligner
     * @param skipFailures leave out a file with no usable face (reported in {@link Loaded#skipped}) instead of failing
     */
    public record Alignment(SourceAligner aligner, boolean skipFailures) {}

    /** Expands directories into their image files, sorted by name; plain files are kept in the given order. */
    public static List<Path> expand(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> listing = Files.list(p)) {
                    List<Path> images = listing.filter(Files::isRegularFile).filter(SourceLoading::looksLikeImage)
                            .sorted().toList();
                    if (images.isEmpty()) {
                        throw new IllegalArgumentException("directory " + p + " holds no .png/.jpg/.jpeg file");
                    }
                    files.addAll(images);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + p, e);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new IllegalArgumentException("source " + p + " does not exist");
            }
        }
        return files;
    }

    /** Labels files looked for inside a single source directory when none is given. */
    public static final List<String> LABEL_FILE_NAMES = List.of("labels.csv", "labels.json");

    /** The {@code labels.csv} or {@code labels.json} inside {@code paths} when it is a single directory, or null. */
    public static Path labelsFileBeside(List<Path> paths) {
        if (paths.size() != 1 || !Files.isDirectory(paths.get(0))) return null;
        for (String name : LABEL_FILE_NAMES) {
            Path candidate = paths.get(0).resolve(name);
            if (Files.isRegularFile(candidate)) return candidate;
        }
        return null;
    }

    /**
     * Loads files (after {@link #expand}) at {@code size}. {@code labels} may be null: then a
     * {@code labels.csv} or {@code labels.json} inside a single source directory is used if present.
     */
    public static Loaded fromFiles(List<Path> paths, int size, ImageLoader loader, SourceLabels labels) {
        return fromFiles(paths, size, loader, labels, null);
    }

    /**
     * As {@link #fromFiles(List, int, ImageLoader, SourceLabels)}; with {@code alignment} non-null each
     * file is aligned, and one without a usable face fails the load naming it ({@link AlignmentException})
     * or is skipped.
     */
    public static Loaded fromFiles(List<Path> paths, int size, ImageLoader loader, SourceLabels labels, Alignment alignment) {
        if (alignment != null) return alignFiles(paths, size, labels, alignment);
        Path beside = labels == null ? labelsFileBeside(paths) : null;
        if (beside != null) labels = readLabels(beside);
        List<Path> files = expand(paths);
        SourceNormalizer normalizer = new SourceNormalizer(loader);
        List<SourceImage> images = new ArrayList<>(files.size());
        for (Path f : files) images.add(new SourceImage(f.getFileName().toString(), normalizer.normalize(f, size)));
        return new Loaded(images, labels, files.size() + " images from " + describe(paths));
    }

    private static Loaded alignFiles(List<Path> paths, int size, SourceLabels labels, Alignment alignment) {
        Path beside = labels == null ? labelsFileBeside(paths) : null;
        if (beside != null) labels = readLabels(beside);
        List<Path> files = expand(paths);
        List<SourceImage> images = new ArrayList<>(files.size());
        List<SourceAligner.Aligned> aligned = new ArrayList<>(files.size());
        List<String> skipped = new ArrayList<>();
        for (Path f : files) {
            try {
                SourceAligner.Aligned a = alignment.aligner().align(f, size);
                images.add(new SourceImage(f.getFileName().toString(), a.chw()));
                aligned.add(a);
            } catch (AlignmentException e) {
                if (!alignment.skipFailures()) throw e;
                skipped.add(e.getMessage());
            }
        }
        if (images.size() < 2) {
            throw new IllegalArgumentException("only " + images.size() + " of " + files.size() + " sources could be aligned"
                    + (skipped.isEmpty() ? "" : " (" + String.join("; ", skipped) + ")") + "; at least 2 are needed");
        }
        String description = images.size() + " aligned images from " + describe(paths)
                + (skipped.isEmpty() ? "" : " (" + skipped.size() + " skipped)");
        return new Loaded(images, labels, description, List.copyOf(aligned), List.copyOf(skipped));
    }

    /** The built-in labelled synthetic portraits ({@link SampleSet#DEFAULT_COUNT} of them), at {@code size}. */
    public static Loaded builtIn(int size, ImageLoader loader) {
        List<Portrait> portraits = SyntheticPortraits.generate(SampleSet.DEFAULT_COUNT, SampleSet.DEFAULT_SEED, SampleSet.DEFAULT_SIZE);
        List<SourceImage> images = new ArrayList<>(portraits.size());
        SourceNormalizer normalizer = new SourceNormalizer(loader);
        for (Portrait p : portraits) {
            images.add(new SourceImage(p.name(), normalizer.normalize(SampleSet.encodePng(p.image()), p.name(), size)));
        }
        return new Loaded(images, LabelsReader.fromCsv(SampleSet.labelsCsv(portraits)),
                portraits.size() + " built-in synthetic portraits");
    }

    /** Reads a labels file (CSV or JSON). */
    public static SourceLabels readLabels(Path file) {
        try {
            return LabelsReader.read(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("labels file " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read labels " + file, e);
        }
    }

    private static boolean looksLikeImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    private static String describe(List<Path> paths) {
        return paths.size() == 1 ? paths.get(0).toString() : paths.size() + " paths";
    }
}
