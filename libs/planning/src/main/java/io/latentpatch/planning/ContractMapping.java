package io.latentpatch.planning;

import io.latentpatch.contracts.GenerationParams;
import io.latentpatch.contracts.SourceSetManifest;
import io.latentpatch.core.labels.SourceLabels;
import io.latentpatch.core.sampler.SamplerParams;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * The one translation from the wire form of a job ({@code libs/contracts}) to what the pipeline steps
 * take: {@link GenerationParams} → {@link GenerationSpec}, a source set's manifest → source names and
 * {@link SourceLabels}, and a job's region → {@link EditRegion}. The gateway validates with it and the
 * workers plan with it, so a job means the same thing everywhere and the same as the equivalent
 * {@code latentpatch generate} command line.
 */
public final class ContractMapping {
    private ContractMapping() {}

    /** The spec for {@code params}; every unset field stays unset (the engine's default for the grid). */
    public static GenerationSpec toSpec(GenerationParams params) {
        GenerationParams p = params == null ? GenerationParams.DEFAULTS : params;
        List<String> regionNames = p.region() != null && !p.region().isMask() ? p.region().names() : null;
        return new GenerationSpec(
                mode(p.mode()),
                method(p.method()),
                p.patch(), p.stride(), p.k(), p.scales(), p.coarsestFraction(),
                finish(p.finish()),
                upsample(p.upsample()),
                p.kPerScale() == null ? null : toInts(p.kPerScale()),
                p.reusePenalty(),
                p.pcaDims(),
                p.reference(),
                Boolean.TRUE.equals(p.multiScaleReference()),
                regionNames,
                p.where(),
                sameName(SamplerParams.Coverage.class, p.coverage()),
                p.anchorRegions(), sameName(SamplerParams.AnchorLayout.class, p.anchorLayout()), p.anchorWeight(), p.anchorCap());
    }

    /**
     * The wire form of {@code spec}: the inverse of {@link #toSpec} (a spec's mode and method are always set, so they are
     * always written; {@code multiScaleReference=false} is written as unset). A spec's region names become a named
     * {@code Region}; a mask picture is not part of a spec (it travels as an object key), so it has no wire form here.
     */
    public static GenerationParams toParams(GenerationSpec spec) {
        return GenerationParams.builder()
                .mode(sameName(GenerationParams.Mode.class, spec.mode()))
                .method(sameName(GenerationParams.Method.class, spec.method()))
                .patch(spec.patch()).stride(spec.stride()).k(spec.k()).scales(spec.scales())
                .coarsestFraction(spec.coarsestFraction())
                .finish(sameName(GenerationParams.Finish.class, spec.finish()))
                .upsample(sameName(GenerationParams.Upsample.class, spec.upsample()))
                .kPerScale(spec.kPerScale() == null ? null : java.util.Arrays.stream(spec.kPerScale()).boxed().toList())
                .reusePenalty(spec.reusePenalty())
                .pcaDims(spec.pcaDims())
                .reference(spec.referenceIndex())
                .multiScaleReference(spec.multiScaleReference() ? Boolean.TRUE : null)
                .region(spec.regionNames() == null ? null : new io.latentpatch.contracts.Region(spec.regionNames(), null))
                .where(spec.where())
                .coverage(sameName(GenerationParams.Coverage.class, spec.coverage()))
                .anchorRegions(spec.anchorRegions())
                .anchorLayout(sameName(GenerationParams.AnchorLayout.class, spec.anchorLayout()))
                .anchorWeight(spec.anchorWeight()).anchorCap(spec.anchorCap())
                .build();
    }

    /**
     * Checks everything about a job that is known before its sources are encoded: the mode's inputs,
     * r against L, the resolved parameters against the grid and the number of sources, and named
     * regions. Throws the engine's own {@link IllegalArgumentException}, the message a user can act on.
     *
     * @param latentChannels L of the job's model
     * @param gridSize       M of the job's model
     * @param sourceCount    B, images in the source set
     */
    public static void validate(GenerationParams params, int latentChannels, int gridSize, int sourceCount) {
        GenerationSpec spec = toSpec(params);
        boolean hasRegion = params != null && params.region() != null;
        JobPlanner.checkModeInputs(spec, params != null && params.referenceImage() != null, hasRegion);
        spec.resolvePcaDims(latentChannels);
        if (spec.referenceIndex() != null && spec.referenceIndex() >= sourceCount) {
            throw new IllegalArgumentException("--reference " + spec.referenceIndex() + " is not a source index; the set has "
                    + sourceCount + " sources (0.." + (sourceCount - 1) + ")");
        }
        // Attribute filters can only shrink the bank; the exact count is checked when the job is planned.
        spec.resolveParams(gridSize).validate(gridSize, sourceCount);
        if (spec.regionNames() != null) RegionMask.named(spec.regionNames(), gridSize);
    }

    /**
     * The names the planner and the reports use for a set's images: the uploaded file names, made
     * unique with {@code #i} when a set holds two files of the same name (labels are keyed by these).
     */
    public static List<String> sourceNames(SourceSetManifest manifest) {
        List<String> names = manifest.fileNames();
        Set<String> seen = new HashSet<>();
        boolean unique = true;
        for (String n : names) unique &= seen.add(n);
        if (unique) return names;
        List<String> out = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) out.add(names.get(i) + "#" + i);
        return out;
    }

    /** The set's labels keyed by {@link #sourceNames}, or null when the set has none. */
    public static SourceLabels labels(SourceSetManifest manifest) {
        if (manifest.labels() == null) return null;
        List<String> names = sourceNames(manifest);
        Map<String, Map<String, String>> byName = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) byName.put(names.get(i), manifest.labelsOf(i));
        return SourceLabels.of(byName);
    }

    /**
     * The job's edit region, or null when it has none: named boxes, or the mask PNG stored at the
     * region's key (read with {@code masks}; a missing or unreadable mask is an
     * {@link IllegalArgumentException}).
     *
     * @param masks the bytes stored under a key, or empty when nothing is stored there
     */
    public static EditRegion regionFor(GenerationParams params, Function<String, Optional<byte[]>> masks) {
        if (params == null || params.region() == null) return null;
        io.latentpatch.contracts.Region region = params.region();
        if (!region.isMask()) return new EditRegion.Named(region.names());
        String key = region.maskKey();
        byte[] bytes = masks.apply(key)
                .orElseThrow(() -> new IllegalArgumentException("region mask " + key + " does not exist in the object store"));
        BufferedImage picture;
        try {
            picture = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new IllegalArgumentException("region mask " + key + " is not a readable image: " + e.getMessage(), e);
        }
        if (picture == null) throw new IllegalArgumentException("region mask " + key + " is not a readable image (PNG expected)");
        return new EditRegion.Mask(picture, key);
    }

    static GenerationSpec.Mode mode(GenerationParams.Mode m) {
        return m == null ? GenerationSpec.Mode.RANDOM : sameName(GenerationSpec.Mode.class, m);
    }

    static SamplerParams.Method method(GenerationParams.Method m) {
        return m == null ? SamplerParams.Method.LATENTPATCH : sameName(SamplerParams.Method.class, m);
    }

    static SamplerParams.Finish finish(GenerationParams.Finish f) {
        return sameName(SamplerParams.Finish.class, f);
    }

    static SamplerParams.Upsample upsample(GenerationParams.Upsample u) {
        return sameName(SamplerParams.Upsample.class, u);
    }

    /** The other layer's constant of the same name, or null (wire and engine enums name their constants alike; tests check every one). */
    private static <E extends Enum<E>> E sameName(Class<E> type, Enum<?> constant) {
        return constant == null ? null : Enum.valueOf(type, constant.name());
    }

    private static int[] toInts(List<Integer> list) {
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = list.get(i);
        return out;
    }
}
