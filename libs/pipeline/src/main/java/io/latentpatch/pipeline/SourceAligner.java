package io.latentpatch.pipeline;

import io.latentpatch.alignment.AlignedFace;
import io.latentpatch.alignment.AlignmentException;
import io.latentpatch.alignment.FaceAligner;
import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.imaging.RgbImage;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The aligned alternative to {@link SourceNormalizer}: decoded and checked by {@link ImageLoader}
 * exactly as there, then FFHQ-aligned by {@link FaceAligner} straight to the codec's square side (no
 * centre crop), 8-bit. Used by {@code latentpatch generate --align} and by the encoder worker for a
 * set uploaded with {@code align=true}, so both feed the codec the same pixels.
 */
public final class SourceAligner {
    private final ImageLoader loader;
    private final FaceAligner aligner;

    public SourceAligner(ImageLoader loader, FaceAligner aligner) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.aligner = Objects.requireNonNull(aligner, "aligner");
    }

    /**
     * One aligned source.
     *
     * @param chw  CHW pixels in [0, 1], multiples of 1/255, {@code 3 × size × size}
     * @param face the alignment (transform from the upright source picture to {@code chw}, landmarks, box)
     */
    public record Aligned(float[] chw, AlignedFace face) {}

    /**
     * Aligns an uploaded or read picture.
     *
     * @throws io.latentpatch.imaging.ImageRejectedException when it cannot be read
     * @throws AlignmentException when it has no usable face (the message names {@code name})
     */
    public Aligned align(byte[] bytes, String name, int size) {
        return align(loader.read(bytes, name), name, size);
    }

    /** As {@link #align(byte[], String, int)}, from a file (named by its file name in messages). */
    public Aligned align(Path file, int size) {
        return align(loader.read(file), file.getFileName().toString(), size);
    }

    private Aligned align(RgbImage picture, String name, int size) {
        AlignedFace face = aligner.align(picture, name, size);
        return new Aligned(face.image().toChw(), face);
    }
}
