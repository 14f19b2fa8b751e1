package io.latentpatch.imaging;

/**
 * An input image that {@link ImageLoader} refuses, with the file and the reason in the message.
 * Services map {@link #reason()} to a response (e.g. {@link Reason#TOO_MANY_BYTES} → 413,
 * {@link Reason#UNSUPPORTED_FORMAT} → 415, the rest → 400).
 */
public class ImageRejectedException extends RuntimeException {

    /** Why an image was refused. */
    public enum Reason {
        /** The file has no bytes. */
        EMPTY,
        /** The file is larger than {@link ImageLimits#maxBytes()}. */
        TOO_MANY_BYTES,
        /** The header claims more pixels than {@link ImageLimits#maxPixels()}. */
        TOO_MANY_PIXELS,
        /** Not PNG or JPEG (judged by content, not by file name). */
        UNSUPPORTED_FORMAT,
        /** PNG or JPEG signature but the data cannot be decoded (truncated, damaged). */
        CORRUPT,
        /** The file could not be read at all. */
        UNREADABLE
    }

    private final String source;
    private final Reason reason;

    public ImageRejectedException(String source, Reason reason, String detail) {
        this(source, reason, detail, null);
    }

    public ImageRejectedException(String source, Reason reason, String detail, Throwable cause) {
        super("image " + source + " was refused: " + detail, cause);
        this.source = source;
        this.reason = reason;
    }

    /** The file name or other label of the refused input. */
    public String source() {
        return source;
    }

    /** The category of the refusal. */
    public Reason reason() {
        return reason;
    }
}
