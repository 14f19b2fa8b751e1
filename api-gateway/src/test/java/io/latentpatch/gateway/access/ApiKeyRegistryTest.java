package io.latentpatch.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.contracts.ApiKeys;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeyRegistryTest {

    @Test
    void aKeyNamesTheTenantOfItsHashAndNothingElseDoes() {
        String k1 = ApiKeys.generate();
        String k2 = ApiKeys.generate();
        String k3 = ApiKeys.generate();
        ApiKeyRegistry r = ApiKeyRegistry.parse(List.of("# keys", ApiKeys.configEntry("acme", k1), "",
                " beta : " + ApiKeys.sha256Hex(k2).toUpperCase(), ApiKeys.configEntry("acme", k3)), "test");
        assertThat(r.tenantOf(k1)).contains("acme");
        assertThat(r.tenantOf(k3)).contains("acme");
        assertThat(r.tenantOf(k2)).contains("beta");
        assertThat(r.tenantOf(k1 + "x")).isEmpty();
        assertThat(r.tenantOf(ApiKeys.sha256Hex(k1))).as("the hash is not a key").isEmpty();
        assertThat(r.tenantOf("")).isEmpty();
        assertThat(r.tenantOf(null)).isEmpty();
        assertThat(r.tenantOf("x".repeat(ApiKeys.MAX_LENGTH + 1))).isEmpty();
        assertThat(r.tenants()).containsExactly("acme", "beta");
    }

    @Test
    void badEntriesAreRefusedWithoutShowingThem() {
        assertThatThrownBy(() -> ApiKeyRegistry.parse(List.of("acme"), "src")).hasMessageContaining("src entry 1");
        assertThatThrownBy(() -> ApiKeyRegistry.parse(List.of("ac/me:" + "0".repeat(64)), "src")).hasMessageContaining("not a valid id");
        assertThatThrownBy(() -> ApiKeyRegistry.parse(List.of("acme:lp_secretkey"), "src")).hasMessageContaining("SHA-256")
                .message().doesNotContain("lp_secretkey");
    }

    @Test
    void generatedKeysAreDistinctAndUrlSafe() {
        String k = ApiKeys.generate();
        assertThat(k).startsWith("lp_").hasSize(46).matches("lp_[A-Za-z0-9_-]+");
        assertThat(ApiKeys.generate()).isNotEqualTo(k);
        // sha256("abc"), a published test vector
        assertThat(ApiKeys.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
