package io.latentpatch.gateway.sourceset;

import io.latentpatch.gateway.GatewayConfig;

/**
 * What one source-set upload may contain (see {@link GatewayConfig.SourceSets} for the keys).
 *
 * @param minImages      fewest images
 * @param maxImages      most images
 * @param maxImageBytes  largest image file, bytes
 * @param maxImagePixels largest width × height of one image (checked from the header, before decoding)
 * @param maxTotalBytes  largest sum of image bytes
 * @param maxLabelsBytes largest labels file, bytes
 */
public record UploadLimits(int minImages, int maxImages, long maxImageBytes, long maxImagePixels, long maxTotalBytes,
                           int maxLabelsBytes) {

    public UploadLimits {
        if (minImages < 1 || maxImages < minImages || maxImageBytes < 1 || maxImagePixels < 1 || maxTotalBytes < 1
                || maxLabelsBytes < 1) {
            throw new IllegalArgumentException("inconsistent upload limits: " + minImages + ".." + maxImages + " images, "
                    + maxImageBytes + " bytes/image, " + maxImagePixels + " px/image, " + maxTotalBytes + " bytes in all, "
                    + maxLabelsBytes + " bytes of labels");
        }
    }

    public static UploadLimits from(GatewayConfig.SourceSets c) {
        return new UploadLimits(c.minImages(), c.maxImages(), c.maxImageBytes(), c.maxImagePixels(), c.maxTotalBytes(),
                c.maxLabelsBytes());
    }
}
