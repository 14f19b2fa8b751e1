package io.latentpatch.storage;

import java.time.Instant;

/**
 * Metadata of one stored object.
 *
 * @param key          the object key
 * @param size         size in bytes
 * @param lastModified when it was last written (null when the listing does not say)
 * @param etag         the entity tag without quotes (for multipart uploads it ends in {@code -<parts>})
 * @param contentType  MIME type given at upload; null in listings, which do not carry it
 */
public record ObjectInfo(String key, long size, Instant lastModified, String etag, String contentType) {
}
