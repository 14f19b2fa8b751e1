package io.latentpatch.contracts;

/**
 * The schema version every message and document carries in its {@code schemaVersion} field.
 *
 * <p>A reader accepts exactly {@link #CURRENT}; anything else is an {@link InvalidMessageException}
 * naming both versions. Adding an optional field does not change the version (readers ignore
 * unknown properties); renaming, removing or changing the meaning of a field does.
 *
 * <p>History: 1, the first; 2, every message names its {@code tenant} and every object key is under
 * {@code tenants/{tenant}/}.
 */
public final class SchemaVersion {

    /** The version this build writes and reads. */
    public static final int CURRENT = 2;

    private SchemaVersion() {
    }

    /** Returns {@code version} if this build understands it, else throws naming both versions. */
    static int require(String messageType, int version) {
        if (version != CURRENT) {
            throw new InvalidMessageException(messageType + ": unsupported schemaVersion " + version
                    + "; this build reads and writes schemaVersion " + CURRENT);
        }
        return version;
    }
}
