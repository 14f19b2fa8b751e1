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
        assertThat(ObjectKeys.sourceImage("acme", "faces", 12)).isEqualTo("tenants/acme/sources/faces/images/12.png");
        assertThat(ObjectKeys.sourceMask("acme", "faces", "0a1b")).isEqualTo("tenants/acme/sources/faces/masks/0a1b.png");
        assertThat(ObjectKeys.sourceReference("acme", "faces", "0a1b", true)).isEqualTo("tenants/acme/sources/faces/references/0a1b.jpg")
                .startsWith(ObjectKeys.sourceReferencesPrefix("acme", "faces"));
        assertThat(ObjectKeys.sourceManifest("acme", "faces")).isEqualTo("tenants/acme/sources/faces/manifest.json");
        assertThat(ObjectKeys.sourceLatents("acme", "faces", "taef2")).isEqualTo("tenants/acme/sources/faces/taef2/latents.npy");
        assertThat(ObjectKeys.pcaMean("acme", "faces", "taef2", 16)).isEqualTo("tenants/acme/sources/faces/taef2/pca-16/mean.npy");
        assertThat(ObjectKeys.pcaBasis("acme", "faces", "taef2", 16)).isEqualTo("tenants/acme/sources/faces/taef2/pca-16/basis.npy");
        assertThat(ObjectKeys.pcaBasis("acme", "faces", "taef2", 8, "abc123")).isEqualTo("tenants/acme/sources/faces/taef2/pca-8-abc123/basis.npy");
        assertThat(ObjectKeys.sourcePrefix("acme", "faces")).isEqualTo("tenants/acme/sources/faces/");
        assertThat(ObjectKeys.sourceLatents("acme", "faces", "taef2")).startsWith(ObjectKeys.sourceModelPrefix("acme", "faces", "taef2"));
    }

    @Test
    void jobKeysFollowTheDocumentedLayout() {
        String id = "7f3c2a9e-5b1d-4e8a-9c0f-1a2b3c4d5e6f";
        assertThat(ObjectKeys.jobRequest("acme", id)).isEqualTo("tenants/acme/jobs/" + id + "/request.json");
        assertThat(ObjectKeys.jobStatus("acme", id)).isEqualTo("tenants/acme/jobs/" + id + "/status.json");
        assertThat(ObjectKeys.jobLatent("acme", id, 0)).isEqualTo("tenants/acme/jobs/" + id + "/latents/0.npy");
        assertThat(ObjectKeys.jobProvenanceNpy("acme", id, 3)).isEqualTo("tenants/acme/jobs/" + id + "/provenance/3.npy");
        assertThat(ObjectKeys.jobProvenancePng("acme", id, 3)).isEqualTo("tenants/acme/jobs/" + id + "/provenance/3.png");
        assertThat(ObjectKeys.jobImage("acme", id, 7)).isEqualTo("tenants/acme/jobs/" + id + "/images/7.png");
        assertThat(ObjectKeys.jobReport("acme", id, 7)).isEqualTo("tenants/acme/jobs/" + id + "/reports/7.json");
        assertThat(ObjectKeys.jobMask("acme", id)).isEqualTo("tenants/acme/jobs/" + id + "/mask.png");
        assertThat(ObjectKeys.jobReferenceLatent("acme", id)).isEqualTo("tenants/acme/jobs/" + id + "/reference.npy");
        assertThat(ObjectKeys.jobPrefix("acme", id)).isEqualTo("tenants/acme/jobs/" + id + "/");
        assertThat(ObjectKeys.jobCancelled("acme", id)).isEqualTo("tenants/acme/jobs/" + id + "/cancelled");
    }

    @Test
    void modelRegistryKeysRoundTripToTheModelName() {
        assertThat(ObjectKeys.modelInfo("taef2")).isEqualTo("models/taef2/model.json");
        assertThat(ObjectKeys.modelNameOf(ObjectKeys.modelInfo("pixel-f16"))).isEqualTo("pixel-f16");
        assertThat(ObjectKeys.modelNameOf("models/../model.json")).isNull();
        assertThat(ObjectKeys.modelNameOf("tenants/acme/jobs/x/status.json")).isNull();
        assertThat(ObjectKeys.modelNameOf(null)).isNull();
    }

    @Test
    void idempotencyRecordsAreKeyedByTheSha256OfTheClientKey() {
        // sha256("abc"), a published test vector
        assertThat(ObjectKeys.idempotencyRecord("acme", "abc"))
                .isEqualTo("tenants/acme/idempotency/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad.json");
        assertThat(ObjectKeys.isSafeKey(ObjectKeys.idempotencyRecord("acme", "../../jobs/x y"))).isTrue();
        assertThat(ObjectKeys.idempotencyRecord("acme", "k1")).isNotEqualTo(ObjectKeys.idempotencyRecord("acme", "k2"));
        assertThatThrownBy(() -> ObjectKeys.idempotencyRecord("acme", "")).isInstanceOf(InvalidMessageException.class);
        assertThat(ObjectKeys.idempotencyRecord("acme", "k1")).isNotEqualTo(ObjectKeys.idempotencyRecord("beta", "k1"));
    }

    @Test
    void everyKeyOfASetOrJobIsUnderItsTenantsPrefixAndNoIdCanLeaveIt() {
        assertThat(ObjectKeys.sourceManifest("acme", "s")).startsWith(ObjectKeys.sourcesPrefix("acme")).startsWith("tenants/acme/");
        assertThat(ObjectKeys.jobImage("beta", "j", 0)).isEqualTo("tenants/beta/jobs/j/images/0.png");
        assertThat(ObjectKeys.tenantOf(ObjectKeys.jobImage("beta", "j", 0))).isEqualTo("beta");
        assertThat(ObjectKeys.tenantOf("models/x/model.json")).isNull();
        assertThat(ObjectKeys.tenantOf("tenants/../x")).isNull();
        assertThat(ObjectKeys.belongsTo("acme", ObjectKeys.sourceMask("acme", "s", "m1"))).isTrue();
        assertThat(ObjectKeys.belongsTo("acme", ObjectKeys.sourceMask("acme2", "s", "m1"))).isFalse();
        assertThat(ObjectKeys.belongsTo("acme", "tenants/acme/../beta/sources/s/masks/m.png")).isFalse();
        for (String bad : new String[] {"..", "a/b", "", " x", "a.b"}) {
            assertThatThrownBy(() -> ObjectKeys.jobPrefix(bad, "j")).as(bad).isInstanceOf(InvalidMessageException.class)
                    .hasMessageContaining("tenant");
        }
    }

    @Test
    void usageEntriesNameTheirImageCount() {
        java.time.LocalDate day = java.time.LocalDate.of(2026, 3, 4);
        String key = ObjectKeys.usageEntry("acme", day, "j1", 12);
        assertThat(key).isEqualTo("tenants/acme/usage/2026-03-04/j1.12").startsWith(ObjectKeys.usageDayPrefix("acme", day));
        assertThat(ObjectKeys.usageCountOf(key)).isEqualTo(12);
        assertThat(ObjectKeys.usageCountOf("tenants/acme/jobs/j1/status.json")).isZero();
        assertThat(ObjectKeys.activeJob("acme", "j1")).isEqualTo("tenants/acme/active/j1").startsWith(ObjectKeys.activeJobsPrefix("acme"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "..", "../x", "a/b", "a b", "-leading", "_x", "é", "a.b",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void idsThatCouldEscapeTheirPrefixAreRejected(String id) {
        assertThat(Ids.isValid(id)).isFalse();
        assertThatThrownBy(() -> ObjectKeys.jobStatus("acme", id)).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("jobId").hasMessageContaining("[A-Za-z0-9_-]");
        assertThatThrownBy(() -> ObjectKeys.sourceLatents("acme", "ok", id)).isInstanceOf(InvalidMessageException.class)
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
        assertThatThrownBy(() -> ObjectKeys.jobImage("acme", "j", -1)).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("imageIndex must be >= 0, got -1");
        assertThatThrownBy(() -> ObjectKeys.pcaMean("acme", "s", "m", 0)).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("r must be >= 1");
    }

    @Test
    void safeKeysAreRelativeDotFreeSegments() {
        assertThat(ObjectKeys.isSafeKey("tenants/acme/jobs/a/mask.png")).isTrue();
        assertThat(ObjectKeys.isSafeKey("tenants/acme/sources/s/taef2/pca-16/mean.npy")).isTrue();
        assertThat(ObjectKeys.isSafeKey("/jobs/a")).isFalse();
        assertThat(ObjectKeys.isSafeKey("tenants/acme/jobs//a")).isFalse();
        assertThat(ObjectKeys.isSafeKey("tenants/acme/jobs/../a")).isFalse();
        assertThat(ObjectKeys.isSafeKey("tenants/acme/jobs/.hidden")).isFalse();
        assertThat(ObjectKeys.isSafeKey("tenants/acme/jobs/a/")).isFalse();
        assertThat(ObjectKeys.isSafeKey("tenants/acme/jobs/a b")).isFalse();
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
