package io.latentpatch.alignment;

import io.latentpatch.imaging.RgbImage;

/**
 * One aligned face.
 *
 * @param image            the aligned square, {@code size × size}
 * @param sourceToAligned  maps source pixels to aligned pixels (its inverse was used to resample)
 * @param landmarks        the landmarks found, in source pixels
 * @param box              the detector's box, in source pixels
 * @param faces            clearly separate faces found (more than 1 only when the largest was asked for)
 */
public record AlignedFace(RgbImage image, AffineTransform sourceToAligned, Landmarks landmarks, FaceBox box, int faces) {}
