package io.latentpatch.gateway.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Who may call the API, under {@code latentpatch.auth}. In {@code keys} mode (the default) every {@code /v1}
 * request needs an API key ({@code Authorization: Bearer <key>} or {@code X-Api-Key: <key>}) that one of the
 * configured entries names; the gateway refuses to start without any. {@code open} mode must be asked for
 * explicitly: then nobody is asked for a key and everything belongs to {@link #openTenant()}.
 *
 * <p>An entry is {@code <tenant>:<sha256-hex of the key>} ({@code latentpatch keys} style; see
 * {@code io.latentpatch.contracts.ApiKeys}): the gateway never sees a key at rest. A tenant may have several
 * entries (rotation: add the new key, move clients, remove the old one).
 */
@ConfigMapping(prefix = "latentpatch.auth")
public interface AccessConfig {

    /** How requests are authenticated. */
    enum Mode {
        /** API keys required (the default). */
        KEYS,
        /** No authentication: one tenant, for a laptop or a trusted network. */
        OPEN
    }

    /** {@code keys} (default) or {@code open}. */
    @WithDefault("keys")
    Mode mode();

    /** Entries {@code tenant:sha256hex}, comma separated (e.g. from an environment variable or a Secret). */
    Optional<List<String>> keys();

    /** A file with one {@code tenant:sha256hex} entry per line ({@code #} comments), e.g. a mounted Secret. */
    Optional<Path> keysFile();

    /** The tenant every request belongs to in open mode. */
    @WithDefault("default")
    String openTenant();
}
