package io.latentpatch.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessTest {

    private static AccessConfig config(AccessConfig.Mode mode, List<String> keys) {
        return new AccessConfig() {
            @Override public Mode mode() { return mode; }
            @Override public Optional<List<String>> keys() { return Optional.ofNullable(keys); }
            @Override public Optional<Path> keysFile() { return Optional.empty(); }
            @Override public String openTenant() { return "default"; }
        };
    }

    @Test
    void withoutKeysTheGatewayRefusesToStartUnlessOpenIsAskedFor() {
        Access keys = new Access(config(AccessConfig.Mode.KEYS, null), null);
        assertThatThrownBy(() -> keys.checkAtStart(null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("latentpatch.auth.keys").hasMessageContaining("latentpatch.auth.mode=open");
        Access open = new Access(config(AccessConfig.Mode.OPEN, null), null);
        open.checkAtStart(null);
        assertThat(open.identify(null, null).tenant()).isEqualTo("default");
    }

    @Test
    void eitherHeaderCarriesTheKey() {
        String key = io.latentpatch.contracts.ApiKeys.generate();
        Access a = new Access(config(AccessConfig.Mode.KEYS, List.of(io.latentpatch.contracts.ApiKeys.configEntry("acme", key))), null);
        assertThat(a.identify("Bearer " + key, null).tenant()).isEqualTo("acme");
        assertThat(a.identify(null, key).tenant()).isEqualTo("acme");
        assertThat(a.identify("Bearer " + key, key).tenant()).isEqualTo("acme");
        assertThat(a.identify("Bearer " + key, "other").refusal()).contains("different keys");
        assertThat(a.identify("Token " + key, null).refusal()).contains("Bearer");
        assertThat(a.identify(null, null).refusal()).contains("required");
        assertThat(a.identify(null, key + "1").refusal()).contains("not valid");
    }
}
