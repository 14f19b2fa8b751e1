package io.latentpatch.core.sampler;

import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.resample.Resize;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The sampler written as plainly as ALGORITHM.md states it: one image at a time, every distance summed
 * cell by cell, every candidate sorted. Slow on purpose; it is the oracle {@link PatchSampler} is tested
 * against, and must consume the random generator exactly as that one does (one draw per visited corner).
 * {@code threads} is ignored.
 */
public final class ReferencePatchSampler implements Sampler {

    @Override
    public List<SampleResult> sampleMany(SourceBank bank, SamplerParams params, GenerationRequest request, long jobSeed,
                                         int firstIndex, int count, int threads) {
        SamplingPlan.checkRange(firstIndex, count, threads);
        SamplingPlan plan = SamplingPlan.prepare(bank, params, request, false);
        List<SampleResult> out = new ArrayList<>(count);
        for (int i = firstIndex; i < firstIndex + count; i++) {
            out.add(params.method() == SamplerParams.Method.LATENTPATCH
                    ? sampleOne(plan, jobSeed, i)
                    : Baselines.sample(bank, params, jobSeed, i));
        }
        return out;
    }

    private static SampleResult sampleOne(SamplingPlan plan, long jobSeed, int imageIndex) {
        SourceBank bank = plan.bank;
        SamplerParams p = plan.params;
        long seed = SeedMixer.imageSeed(jobSeed, imageIndex);
        SplittableRandom rng = new SplittableRandom(seed);
        int r = bank.dims();
        int patch = p.patch();
        int[] uses = new int[bank.count()];
        int[] anchors = plan.anchored() ? AnchoredCoverage.anchors(jobSeed, imageIndex, plan.candidates, p.anchorRegions()) : null;
        if (anchors != null && p.anchorLayout() == SamplerParams.AnchorLayout.FACE) {
            anchors = AnchoredCoverage.faceAnchors(anchors, AnchoredCoverage.rimDistances(plan.bank, anchors[0]));
        } else if (anchors != null && p.anchorLayout().balanced()) {
            anchors = AnchoredCoverage.faceAnchorsBalanced(jobSeed, imageIndex, plan.candidates, p.anchorRegions(),
                    p.anchorLayout().donorPool(), inner -> AnchoredCoverage.rimDistances(plan.bank, inner));
        }
        boolean[] region = plan.request instanceof GenerationRequest.Edit e ? e.region() : null;
        LatentGrid guide = switch (plan.request) {
            case GenerationRequest.Random random -> null;
            case GenerationRequest.Reference ref -> ref.reference();
            case GenerationRequest.Edit edit -> edit.target();
        };

        LatentGrid canvas = null;
        int[] src = null;  // bank entry per cell, or TARGET
        int previous = 0;
        for (int s = 0; s < plan.sizes.length; s++) {
            int m = plan.sizes[s];
            boolean[] valid = new boolean[m * m];
            if (s == 0) {
                src = new int[m * m];
                Arrays.fill(src, SampleResult.TARGET);
                if (guide == null) {
                    canvas = LatentGrid.zeros(r, m);  // step 6: empty canvas, V = 0
                } else {
                    canvas = Resize.bilinear(guide, m);  // a copy when m == M
                    for (int cell = 0; cell < m * m; cell++) valid[cell] = region == null || !region[cell];
                }
            } else {
                // step 7: upsample the canvas, nearest-upsample provenance, V = 1 everywhere
                int[] up = Resize.nearest(src, previous, m);
                canvas = p.upsample() == SamplerParams.Upsample.BILINEAR
                        ? Resize.bilinear(canvas, m)
                        : provenanceCanvas(bank, up, m, guide);
                src = up;
                Arrays.fill(valid, true);
            }
            int[] corners = ScaleSchedule.corners(m, patch, p.stride());
            // face layout, masked paste: per cell, its region and whether a patch of that region covers it
            boolean face = anchors != null && p.anchorLayout().face();
            int[] cellRegion = new int[m * m];
            boolean[] owned = face ? AnchoredCoverage.faceOwned(p.anchorLayout(), anchors.length, m, patch, corners) : new boolean[m * m];
            if (face) {
                for (int y = 0; y < m; y++) {
                    for (int x = 0; x < m; x++) cellRegion[y * m + x] = AnchoredCoverage.faceCellRegion(p.anchorLayout(), anchors.length, m, y, x);
                }
            }
            for (int cy : corners) {
                for (int cx : corners) {
                    if (region != null && !meets(region, m, cy, cx, patch)) continue;
                    // the region holding the patch's centre at this scale: its anchor, and (face) the cells it may write
                    int own = anchors == null ? -1 : AnchoredCoverage.region(p.anchorLayout(), anchors.length, m, patch, cy, cx);
                    boolean writes = !face;
                    for (int y = cy; y < cy + patch && !writes; y++) {
                        for (int x = cx; x < cx + patch; x++) writes |= !owned[y * m + x] || cellRegion[y * m + x] == own;
                    }
                    if (!writes) continue;  // face: a patch that would write no cell is no step
                    int anchor = anchors == null ? -1 : anchors[own];
                    int b = choose(plan, canvas, valid, uses, src, anchor, m, cy, cx, plan.ks[s], rng);
                    for (int y = cy; y < cy + patch; y++) {
                        for (int x = cx; x < cx + patch; x++) {
                            if (region != null && !region[y * m + x]) continue;  // edits write only inside R
                            if (face && owned[y * m + x] && cellRegion[y * m + x] != own) continue;  // another region's cell
                            for (int c = 0; c < r; c++) canvas.set(c, y, x, bank.value(m, b, c, y, x));
                            valid[y * m + x] = true;
                            src[y * m + x] = b;
                        }
                    }
                    uses[b]++;
                }
            }
            previous = m;
        }
        int[] provenance = new int[src.length];
        for (int cell = 0; cell < src.length; cell++) {
            provenance[cell] = src[cell] == SampleResult.TARGET ? SampleResult.TARGET : bank.sourceId(src[cell]);
        }
        return SampleResult.wrap(imageIndex, seed, provenance, canvas);
    }

    /**
     * Step 6: among the candidates at this corner, one of the k nearest on the valid cells (uniformly, or
     * with the anchor joining them when {@code anchor >= 0}, see {@link AnchoredCoverage}).
     */
    private static int choose(SamplingPlan plan, LatentGrid canvas, boolean[] valid, int[] uses, int[] src, int anchor,
                              int m, int cy, int cx, int k, SplittableRandom rng) {
        SourceBank bank = plan.bank;
        int patch = plan.params.patch();
        boolean anyValid = false;
        for (int y = cy; y < cy + patch; y++) {
            for (int x = cx; x < cx + patch; x++) anyValid |= valid[y * m + x];
        }
        if (!anyValid) {
            // nothing to compare against (the first corner): the anchor, or a uniformly random candidate
            if (anchor >= 0) return anchor;
            int i = rng.nextInt(plan.candidates);
            return plan.excluded >= 0 && i >= plan.excluded ? i + 1 : i;
        }
        List<Scored> scored = new ArrayList<>();
        for (int b = 0; b < bank.count(); b++) {
            if (b == plan.excluded) continue;
            // ‖C − Y_b‖²_V by the norm expansion, in the order DistanceKernels documents:
            // d = (Σ_p norm(C[p]) + Σ_p norm(Y_b[p])) − 2·Σ_p Σ_c fma(C[p][c], Y_b[p][c], ·)
            float qn = 0f;
            float pn = 0f;
            float dot = 0f;
            for (int y = cy; y < cy + patch; y++) {
                for (int x = cx; x < cx + patch; x++) {
                    if (!valid[y * m + x]) continue;  // V[p] = 0: not generated yet
                    float cellQ = 0f;
                    float cellP = 0f;
                    for (int c = 0; c < canvas.channels(); c++) {
                        float q = canvas.get(c, y, x);
                        float v = bank.value(m, b, c, y, x);
                        cellQ = Math.fma(q, q, cellQ);
                        cellP = Math.fma(v, v, cellP);
                        dot = Math.fma(q, v, dot);
                    }
                    qn = qn + cellQ;
                    pn = pn + cellP;
                }
            }
            float d = (qn + pn) - 2f * dot;
            float penalty = plan.params.sourceReusePenalty();
            if (penalty > 0) d = d + penalty * uses[b];
            scored.add(new Scored(d, b));
        }
        scored.sort(Comparator.comparingDouble(Scored::distance).thenComparingInt(Scored::entry));
        int kEff = Math.min(k, scored.size());
        if (anchor < 0) return scored.get(rng.nextInt(kEff)).entry();
        int[] nearest = new int[kEff];
        for (int i = 0; i < kEff; i++) nearest[i] = scored.get(i).entry();
        int[] cellsOf = new int[bank.count()];
        for (int b : src) if (b >= 0) cellsOf[b]++;
        return AnchoredCoverage.draw(nearest, kEff, anchor, cellsOf, m * m, plan.params.anchorWeight(), plan.params.anchorCap(), rng);
    }

    private record Scored(float distance, int entry) {}

    private static boolean meets(boolean[] region, int m, int cy, int cx, int patch) {
        for (int y = cy; y < cy + patch; y++) {
            for (int x = cx; x < cx + patch; x++) if (region[y * m + x]) return true;
        }
        return false;
    }

    /** Upsample option "provenance": each cell is its source's vector at this scale (the guide's for TARGET). */
    private static LatentGrid provenanceCanvas(SourceBank bank, int[] src, int m, LatentGrid guide) {
        LatentGrid out = LatentGrid.zeros(bank.dims(), m);
        LatentGrid guideHere = guide == null ? null : Resize.bilinear(guide, m);
        for (int y = 0; y < m; y++) {
            for (int x = 0; x < m; x++) {
                int b = src[y * m + x];
                for (int c = 0; c < bank.dims(); c++) {
                    out.set(c, y, x, b == SampleResult.TARGET ? guideHere.get(c, y, x) : bank.value(m, b, c, y, x));
                }
            }
        }
        return out;
    }
}
