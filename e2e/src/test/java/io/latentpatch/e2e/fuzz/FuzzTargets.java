package io.latentpatch.e2e.fuzz;

import java.util.List;

/**
 * The valid objects the fuzz mutates requests around, made before it runs, so that mutated requests get past
 * the first checks and reach deep code paths (validation on the model's grid, labels, masks, stored files).
 *
 * @param tenant       the fuzzing tenant (high request limits); {@code key} is its API key
 * @param setId        a source set of {@code imageCount} built-in portraits with labels ({@code fileNames}, attribute {@code attribute})
 * @param jobId        a SUCCEEDED pixel-f16 job of {@code jobCount} images on that set
 * @param maskKey      {@code params.region} of a mask uploaded for the set
 * @param referenceKey {@code params.referenceImage} of a reference uploaded for the set
 * @param deletedSetId a set that was uploaded and deleted again
 * @param otherTenant  a second tenant ({@code otherKey}) with its own set, job and mask: its ids must be 404 to the first
 * @param png          a valid small PNG (one of the portraits)
 */
public record FuzzTargets(String tenant, String key, String setId, int imageCount, List<String> fileNames, String attribute,
                          String jobId, int jobCount, String maskKey, String referenceKey, String deletedSetId,
                          String otherTenant, String otherKey, String otherSetId, String otherJobId, String otherMaskKey, byte[] png) {

    /** The API key of {@code tenantName} (one of the two), or null for {@link FuzzCase#NO_KEY}. */
    public String keyOf(String tenantName) {
        if (tenantName.equals(tenant)) return key;
        if (tenantName.equals(otherTenant)) return otherKey;
        return null;
    }
}
