package io.latentpatch.gateway.access;

import io.latentpatch.contracts.Ids;
import io.latentpatch.gateway.GatewayConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Who is calling and whether they may now: resolves an API key to its tenant ({@link ApiKeyRegistry}) and keeps
 * one {@link TokenBucket} per tenant. Built at start-up, where a gateway in {@code keys} mode without any key
 * refuses to start (an operator who wants no authentication says so with {@code latentpatch.auth.mode=open}).
 */
@ApplicationScoped
public class Access {

    private static final Logger LOG = Logger.getLogger(Access.class);

    /** The outcome of reading a request's credentials: a tenant, or why there is none. */
    public record Caller(String tenant, String refusal) {
        public boolean admitted() {
            return tenant != null;
        }
    }

    private final AccessConfig config;
    private final GatewayConfig gateway;
    private final ApiKeyRegistry keys;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public Access(AccessConfig config, GatewayConfig gateway) {
        this.config = config;
        this.gateway = gateway;
        this.keys = load(config);
    }

    void checkAtStart(@Observes StartupEvent start) {
        if (open()) {
            Ids.require("latentpatch.auth.open-tenant", config.openTenant());
            LOG.warnf("API access is OPEN (latentpatch.auth.mode=open): no key is asked for and every request belongs to"
                    + " tenant '%s'. Do not expose this gateway beyond a trusted network.", config.openTenant());
            return;
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("no API keys are configured, so nobody could use this gateway: set"
                    + " latentpatch.auth.keys (tenant:sha256hex entries, comma separated) or latentpatch.auth.keys-file,"
                    + " or run without authentication with latentpatch.auth.mode=open");
        }
        LOG.infof("API keys required; %d tenant(s) configured: %s", keys.tenants().size(), String.join(", ", keys.tenants()));
    }

    /** True when no key is asked for. */
    public boolean open() {
        return config.mode() == AccessConfig.Mode.OPEN;
    }

    /**
     * The caller of a request with these headers (either may be null): in open mode always the open tenant; else
     * the tenant of the key in {@code Authorization: Bearer <key>} or {@code X-Api-Key: <key>}.
     */
    public Caller identify(String authorization, String apiKeyHeader) {
        if (open()) return new Caller(config.openTenant(), null);
        String bearer = null;
        if (authorization != null) {
            String a = authorization.strip();
            if (a.regionMatches(true, 0, "Bearer ", 0, 7)) {
                bearer = a.substring(7).strip();
            } else {
                return new Caller(null, "the Authorization header must be 'Bearer <API key>'");
            }
        }
        String header = apiKeyHeader == null ? null : apiKeyHeader.strip();
        if (bearer != null && header != null && !bearer.equals(header)) {
            return new Caller(null, "Authorization and X-Api-Key carry different keys; send one");
        }
        String key = bearer != null ? bearer : header;
        if (key == null || key.isEmpty()) {
            return new Caller(null, "an API key is required: send 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'");
        }
        Optional<String> tenant = keys.tenantOf(key);
        return tenant.map(t -> new Caller(t, null)).orElseGet(() -> new Caller(null, "the API key is not valid"));
    }

    /** Takes one request token of {@code tenant}: 0 when admitted, else the nanoseconds until a token is back. */
    public long admit(String tenant) {
        long now = System.nanoTime();
        TokenBucket bucket = buckets.computeIfAbsent(tenant, t -> {
            TenantLimits l = limits(t);
            return new TokenBucket(l.requestsPerSecond(), l.burst(), now);
        });
        return bucket.tryTake(now);
    }

    /** The limits of {@code tenant}. */
    public TenantLimits limits(String tenant) {
        return TenantLimits.of(gateway, tenant);
    }

    private static ApiKeyRegistry load(AccessConfig config) {
        ApiKeyRegistry registry = ApiKeyRegistry.parse(config.keys().orElse(List.of()), "latentpatch.auth.keys");
        if (config.keysFile().isPresent()) {
            try {
                registry = registry.and(ApiKeyRegistry.parse(Files.readAllLines(config.keysFile().get()),
                        "latentpatch.auth.keys-file " + config.keysFile().get()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read latentpatch.auth.keys-file " + config.keysFile().get() + ": " + e, e);
            }
        }
        return registry;
    }
}
