package io.latentpatch.gateway.access;

import io.latentpatch.contracts.ApiKeys;
import io.latentpatch.contracts.Ids;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configured API keys, by their SHA-256: which tenant a presented key belongs to. Pure (no framework), so
 * it is unit-tested. Lookups hash the presented key and compare it with every entry in constant time
 * ({@link MessageDigest#isEqual}), never stopping at the first match, so timing tells nothing about the entries.
 */
public final class ApiKeyRegistry {

    private record Entry(String tenant, byte[] sha256) {
    }

    private final List<Entry> entries;

    private ApiKeyRegistry(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Parses entries {@code tenant:sha256hex}; blank lines and lines starting with {@code #} are skipped.
     *
     * @param source where the entries come from, for error messages
     * @throws IllegalArgumentException naming the bad entry (by position, never by its hash) and what is wrong
     */
    public static ApiKeyRegistry parse(List<String> lines, String source) {
        List<Entry> entries = new ArrayList<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(source + " entry " + n + " is not 'tenant:sha256hex'");
            }
            String tenant = line.substring(0, colon).strip();
            String hex = line.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
            if (!Ids.isValid(tenant)) {
                throw new IllegalArgumentException(source + " entry " + n + ": tenant '" + tenant + "' is not a valid id (1-64 of"
                        + " [A-Za-z0-9_-], starting with a letter or digit)");
            }
            if (!hex.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException(source + " entry " + n + " (tenant " + tenant + "): expected the key's SHA-256"
                        + " as 64 hex digits, not the key itself (make one with: latentpatch keys --tenant " + tenant + ")");
            }
            entries.add(new Entry(tenant, HexFormat.of().parseHex(hex)));
        }
        return new ApiKeyRegistry(entries);
    }

    /** Both registries' entries. */
    public ApiKeyRegistry and(ApiKeyRegistry other) {
        List<Entry> all = new ArrayList<>(entries);
        all.addAll(other.entries);
        return new ApiKeyRegistry(all);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The tenants that have at least one key, sorted. */
    public Set<String> tenants() {
        Set<String> t = new TreeSet<>();
        for (Entry e : entries) t.add(e.tenant());
        return t;
    }

    /** The tenant of {@code key}, or empty when no entry names it (a null or over-long key names none). */
    public Optional<String> tenantOf(String key) {
        if (key == null || key.isEmpty() || key.length() > ApiKeys.MAX_LENGTH) return Optional.empty();
        byte[] presented = ApiKeys.sha256(key);
        String found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(presented, e.sha256()) && found == null) found = e.tenant();
        }
        return Optional.ofNullable(found);
    }
}
