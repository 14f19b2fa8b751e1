package io.latentpatch.gateway.model;

import io.latentpatch.contracts.ModelInfo;
import io.latentpatch.core.sampler.SamplerParams;
import io.latentpatch.planning.GenerationSpec;
import java.util.Locale;

/**
 * A model of the registry as {@code GET /v1/models} shows it: its shape and the parameters a job gets
 * when it leaves them unset ({@link GenerationSpec#resolveParams}: anchored coverage with the face layout, provenance
 * upsampling and the blend finish, the paper's other settings scaled to the model's grid).
 *
 * @param name           the name jobs use in {@code model}
 * @param latentChannels L
 * @param downscale      f, pixels per latent cell along a side
 * @param imageSize      side in pixels the encoder normalises sources to
 * @param gridSize       M = imageSize / downscale
 * @param defaults       what every unset {@code params} field resolves to on this grid
 */
public record ModelView(String name, int latentChannels, int downscale, int imageSize, int gridSize, Defaults defaults) {

    /**
     * The engine's defaults on one grid, in the wire names of {@code GenerationParams}.
     *
     * @param method           {@code latentpatch}
     * @param mode             {@code random}
     * @param patch            ω
     * @param stride           w
     * @param k                candidates sampled among
     * @param scales           S
     * @param coarsestFraction m_1 / M
     * @param pcaDims          r (min(16, L))
     * @param finish           {@code blend}
     * @param upsample         {@code provenance}
     * @param coverage         {@code anchored}
     * @param anchorLayout     {@code face-pooled}
     * @param anchorRegions    5 (the inner face and the outside's four quarters)
     * @param anchorWeight     64
     * @param anchorCap        0.25
     */
    public record Defaults(String method, String mode, int patch, int stride, int k, int scales, double coarsestFraction,
                           int pcaDims, String finish, String upsample, String coverage, String anchorLayout, int anchorRegions,
                           double anchorWeight, double anchorCap) {
    }

    public static ModelView of(ModelInfo info) {
        int m = info.gridSize();
        GenerationSpec spec = GenerationSpec.defaults();
        SamplerParams p = spec.resolveParams(m);
        return new ModelView(info.name(), info.latentChannels(), info.downscale(), info.imageSize(), m,
                new Defaults(wire(p.method()), spec.mode().label(), p.patch(), p.stride(), p.k(), p.scales(),
                        p.coarsestFraction(), spec.resolvePcaDims(info.latentChannels()), wire(p.finish()), wire(p.upsample()),
                        wire(p.coverage()), wire(p.anchorLayout()), p.anchorRegions(), p.anchorWeight(), p.anchorCap()));
    }

    /** {@code RANDOM_CELL} → {@code random-cell}: the JSON name of the wire enum of the same constant. */
    private static String wire(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
