package io.latentpatch.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The pixel size of one stored image, as decoded (after any EXIF rotation).
 *
 * @param width  pixels, >= 1
 * @param height pixels, >= 1
 */
public record ImageSize(@JsonProperty(required = true) int width, @JsonProperty(required = true) int height) {

    public ImageSize {
        Checks.atLeast("width", width, 1);
        Checks.atLeast("height", height, 1);
    }

    /** {@code WIDTHxHEIGHT}, e.g. {@code 640x480}. */
    @Override
    public String toString() {
        return width + "x" + height;
    }
}
