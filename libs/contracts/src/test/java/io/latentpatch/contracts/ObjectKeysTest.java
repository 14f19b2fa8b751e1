package io.latentpatch.contracts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectKeysTest {

    @Test
    void sourceKeysFollowTheDocumentedLayout() {
        assertThat(ObjectKeys.sourceImage("faces", 12)).isEqualTo("sources/faces/images/12.png");
        assertThat(ObjectKeys.sourceMask("faces", "0a1b")).isEqualTo("sources/faces/masks/0a1b.png");
        assertThat(ObjectKeys.sourceReference("faces", "0a1b", true)).isEqualTo("sources/faces/references/0a1b.jpg")
                .startsWith(ObjectKeys.sourceReferencesPrefix("faces"));
        assertThat(ObjectKeys.sourceManifest("faces")).isEqualTo("sources/faces/manifest.json");
        assertThat(ObjectKeys.sourceLatents("faces", "taef2")).isEqualTo("sources/faces/taef2/latents.npy");
        assertThat(ObjectKeys.pcaMean("faces", "taef2", 16)).isEqualTo("sources/faces/taef2/pca-16/mean.npy");
        assertThat(ObjectKeys.pcaBasis("faces", "taef2", 16)).isEqualTo("sources/faces/taef2/pca-16/basis.npy");
        assertThat(ObjectKeys.pcaBasis("faces", "taef2", 8, "abc123")).isEqualTo("sources/faces/taef2/pca-8-abc123/basis.npy");
        assertThat(ObjectKeys.sourcePrefix("faces")).isEqualTo("sources/faces/");
        assertThat(ObjectKeys.sourceNormalizedImage("faces", "taef2", 3)).isEqualTo("sources/faces/taef2/normalized/3.png");
        assertThat(ObjectKeys.sourceNormalizedImage("faces", "taef2", 3))
                .startsWith(ObjectKeys.sourceNormalizedPrefix("faces", "taef2"))
                .startsWith(ObjectKeys.sourceModelPrefix("faces", "taef2"));
    }

    @Test
    void jobKeysFollowTheDocumentedLayout() {
        String id = "7f3c2a9e-5b1d-4e8a-9c0f-1a2b3c4d5e6f";
        assertThat(ObjectKeys.jobRequest(id)).isEqualTo("jobs/" + id + "/request.json");
        assertThat(ObjectKeys.jobStatus(id)).isEqualTo("jobs/" + id + "/status.json");
        assertThat(ObjectKeys.jobLatent(id, 0)).isEqualTo("jobs/" + id + "/latents/0.npy");
        assertThat(ObjectKeys.jobProvenanceNpy(id, 3)).isEqualTo("jobs/" + id + "/provenance/3.npy");
        assertThat(ObjectKeys.jobProvenancePng(id, 3)).isEqualTo("jobs/" + id + "/provenance/3.png");
        assertThat(ObjectKeys.jobImage(id, 7)).isEqualTo("jobs/" + id + "/images/7.png");
        assertThat(ObjectKeys.jobReport(id, 7)).isEqualTo("jobs/" + id + "/reports/7.json");
        assertThat(ObjectKeys.jobMask(id)).isEqualTo("jobs/" + id + "/mask.png");
        assertThat(ObjectKeys.jobReferenceLatent(id)).isEqualTo("jobs/" + id + "/reference.npy");
        assertThat(ObjectKeys.jobPrefix(id)).isEqualTo("jobs/" + id + "/");
        assertThat(ObjectKeys.jobCancelled(id)).isEqualTo("jobs/" + id + "/cancelled");
    }

    @Test
    void modelRegistryKeysRoundTripToTheModelName() {
        assertThat(ObjectKeys.modelInfo("taef2")).isEqualTo("models/taef2/model.json");
        assertThat(ObjectKeys.modelNameOf(ObjectKeys.modelInfo("pixel-f16"))).isEqualTo("pixel-f16");
        assertThat(ObjectKeys.modelNameOf("models/../model.json")).isNull();
        assertThat(ObjectKeys.modelNameOf("jobs/x/status.json")).isNull();
        assertThat(ObjectKeys.modelNameOf(null)).isNull();
    }

    @Test
    void idempotencyRecordsAreKeyedByTheSha256OfTheClientKey() {
        // sha256("abc"), a published test vector
        assertThat(ObjectKeys.idempotencyRecord("abc"))
                .isEqualTo("idempotency/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad.json");
        assertThat(ObjectKeys.isSafeKey(ObjectKeys.idempotencyRecord("../../jobs/x y"))).isTrue();
        assertThat(ObjectKeys.idempotencyRecord("k1")).isNotEqualTo(ObjectKeys.idempotencyRecord("k2"));
        assertThatThrownBy(() -> ObjectKeys.idempotencyRecord("")).isInstanceOf(InvalidMessageException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "..", "../x", "a/b", "a b", "-leading", "_x", "é", "a.b",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void idsThatCouldEscapeTheirPrefixAreRejected(String id) {
        assertThat(Ids.isValid(id)).isFalse();
        assertThatThrownBy(() -> ObjectKeys.jobStatus(id)).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("jobId").hasMessageContaining("[A-Za-z0-9_-]");
        assertThatThrownBy(() -> ObjectKeys.sourceLatents("ok", id)).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("model");
    }

    @Test
    void typicalIdsAreAccepted() {
        assertThat(Ids.isValid(Ids.newId())).isTrue();
        assertThat(Ids.isValid("pixel-f16")).isTrue();
        assertThat(Ids.isValid("taef2")).isTrue();
        assertThat(Ids.isValid("a".repeat(Ids.MAX_LENGTH))).isTrue();
        assertThat(Ids.isValid(null)).isFalse();
    }

    @Test
    void negativeIndicesAreRejected() {
        assertThatThrownBy(() -> ObjectKeys.jobImage("j", -1)).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("imageIndex must be >= 0, got -1");
        assertThatThrownBy(() -> ObjectKeys.pcaMean("s", "m", 0)).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("r must be >= 1");
    }

    @Test
    void safeKeysAreRelativeDotFreeSegments() {
        assertThat(ObjectKeys.isSafeKey("jobs/a/mask.png")).isTrue();
        assertThat(ObjectKeys.isSafeKey("sources/s/taef2/pca-16/mean.npy")).isTrue();
        assertThat(ObjectKeys.isSafeKey("/jobs/a")).isFalse();
        assertThat(ObjectKeys.isSafeKey("jobs//a")).isFalse();
        assertThat(ObjectKeys.isSafeKey("jobs/../a")).isFalse();
        assertThat(ObjectKeys.isSafeKey("jobs/.hidden")).isFalse();
        assertThat(ObjectKeys.isSafeKey("jobs/a/")).isFalse();
        assertThat(ObjectKeys.isSafeKey("jobs/a b")).isFalse();
        assertThat(ObjectKeys.isSafeKey("x".repeat(513))).isFalse();
    }

    @Test
    void subsetIdIsDeterministicOrderSensitiveAndShort() {
        String id = ObjectKeys.subsetId(List.of(0, 2, 3));
        assertThat(id).matches("[0-9a-f]{16}");
        assertThat(ObjectKeys.subsetId(List.of(0, 2, 3))).isEqualTo(id);
        assertThat(ObjectKeys.subsetId(List.of(0, 3, 2))).isNotEqualTo(id);
        assertThat(ObjectKeys.subsetId(List.of(1, 23))).isNotEqualTo(ObjectKeys.subsetId(List.of(12, 3)));
        assertThatThrownBy(() -> ObjectKeys.subsetId(List.of())).isInstanceOf(InvalidMessageException.class);
    }

    @Test
    void topicsHaveDeadLetterTwinsAndPerImageKeys() {
        assertThat(Topics.dlq(Topics.SAMPLE)).isEqualTo("latentpatch.sample.dlq").isEqualTo(Topics.SAMPLE_DLQ);
        assertThat(Topics.ALL).hasSize(8).doesNotHaveDuplicates()
                .containsAll(Topics.PIPELINE).containsAll(Topics.DEAD_LETTERS);
        assertThat(Topics.PIPELINE).containsExactly("latentpatch.encode", "latentpatch.sample", "latentpatch.decode",
                "latentpatch.events");
        assertThatThrownBy(() -> Topics.dlq(Topics.SAMPLE_DLQ)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Topics.imageKey("job-1", 4)).isEqualTo("job-1/4");
    }
}
