package io.latentpatch.core.pca;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.latentpatch.core.grid.LatentGrid;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Real-ish PCA input without the codec module: {@code shared/data/faces/face_NNNN.png} laid out as the pixel-f16 codec
 * does (space-to-depth, L = 768, a 16×16 grid, values / 255). Skips the calling test when ../shared is absent.
 */
final class FaceLatents {
    private FaceLatents() {}

    static List<LatentGrid> pixelF16(int count) {
        String prop = System.getProperty("latentpatch.shared");
        Path dir = prop == null ? null : Path.of(prop, "data", "faces");
        assumeTrue(dir != null && Files.isRegularFile(dir.resolve(String.format("face_%04d.png", count - 1))),
                "skipped: ../shared/data/faces with " + count + " faces is not present (latentpatch.shared=" + prop + ")");
        int f = 16;
        List<LatentGrid> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BufferedImage img;
            try {
                img = ImageIO.read(dir.resolve(String.format("face_%04d.png", i)).toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int m = img.getWidth() / f;
            float[] d = new float[3 * f * f * m * m];
            for (int gy = 0; gy < m; gy++) {
                for (int gx = 0; gx < m; gx++) {
                    for (int c = 0; c < 3; c++) {
                        for (int dy = 0; dy < f; dy++) {
                            for (int dx = 0; dx < f; dx++) {
                                int v = (img.getRGB(gx * f + dx, gy * f + dy) >> (16 - 8 * c)) & 255;
                                d[(((c * f + dy) * f + dx) * m + gy) * m + gx] = v / 255f;
                            }
                        }
                    }
                }
            }
            out.add(new LatentGrid(3 * f * f, m, d));
        }
        return out;
    }
}
