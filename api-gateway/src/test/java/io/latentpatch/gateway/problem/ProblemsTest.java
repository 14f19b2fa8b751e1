package io.latentpatch.gateway.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParseException;
import io.latentpatch.imaging.ImageRejectedException;
import io.latentpatch.imaging.ImageRejectedException.Reason;
import io.latentpatch.contracts.InvalidMessageException;
import io.latentpatch.storage.ObjectNotFoundException;
import io.latentpatch.storage.StoreException;
import io.latentpatch.storage.StoreUnavailableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemsTest {

    @Test
    void apiProblemsKeepTypeStatusDetailAndFieldErrors() {
        ApiProblem p = ApiProblem.validation(List.of(new Problem.FieldError("/count", "too big"),
                new Problem.FieldError("/model", "unknown")));
        Problem doc = Problems.from(p, "/v1/jobs", "ref");
        assertThat(doc.type()).isEqualTo("urn:latentpatch:problem:validation-failed");
        assertThat(doc.slug()).isEqualTo("validation-failed");
        assertThat(doc.status()).isEqualTo(422);
        assertThat(doc.instance()).isEqualTo("/v1/jobs");
        assertThat(doc.detail()).contains("2 invalid fields").contains("/count: too big").contains("/model: unknown");
        assertThat(doc.errors()).extracting(Problem.FieldError::pointer).containsExactly("/count", "/model");
    }

    @Test
    void refusedImagesMapByReason() {
        assertThat(Problems.from(new ImageRejectedException("a.png", Reason.TOO_MANY_BYTES, "big"), "/x", "r").status())
                .isEqualTo(413);
        assertThat(Problems.from(new ImageRejectedException("a.gif", Reason.UNSUPPORTED_FORMAT, "gif"), "/x", "r").status())
                .isEqualTo(415);
        Problem corrupt = Problems.from(new ImageRejectedException("a.png", Reason.CORRUPT, "truncated"), "/x", "r");
        assertThat(corrupt.status()).isEqualTo(400);
        assertThat(corrupt.slug()).isEqualTo("image-rejected");
        assertThat(corrupt.detail()).isEqualTo("image a.png was refused: truncated");
        assertThat(Problems.from(new ImageRejectedException("a.png", Reason.TOO_MANY_PIXELS, "huge"), "/x", "r").status())
                .isEqualTo(400);
    }

    @Test
    void engineAndContractValidationErrorsAre422WithTheirMessage() {
        Problem engine = Problems.from(new IllegalArgumentException("patch ω=20 is larger than the 16x16 grid"), "/x", "r");
        assertThat(engine.status()).isEqualTo(422);
        assertThat(engine.detail()).isEqualTo("patch ω=20 is larger than the 16x16 grid");
        Problem contract = Problems.from(new InvalidMessageException("k must be >= 1, got 0"), "/x", "r");
        assertThat(contract.status()).isEqualTo(422);
        assertThat(contract.slug()).isEqualTo("validation-failed");
    }

    @Test
    void aRequestThatCannotBeReadIs400NotAServerError() {
        Problem multipart = Problems.from(new java.io.IOException("Connection terminated parsing multipart request"), "/v1/source-sets", "r");
        assertThat(multipart.status()).isEqualTo(400);
        assertThat(multipart.slug()).isEqualTo("malformed-request");
        assertThat(multipart.detail()).contains("boundary");
        Problem closed = Problems.from(new java.io.IOException(new java.nio.channels.ClosedChannelException()), "/v1/jobs", "r");
        assertThat(closed.status()).isEqualTo(400);
        assertThat(closed.detail()).contains("connection closed");
        assertThat(Problems.from(new java.io.IOException("disk on fire"), "/v1/jobs", "r").status()).isEqualTo(500);
    }

    @Test
    void storeErrorsMapToNotFoundAndUnavailableWithoutLeakingInternals() {
        Problem missing = Problems.from(new ObjectNotFoundException("bucket", "jobs/x/status.json", null), "/x", "r");
        assertThat(missing.status()).isEqualTo(404);
        Problem down = Problems.from(new StoreUnavailableException("connection refused to 10.0.0.5:9000", null),
                "/x", "ref42");
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.detail()).contains("ref42").doesNotContain("10.0.0.5");
        Problem denied = Problems.from(new StoreException("AccessDenied for secret key abc", null), "/x", "ref43");
        assertThat(denied.status()).isEqualTo(500);
        assertThat(denied.detail()).contains("ref43").doesNotContain("secret");
    }

    @Test
    void unexpectedErrorsAre500WithAReferenceAndNoMessage() {
        Problem p = Problems.from(new NullPointerException("field x of com.acme.Internal"), "/v1/jobs", "abc123");
        assertThat(p.status()).isEqualTo(500);
        assertThat(p.slug()).isEqualTo("internal-error");
        assertThat(p.detail()).contains("abc123").doesNotContain("Internal").doesNotContain("NullPointer");
        assertThat(Problems.isServerError(p)).isTrue();
    }

    @Test
    void frameworkErrorsKeepTheirStatus() {
        assertThat(Problems.from(new NotFoundException(), "/nope", "r").status()).isEqualTo(404);
        assertThat(Problems.from(new NotFoundException(), "/nope", "r").detail()).contains("/nope");
        assertThat(Problems.from(new NotAllowedException("GET"), "/v1/jobs", "r").slug()).isEqualTo("method-not-allowed");
        assertThat(Problems.from(new NotSupportedException(), "/v1/jobs", "r").status()).isEqualTo(415);
        assertThat(Problems.from(new JsonParseException(null, "Unexpected character"), "/v1/jobs", "r").status())
                .isEqualTo(400);
    }
}
