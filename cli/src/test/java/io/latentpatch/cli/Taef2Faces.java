package io.latentpatch.cli;

import io.latentpatch.codec.Codec;
import io.latentpatch.codec.Codecs;
import io.latentpatch.codec.ImageBatch;
import io.latentpatch.codec.LatentBatch;
import io.latentpatch.core.grid.LatentGrid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The real-model fixture shared by the taef2 integration tests: the first {@link #COUNT} faces of
 * {@code shared/data/faces} (copied into a directory of their own, 16 × ~0.1 MB) and their taef2 latents, encoded here
 * one image at a time straight through the codec, independently of the pipeline's loaders.
 */
final class Taef2Faces {
    static final int COUNT = 16;
    static final int SIZE = 256;
    static final int GRID = 32;

    final Path model;
    final Path faces;
    final List<Path> files;
    final List<LatentGrid> latents;

    private Taef2Faces(Path shared, Path root) throws IOException {
        this.model = shared.resolve("models/taef2");
        this.faces = Files.createDirectories(root.resolve("faces16"));
        List<Path> copies = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            String name = String.format("face_%04d.png", i);
            Path copy = faces.resolve(name);
            Path target = shared.resolve("data/faces").resolve(name).toAbsolutePath();
            Files.copy(target, copy); // a copy, not a link: JUnit warns about links leaving its temporary directory
            copies.add(copy);
        }
        this.files = List.copyOf(copies);
        List<LatentGrid> z = new ArrayList<>();
        try (Codec codec = Codecs.open(model.toString())) {
            for (Path f : files) {
                float[] image = RunFiles.chw(f);
                LatentBatch latent = codec.encode(ImageBatch.single(SIZE, SIZE, image));
                z.add(new LatentGrid(latent.channels(), latent.height(), latent.sample(0)));
            }
        }
        this.latents = List.copyOf(z);
    }

    /**
     * Builds the fixture under {@code root} (the calling test class's temporary directory); skips the calling test
     * when ../shared (models and faces) is absent.
     */
    static Taef2Faces create(Path root) {
        String prop = System.getProperty("latentpatch.shared");
        Assumptions.assumeTrue(prop != null, "system property latentpatch.shared is not set (run through Maven failsafe)");
        Path shared = Path.of(prop);
        Assumptions.assumeTrue(Files.isRegularFile(shared.resolve("models/taef2/model.json")),
                "no taef2 model at " + shared.resolve("models/taef2") + "; skipping the real-model tests");
        Assumptions.assumeTrue(Files.isRegularFile(shared.resolve("data/faces/face_0015.png")),
                "no face photos at " + shared.resolve("data/faces") + "; skipping the real-model tests");
        try {
            return new Taef2Faces(shared, root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** decoder(latent) through a codec of its own, as CHW floats in [0, 1]. */
    float[] decode(LatentGrid latent) {
        try (Codec codec = Codecs.open(model.toString())) {
            return codec.decode(LatentBatch.single(latent.channels(), latent.size(), latent.size(), latent.data())).image(0);
        }
    }
}
