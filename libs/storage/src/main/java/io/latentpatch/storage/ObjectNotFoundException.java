package io.latentpatch.storage;

/** The bucket has no object under the key. Never worth retrying. */
public final class ObjectNotFoundException extends StoreException {

    private static final long serialVersionUID = 1L;

    private final String bucket;
    private final String key;

    public ObjectNotFoundException(String bucket, String key, Throwable cause) {
        super("no object '" + key + "' in bucket '" + bucket + "'", cause);
        this.bucket = bucket;
        this.key = key;
    }

    /** The bucket looked in. */
    public String bucket() {
        return bucket;
    }

    /** The missing key. */
    public String key() {
        return key;
    }
}
