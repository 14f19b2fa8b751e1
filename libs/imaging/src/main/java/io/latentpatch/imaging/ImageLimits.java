package io.latentpatch.imaging;

/**
 * What {@link ImageLoader} accepts before it decodes anything.
 *
 * @param maxBytes  largest encoded file, in bytes (default 20 MiB)
 * @param maxPixels largest width × height read from the file header, in pixels (default 40 million);
 *                  guards against decompression bombs, whose headers claim huge images
 */
public record ImageLimits(long maxBytes, long maxPixels) {

    /** 20 MiB and 40 megapixels. */
    public static final ImageLimits DEFAULT = new ImageLimits(20L << 20, 40_000_000L);

    public ImageLimits {
        if (maxBytes < 1 || maxPixels < 1) {
            throw new IllegalArgumentException("image limits must be positive, got maxBytes=" + maxBytes
                    + ", maxPixels=" + maxPixels);
        }
    }
}
