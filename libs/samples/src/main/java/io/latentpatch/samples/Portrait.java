package io.latentpatch.samples;

import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.Objects;

/**
 * One synthetic portrait: its file name, its pixels and its attribute labels.
 *
 * @param name   file name the sample set uses, {@code portrait_000.png}, {@code portrait_001.png}, …
 * @param image  square {@link BufferedImage#TYPE_INT_RGB} image, eyes and mouth at the positions of
 *               {@link SyntheticPortraits} (same alignment as the real face photos)
 * @param labels attribute name → value, in the column order of {@link SyntheticPortraits#LABEL_COLUMNS};
 *               unmodifiable
 */
public record Portrait(String name, BufferedImage image, Map<String, String> labels) {
    public Portrait {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(labels, "labels");
    }

    /** The value of label {@code column}; fails with the known columns when there is no such label. */
    public String label(String column) {
        String value = labels.get(column);
        if (value == null) {
            throw new IllegalArgumentException("no label '" + column + "' on " + name + "; known: " + labels.keySet());
        }
        return value;
    }
}
