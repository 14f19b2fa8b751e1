package io.latentpatch.gateway.access;

import io.latentpatch.gateway.GatewayConfig;

/**
 * The limits that apply to one tenant: the defaults of {@code latentpatch.gateway.limits} with that tenant's
 * overrides ({@code latentpatch.gateway.limits.tenants."<name>".*}).
 *
 * @param requestsPerSecond sustained API requests per second
 * @param burst             token bucket size
 * @param concurrentJobs    jobs queued or running at once
 * @param imagesPerJob      images one job may ask for
 * @param imagesPerDay      images per UTC day over all accepted jobs
 * @param storedBytes       bytes kept in the store
 */
public record TenantLimits(double requestsPerSecond, int burst, int concurrentJobs, int imagesPerJob, int imagesPerDay,
                           long storedBytes) {

    /** The limits of {@code tenant} under {@code config}. */
    public static TenantLimits of(GatewayConfig config, String tenant) {
        GatewayConfig.Limits d = config.limits();
        GatewayConfig.TenantOverride o = d.tenants().get(tenant);
        if (o == null) {
            return new TenantLimits(d.requestsPerSecond(), d.burst(), d.concurrentJobs(), config.jobs().maxCount(),
                    d.imagesPerDay(), d.storedBytes());
        }
        return new TenantLimits(o.requestsPerSecond().orElse(d.requestsPerSecond()), o.burst().orElse(d.burst()),
                o.concurrentJobs().orElse(d.concurrentJobs()), o.imagesPerJob().orElse(config.jobs().maxCount()),
                o.imagesPerDay().orElse(d.imagesPerDay()), o.storedBytes().orElse(d.storedBytes()));
    }
}
