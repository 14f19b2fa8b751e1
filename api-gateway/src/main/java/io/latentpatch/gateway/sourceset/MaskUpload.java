package io.latentpatch.gateway.sourceset;

import io.latentpatch.gateway.problem.ApiProblem;
import io.latentpatch.gateway.problem.Problem.FieldError;
import io.latentpatch.gateway.problem.ProblemType;
import io.latentpatch.gateway.problem.Problems;
import io.latentpatch.imaging.ImageFormat;
import io.latentpatch.imaging.ImageLimits;
import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.imaging.ImageRejectedException;
import io.latentpatch.imaging.RgbImage;
import java.util.List;

/**
 * Checks an uploaded edit mask before it is stored: a PNG (by content) within the image limits that
 * decodes completely and has at least one bright pixel (luma &gt; 127 = a cell to regenerate, the rule of
 * {@code RegionMask.fromPicture}). Transparency is composited onto white, so a mask must be opaque:
 * black where the target stays, white where it is regenerated. Pure: no I/O.
 */
public final class MaskUpload {

    /** The multipart part / error pointer a mask is reported under. */
    public static final String FIELD = "mask";

    private final ImageLoader loader;

    public MaskUpload(UploadLimits limits) {
        this.loader = new ImageLoader(new ImageLimits(limits.maxImageBytes(), limits.maxImagePixels()));
    }

    /** Returns {@code bytes} when they are an acceptable mask; else throws the problem to answer with. */
    public byte[] check(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw ApiProblem.invalid(FIELD, "the body is empty; send the mask as a PNG (Content-Type image/png)");
        }
        if (ImageFormat.detect(bytes).orElse(null) != ImageFormat.PNG) {
            throw rejected(415, "a mask must be a PNG (white = regenerate, black = keep), got " + ImageFormat.describe(bytes));
        }
        RgbImage picture;
        try {
            picture = loader.read(bytes, FIELD);
        } catch (ImageRejectedException e) {
            throw rejected(Problems.imageStatus(e.reason()), e.getMessage());
        }
        int[] rgb = picture.rgb();
        for (int p : rgb) {
            int luma = (299 * ((p >> 16) & 255) + 587 * ((p >> 8) & 255) + 114 * (p & 255)) / 1000;
            if (luma > 127) return bytes;
        }
        throw ApiProblem.invalid(FIELD, "the mask (" + picture.width() + "x" + picture.height() + ") has no bright pixel;"
                + " paint the region to regenerate in white on black");
    }

    private static ApiProblem rejected(int status, String detail) {
        return new ApiProblem(ProblemType.IMAGE_REJECTED, status, detail, List.of(new FieldError(FIELD, detail)));
    }
}
