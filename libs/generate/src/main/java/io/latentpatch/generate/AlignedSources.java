package io.latentpatch.generate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentpatch.alignment.AffineTransform;
import io.latentpatch.alignment.AlignedFace;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.imaging.PngWriter;
import io.latentpatch.pipeline.SourceAligner;
import io.latentpatch.pipeline.SourceImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code generate --align} writes beside its outputs: {@code aligned/NNN-<name>.png} (the
 * aligned sources, in source order, so the directory can be given back as {@code --sources}) and
 * {@code aligned/alignment.json}: per source its file, the 2×3 matrix from the upright source
 * picture's pixels to the aligned pixels ({@code [a, b, tx, c, d, ty]}), the eye centres and
 * detector box in source pixels; plus the files skipped and why.
 */
public final class AlignedSources {
    /** The directory under a run's output directory. */
    public static final String DIR = "aligned";

    private AlignedSources() {}

    /** Writes the aligned sources of {@code loaded} (which must have been aligned) under {@code out}; returns the directory. */
    public static Path write(Path out, SourceLoading.Loaded loaded, int size) {
        if (loaded.aligned() == null) throw new IllegalArgumentException("the sources were not aligned");
        Path dir = out.resolve(DIR);
        try {
            Files.createDirectories(dir);
            ObjectNode root = JsonCodec.shared().mapper().createObjectNode();
            root.put("size", size);
            ArrayNode images = root.putArray("images");
            for (int i = 0; i < loaded.images().size(); i++) {
                SourceImage s = loaded.images().get(i);
                String file = String.format(Locale.ROOT, "%03d-%s.png", i, stripExtension(s.name()));
                PngWriter.writeChw(dir.resolve(file), s.chw(), size, size);
                images.add(describe(JsonCodec.shared().mapper().createObjectNode().put("source", s.name()).put("file", file),
                        loaded.aligned().get(i)));
            }
            ArrayNode skipped = root.putArray("skipped");
            loaded.skipped().forEach(skipped::add);
            Files.writeString(dir.resolve("alignment.json"), JsonCodec.shared().writePretty(root), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the aligned sources to " + dir, e);
        }
        return dir;
    }

    /** Adds the alignment of one source to {@code node}: {@code sourceToAligned}, {@code leftEye}, {@code rightEye}, {@code faceBox}. */
    public static ObjectNode describe(ObjectNode node, SourceAligner.Aligned aligned) {
        AlignedFace f = aligned.face();
        ArrayNode m = node.putArray("sourceToAligned");
        for (double v : f.sourceToAligned().toArray()) m.add(round(v));
        double[] le = f.landmarks().leftEye();
        double[] re = f.landmarks().rightEye();
        node.putArray("leftEye").add(round(le[0])).add(round(le[1]));
        node.putArray("rightEye").add(round(re[0])).add(round(re[1]));
        node.putArray("faceBox").add(round(f.box().left())).add(round(f.box().top())).add(round(f.box().width()))
                .add(round(f.box().height()));
        AffineTransform t = f.sourceToAligned();
        node.put("scale", round(t.scale()));
        node.put("rotationDegrees", round(Math.toDegrees(t.rotation())));
        return node;
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
