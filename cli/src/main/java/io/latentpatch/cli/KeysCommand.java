package io.latentpatch.cli;

import io.latentpatch.contracts.ApiKeys;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code latentpatch keys --tenant NAME}: makes an API key and the gateway's configuration entry for it. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Makes a new API key for a tenant and prints the"
        + " entry for the gateway's latentpatch.auth.keys (or keys-file), which holds only the key's SHA-256.")
final class KeysCommand implements Callable<Integer> {
    @Option(names = "--tenant", required = true, paramLabel = "NAME", description = "Tenant the key belongs to (1-64 of [A-Za-z0-9_-]).")
    String tenant;

    @Override
    public Integer call() {
        String key = ApiKeys.generate();
        String entry = ApiKeys.configEntry(tenant, key);
        System.out.println("API key: " + key);
        System.out.println("entry:   " + entry);
        System.err.println("Give the key to the tenant; put the entry in latentpatch.auth.keys (comma separated) or one per line in"
                + " latentpatch.auth.keys-file. The key itself is not stored anywhere.");
        return 0;
    }
}
