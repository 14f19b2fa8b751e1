package io.latentpatch.pipeline.stage;

import io.latentpatch.alignment.AffineTransform;
import io.latentpatch.alignment.AlignedFace;
import io.latentpatch.alignment.AlignmentException;
import io.latentpatch.contracts.ObjectKeys;
import io.latentpatch.contracts.SourceSetAlignment;
import io.latentpatch.contracts.SourceSetManifest;
import io.latentpatch.imaging.ImageRejectedException;
import io.latentpatch.pipeline.SourceAligner;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Aligns every uploaded image of a set uploaded with {@code align=true}, in memory: a picture without a usable face
 * fails the whole set naming the file ({@code align.failures = fail}) or is left out ({@code skip}), so nothing is
 * stored for a set that cannot be aligned. The result is the {@link SourceSetAlignment} to store and the aligned
 * pixels the codec encodes.
 */
final class SetAligner {
    /** Fewest images an aligned set may keep: the engine needs two sources. */
    static final int MIN_KEPT = 2;

    private final Supplier<SourceAligner> aligner;

    /** @param aligner opened on first use (the landmark model is large); throws when this worker cannot align */
    SetAligner(Supplier<SourceAligner> aligner) {
        this.aligner = Objects.requireNonNull(aligner, "aligner");
    }

    /**
     * An aligned set.
     *
     * @param alignment what to store, or what was stored
     * @param chw       the aligned pixels of each kept image, {@code [3, size, size]} in [0, 1], multiples of 1/255
     */
    record Aligned(SourceSetAlignment alignment, List<float[]> chw) {}

    /** Reads uploaded image {@code i}, as {@link StageObjects#require} does. */
    interface Images {
        byte[] read(int index);
    }

    /**
     * Aligns the set to {@code size}.
     *
     * @param stored the alignment stored before (another model encoded the set), or null: then exactly its images are
     *               aligned (so every model sees the same set); else the images to keep are decided here
     * @throws StageInputException naming the file when a picture cannot be read or aligned (and is not to be skipped),
     *                             or when fewer than {@link #MIN_KEPT} images remain
     */
    Aligned align(SourceSetManifest uploaded, SourceSetAlignment stored, int size, Images images) {
        SourceAligner a = aligner.get();
        String set = uploaded.setId();
        boolean skip = stored == null && uploaded.align().skipFailures();
        List<Integer> wanted = stored == null ? null : stored.sourceIndices();
        List<SourceSetAlignment.AlignedImage> kept = new ArrayList<>();
        List<SourceSetAlignment.SkippedImage> skipped = new ArrayList<>();
        List<float[]> chw = new ArrayList<>();
        for (int i = 0; i < uploaded.imageCount(); i++) {
            if (wanted != null && !wanted.contains(i)) continue;
            String name = uploaded.fileNames().get(i);
            String what = "source image " + i + " (" + name + ") of set " + set;
            byte[] bytes = images.read(i);
            try {
                SourceAligner.Aligned one = a.align(bytes, name, size);
                kept.add(describe(i, name, one.face()));
                chw.add(one.chw());
            } catch (ImageRejectedException e) {
                throw new StageInputException(what + " cannot be read: " + e.getMessage(), e);
            } catch (AlignmentException e) {
                if (!skip) {
                    throw new StageInputException(what + " cannot be aligned (" + e.reason() + "): " + e.getMessage()
                            + (stored == null ? "; upload the set again without it, or with alignFailures=skip" : ""), e);
                }
                skipped.add(new SourceSetAlignment.SkippedImage(i, name, e.reason().name(), e.getMessage()));
            }
        }
        if (kept.size() < MIN_KEPT) {
            StringBuilder why = new StringBuilder();
            for (SourceSetAlignment.SkippedImage s : skipped) why.append(why.isEmpty() ? " (" : "; ").append(s.message());
            if (!why.isEmpty()) why.append(')');
            throw new StageInputException("only " + kept.size() + " of " + uploaded.imageCount() + " images of set " + set
                    + " could be aligned" + why + "; at least " + MIN_KEPT + " are needed");
        }
        if (stored != null) return new Aligned(stored, List.copyOf(chw));
        return new Aligned(SourceSetAlignment.of(set, size, kept, skipped), List.copyOf(chw));
    }

    /** Stores the aligned images, then (last, so its presence means complete) the alignment. */
    static void store(StageObjects objects, String tenant, Aligned aligned) {
        SourceSetAlignment a = aligned.alignment();
        for (int i = 0; i < aligned.chw().size(); i++) {
            objects.store().put(ObjectKeys.sourceAlignedImage(tenant, a.setId(), i),
                    io.latentpatch.pipeline.SourceNormalizer.toPng(aligned.chw().get(i), a.size()), StageObjects.PNG);
        }
        objects.putAlignment(tenant, a);
    }

    /** One image's entry: the transform from the upright uploaded picture to the aligned square, eyes and box. */
    static SourceSetAlignment.AlignedImage describe(int sourceIndex, String name, AlignedFace f) {
        AffineTransform t = f.sourceToAligned();
        List<Double> m = new ArrayList<>(6);
        for (double v : t.toArray()) m.add(round(v));
        double[] le = f.landmarks().leftEye();
        double[] re = f.landmarks().rightEye();
        return new SourceSetAlignment.AlignedImage(sourceIndex, name, m, round(t.scale()), round(Math.toDegrees(t.rotation())),
                List.of(round(le[0]), round(le[1])), List.of(round(re[0]), round(re[1])),
                List.of(round(f.box().left()), round(f.box().top()), round(f.box().width()), round(f.box().height())));
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
