package io.latentpatch.gateway.sourceset;

import io.latentpatch.contracts.ImageSize;
import io.latentpatch.gateway.problem.ApiProblem;
import io.latentpatch.gateway.problem.Problem.FieldError;
import io.latentpatch.gateway.problem.ProblemType;
import io.latentpatch.gateway.problem.Problems;
import io.latentpatch.imaging.ImageFormat;
import io.latentpatch.imaging.ImageLimits;
import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.imaging.ImageRejectedException;
import io.latentpatch.imaging.RgbImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an upload of source images (multipart parts or inline base64) before anything is stored:
 * image count and total size, then every image through the codec's {@link ImageLoader} (PNG/JPEG by
 * magic bytes, byte limit, pixel limit read from the header before decoding, full decode so a
 * truncated or damaged file is refused), and the labels. Images may differ in size: each one's size is
 * recorded, and the encoder centre-crops and resizes every image to its codec's side. Pure: no I/O,
 * no framework.
 *
 * <p>All refused images are reported at once, each as an {@code errors} entry.
 */
public final class SourceSetUpload {

    /** One uploaded file. */
    public record UploadedImage(String name, byte[] bytes) {
    }

    /**
     * An upload that passed every check, ready to store. The images are the uploaded bytes, unchanged
     * (the encoder normalises them).
     *
     * @param fileNames display names, one per image
     * @param images    original bytes, one per image
     * @param formats   detected format of each image
     * @param sizes     decoded pixel size of each image (may differ)
     * @param labels    per-image attribute maps, or null when no labels were given
     */
    public record Accepted(List<String> fileNames, List<byte[]> images, List<ImageFormat> formats, List<ImageSize> sizes,
                           List<Map<String, String>> labels) {
        /** Bytes of all images together (what storing the set adds to the tenant's usage). */
        public long totalBytes() {
            long n = 0;
            for (byte[] b : images) n += b.length;
            return n;
        }
    }

    private final UploadLimits limits;
    private final ImageLoader loader;

    public SourceSetUpload(UploadLimits limits) {
        this.limits = limits;
        this.loader = new ImageLoader(new ImageLimits(limits.maxImageBytes(), limits.maxImagePixels()));
    }

    public UploadLimits limits() {
        return limits;
    }

    /**
     * Validates an upload.
     *
     * @param images     the images in upload order
     * @param labelsText the labels file, or null
     * @param pointer    how errors name the images: {@code images} gives {@code images[3]}; for inline
     *                   JSON uploads {@code /images} gives {@code /images/3}
     * @throws ApiProblem describing every problem found
     */
    public Accepted validate(List<UploadedImage> images, String labelsText, String pointer) {
        boolean json = pointer.startsWith("/");
        checkCountAndSize(images, pointer);
        List<String> names = new ArrayList<>(images.size());
        List<FieldError> rejected = new ArrayList<>();
        List<ImageFormat> formats = new ArrayList<>(images.size());
        List<ImageSize> sizes = new ArrayList<>(images.size());
        int status = 0;
        for (int i = 0; i < images.size(); i++) {
            UploadedImage u = images.get(i);
            String name = displayName(u.name(), i);
            names.add(name);
            try {
                RgbImage decoded = loader.read(u.bytes(), name);
                sizes.add(new ImageSize(decoded.width(), decoded.height()));
                formats.add(ImageFormat.detect(u.bytes()).orElseThrow());
            } catch (ImageRejectedException e) {
                rejected.add(new FieldError(at(pointer, json, i), e.getMessage()));
                status = status == 0 ? Problems.imageStatus(e.reason()) : status;
            }
        }
        if (!rejected.isEmpty()) {
            String detail = rejected.size() == 1 ? rejected.get(0).detail()
                    : rejected.size() + " of " + images.size() + " images were refused; first: " + rejected.get(0).detail();
            throw new ApiProblem(ProblemType.IMAGE_REJECTED, status, detail, rejected);
        }
        List<FieldError> errors = new ArrayList<>();
        List<Map<String, String>> labels = null;
        if (labelsText != null) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < names.size(); i++) {
                if (!seen.add(names.get(i))) {
                    errors.add(new FieldError(at(pointer, json, i), "file name '" + names.get(i) + "' is used twice;"
                            + " labels need distinct names (or key them by index and name the files distinctly)"));
                }
            }
            if (errors.isEmpty()) {
                labels = UploadLabels.resolve(labelsText, names, json ? "/labels" : "labels");
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        List<byte[]> bytes = new ArrayList<>(images.size());
        images.forEach(u -> bytes.add(u.bytes()));
        return new Accepted(List.copyOf(names), List.copyOf(bytes), List.copyOf(formats), List.copyOf(sizes), labels);
    }

    /**
     * Validates one image that is not part of a set (an outside reference): the same checks as a source image, errors
     * reported under {@code field}.
     */
    public Accepted validateOne(UploadedImage image, String field) {
        if (image.bytes() == null || image.bytes().length == 0) {
            throw ApiProblem.invalid(field, "the body is empty; send a PNG or JPEG (Content-Type image/png or image/jpeg)");
        }
        try {
            RgbImage decoded = loader.read(image.bytes(), image.name());
            return new Accepted(List.of(image.name()), List.of(image.bytes()), List.of(ImageFormat.detect(image.bytes()).orElseThrow()),
                    List.of(new ImageSize(decoded.width(), decoded.height())), null);
        } catch (ImageRejectedException e) {
            throw new ApiProblem(ProblemType.IMAGE_REJECTED, Problems.imageStatus(e.reason()), e.getMessage(),
                    List.of(new FieldError(field, e.getMessage())));
        }
    }

    /** Labels text from raw bytes, refusing oversize and non-UTF-8 input. */
    public String labelsText(byte[] raw, String pointer) {
        if (raw.length > limits.maxLabelsBytes()) {
            throw new ApiProblem(ProblemType.UPLOAD_LIMIT, 413, "the labels file is " + raw.length
                    + " bytes, more than the limit of " + limits.maxLabelsBytes(), List.of(new FieldError(pointer, "too large")));
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(raw)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ApiProblem.invalid(pointer, "the labels file is not UTF-8 text");
        }
    }

    private void checkCountAndSize(List<UploadedImage> images, String pointer) {
        int n = images.size();
        if (n == 0) {
            throw ApiProblem.invalid(pointer, "no images: send " + limits.minImages() + " to " + limits.maxImages()
                    + " PNG or JPEG images" + (pointer.startsWith("/") ? "" : " as multipart parts named 'images'"));
        }
        if (n < limits.minImages()) {
            throw ApiProblem.invalid(pointer, "a source set needs at least " + limits.minImages() + " images (the sampler"
                    + " copies from at least 2 sources), got " + n);
        }
        if (n > limits.maxImages()) {
            throw new ApiProblem(ProblemType.UPLOAD_LIMIT, 413, n + " images is more than the limit of "
                    + limits.maxImages() + " per source set", List.of(new FieldError(pointer, "too many images")));
        }
        long total = 0;
        for (UploadedImage u : images) {
            total += u.bytes().length;
        }
        if (total > limits.maxTotalBytes()) {
            throw new ApiProblem(ProblemType.UPLOAD_LIMIT, 413, "the images add up to " + total + " bytes, more than the"
                    + " limit of " + limits.maxTotalBytes() + " bytes per source set",
                    List.of(new FieldError(pointer, "too many bytes")));
        }
    }

    /** The uploaded name without any directory part, or {@code image-<i>} when there is none. */
    static String displayName(String uploaded, int index) {
        String name = uploaded == null ? "" : uploaded.strip();
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        if (name.isEmpty()) {
            return "image-" + index;
        }
        return name.length() <= 200 ? name : name.substring(0, 200);
    }

    private static String at(String pointer, boolean json, int i) {
        return json ? pointer + "/" + i : pointer + "[" + i + "]";
    }

}
