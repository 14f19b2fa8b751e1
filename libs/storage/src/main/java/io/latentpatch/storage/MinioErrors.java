package io.latentpatch.storage;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.FileSystemException;
import java.util.Set;
import java.util.regex.Pattern;

/** The one place MinIO SDK and I/O failures become this library's exceptions. */
final class MinioErrors {

    private static final Set<String> NOT_FOUND_CODES = Set.of("NoSuchKey", "ResourceNotFound", "NotFound", "NoSuchObject");
    private static final Set<String> THROTTLED_CODES = Set.of("SlowDown", "RequestTimeout", "ServiceUnavailable",
            "InternalError");
    private static final Pattern SERVER_ERROR_CODE = Pattern.compile(".*[Rr]esponse code: 5\\d\\d.*", Pattern.DOTALL);

    private MinioErrors() {
    }

    /**
     * Translates {@code e}, thrown while doing {@code operation} (e.g. {@code GET bucket/key}) against
     * {@code endpoint}.
     *
     * @param key the object key, for not-found errors; null for bucket-level operations
     */
    static StoreException translate(Exception e, String endpoint, String bucket, String key, String operation) {
        if (e instanceof StoreException se) {
            return se;
        }
        String where = operation + " at " + endpoint;
        if (e instanceof ErrorResponseException ere) {
            int status = ere.response() == null ? 0 : ere.response().code();
            // Set.of(...).contains(null) throws, and a HEAD 404 carries no error body: use "" for no code.
            String code = ere.errorResponse() == null || ere.errorResponse().code() == null ? "" : ere.errorResponse().code();
            String message = ere.errorResponse() == null ? null : ere.errorResponse().message();
            if ("NoSuchBucket".equals(code)) {
                return new StoreException("bucket '" + bucket + "' does not exist at " + endpoint
                        + " (create it, or connect with MinioObjectStore.connect which creates it)", e);
            }
            if (key != null && (NOT_FOUND_CODES.contains(code) || status == 404)) {
                return new ObjectNotFoundException(bucket, key, e);
            }
            if (status >= 500 || THROTTLED_CODES.contains(code)) {
                return new StoreUnavailableException("object store error on " + where + ": HTTP " + status + " " + code
                        + (message == null ? "" : " (" + message + ")"), e);
            }
            String hint = status == 403 || "AccessDenied".equals(code) || "SignatureDoesNotMatch".equals(code)
                    || "InvalidAccessKeyId".equals(code) ? "; check the access key, secret key and region" : "";
            return new StoreException("object store refused " + where + ": HTTP " + status + " " + code
                    + (message == null ? "" : " (" + message + ")") + hint, e);
        }
        if (e instanceof ServerException se) {
            return se.statusCode() >= 500
                    ? new StoreUnavailableException("object store error on " + where + ": HTTP " + se.statusCode(), e)
                    : new StoreException("object store refused " + where + ": HTTP " + se.statusCode(), e);
        }
        if (e instanceof InvalidResponseException && e.getMessage() != null
                && SERVER_ERROR_CODE.matcher(e.getMessage()).matches()) {
            // A 5xx page from something in front of the store (proxy, load balancer) rather than S3 XML.
            return new StoreUnavailableException("object store error on " + where + ": " + firstLine(e.getMessage()), e);
        }
        IOException io = ioCause(e);
        if (io != null && !(io instanceof FileSystemException)) {
            String kind = io instanceof ConnectException ? "connection refused"
                    : io instanceof SocketTimeoutException || io instanceof InterruptedIOException ? "timed out"
                    : io instanceof UnknownHostException ? "unknown host"
                    : io instanceof NoRouteToHostException ? "no route to host"
                    : io instanceof SocketException ? "connection failed" : "I/O error";
            return new StoreUnavailableException("object store unavailable on " + where + ": " + kind + " ("
                    + io.getClass().getSimpleName() + ": " + io.getMessage() + ")", e);
        }
        return new StoreException("object store operation " + where + " failed: " + e, e);
    }

    /** The first IOException in the cause chain (MinIO 9 wraps I/O failures in MinioException). */
    private static IOException ioCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException io) {
                return io;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
