package io.latentpatch.alignment;

/** A picture that cannot be aligned, with the reason and the file it came from. */
public final class AlignmentException extends RuntimeException {

    /** Why a picture could not be aligned. */
    public enum Reason {
        /** The detector found no face. */
        NO_FACE,
        /** More than one clearly separate face, and the user did not ask for the largest. */
        SEVERAL_FACES,
        /** The face is below the configured minimum eye distance. */
        FACE_TOO_SMALL
    }

    private final String source;
    private final Reason reason;

    public AlignmentException(String source, Reason reason, String detail) {
        super(source + ": cannot align the face: " + detail);
        this.source = source;
        this.reason = reason;
    }

    /** The file or upload name. */
    public String source() {
        return source;
    }

    public Reason reason() {
        return reason;
    }
}
