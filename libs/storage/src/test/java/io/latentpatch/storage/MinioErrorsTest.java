package io.latentpatch.storage;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.errors.ServerException;
import io.minio.messages.ErrorResponse;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;

import static org.assertj.core.api.Assertions.assertThat;

class MinioErrorsTest {

    private static final String ENDPOINT = "http://127.0.0.1:9000";

    private static StoreException translate(Exception e) {
        return MinioErrors.translate(e, ENDPOINT, "latentpatch", "jobs/j/status.json", "GET latentpatch/jobs/j/status.json");
    }

    private static ErrorResponseException s3Error(int status, String code) {
        Response response = new Response.Builder().request(new Request.Builder().url(ENDPOINT + "/latentpatch/k").build())
                .protocol(Protocol.HTTP_1_1).code(status).message("status " + status).build();
        return new ErrorResponseException(new ErrorResponse(code, code + " message", "latentpatch", "k", null, null, null),
                response, null);
    }

    @Test
    void missingKeyBecomesObjectNotFound() {
        assertThat(translate(s3Error(404, "NoSuchKey"))).isInstanceOf(ObjectNotFoundException.class)
                .hasMessage("no object 'jobs/j/status.json' in bucket 'latentpatch'");
        assertThat(translate(s3Error(404, null))).isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void missingBucketIsAPermanentErrorNamingTheBucket() {
        StoreException e = translate(s3Error(404, "NoSuchBucket"));
        assertThat(e).isExactlyInstanceOf(StoreException.class).hasMessageContaining("bucket 'latentpatch' does not exist");
    }

    @Test
    void serverErrorsThrottlingAndNetworkFailuresAreUnavailable() {
        assertThat(translate(s3Error(503, "SlowDown"))).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("HTTP 503 SlowDown");
        assertThat(translate(s3Error(500, "InternalError"))).isInstanceOf(StoreUnavailableException.class);
        assertThat(translate(new ServerException("bad gateway", 502, null))).isInstanceOf(StoreUnavailableException.class);
        assertThat(translate(new MinioException(new ConnectException("Connection refused"))))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("connection refused")
                .hasMessageContaining(ENDPOINT);
        assertThat(translate(new MinioException(new SocketTimeoutException("Read timed out"))))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("timed out");
    }

    @Test
    void authenticationFailuresArePermanentWithAHint() {
        StoreException e = translate(s3Error(403, "SignatureDoesNotMatch"));
        assertThat(e).isExactlyInstanceOf(StoreException.class)
                .hasMessageContaining("HTTP 403 SignatureDoesNotMatch")
                .hasMessageContaining("check the access key, secret key and region");
    }

    @Test
    void localFileErrorsAreNotMistakenForAnUnavailableStore() {
        assertThat(translate(new MinioException(new AccessDeniedException("/tmp/x"))))
                .isExactlyInstanceOf(StoreException.class);
    }
}
