package io.latentpatch.core.sampler;

import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.resample.Resize;
import java.util.Arrays;
import java.util.Objects;

/**
 * Everything about one (bank, params, request) that does not depend on the image: the checked
 * inputs, the pass sizes and k's, and for the fast sampler the step list of every pass (the validity
 * mask evolves the same way for every image, so each step's valid and written cells are fixed).
 * Immutable; shared by the threads of one {@code sampleMany} call.
 */
final class SamplingPlan {
    final SourceBank bank;
    final SamplerParams params;
    final GenerationRequest request;
    /** Bank entry that may not be chosen, or −1. */
    final int excluded;
    /** Number of bank entries that may be chosen. */
    final int candidates;
    final int[] sizes;
    final int[] ks;
    /** Per pass: the reference (REFERENCE) or target (EDIT, pass 0 only) at that size, cell-major; null for RANDOM. */
    final float[][] guide;
    /** Per pass, for LATENTPATCH: the steps. */
    final Pass[] passes;

    /**
     * One step of a pass: the corner, the valid cells its distance sums over, the cells its paste writes,
     * and the same written cells as row runs {@code (firstCell, length)} pairs for contiguous copies.
     */
    record Step(int cornerY, int cornerX, int[] valid, int[] write, int[] writeRuns) {}

    /** A pass at size m: its bank level (tiled) and, for small banks, the same level source-major (else null). */
    record Pass(int m, float[] level, float[] sourceMajor, int k, Step[] steps) {}

    private SamplingPlan(SourceBank bank, SamplerParams params, GenerationRequest request, boolean withSteps) {
        this.bank = bank;
        this.params = params;
        this.request = request;
        this.excluded = switch (request) {
            case GenerationRequest.Random random -> -1;
            case GenerationRequest.Reference ref -> ref.excludedBankIndex();
            case GenerationRequest.Edit edit -> edit.targetBankIndex();
        };
        this.candidates = bank.count() - (excluded >= 0 ? 1 : 0);
        boolean multi = switch (request) {
            case GenerationRequest.Random random -> true;
            case GenerationRequest.Reference ref -> ref.multiScale();
            case GenerationRequest.Edit edit -> false;
        };
        int gridSize = bank.gridSize();
        if (params.method() != SamplerParams.Method.LATENTPATCH) {
            sizes = new int[] {gridSize};
            ks = new int[] {1};
        } else if (multi) {
            sizes = ScaleSchedule.of(gridSize, params).sizes();
            ks = new int[sizes.length];
            for (int s = 0; s < sizes.length; s++) ks[s] = params.kAt(s);
        } else {
            sizes = new int[] {gridSize};
            ks = new int[] {params.kFinest()};
        }
        for (int m : sizes) {
            if (!bank.hasScale(m)) {
                throw new IllegalArgumentException("the source bank holds scale sizes " + Arrays.toString(bank.scaleSizes())
                        + " but this run needs " + Arrays.toString(sizes) + "; build the bank with SourceBank.forParams for these parameters");
            }
        }
        this.guide = guideGrids(request, sizes, bank.dims());
        this.passes = withSteps && params.method() == SamplerParams.Method.LATENTPATCH ? buildPasses() : null;
    }

    /**
     * Checks that bank, params and request fit together.
     *
     * @param withSteps also precompute the step lists (the fast sampler)
     */
    static SamplingPlan prepare(SourceBank bank, SamplerParams params, GenerationRequest request, boolean withSteps) {
        Objects.requireNonNull(bank, "bank");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(request, "request");
        params.validate(bank.gridSize(), bank.count());
        if (params.method() != SamplerParams.Method.LATENTPATCH && !(request instanceof GenerationRequest.Random)) {
            throw new IllegalArgumentException("the " + params.method() + " baseline generates unconditionally; use GenerationRequest.random()");
        }
        switch (request) {
            case GenerationRequest.Random random -> { }
            case GenerationRequest.Reference ref -> {
                checkGrid("reference", ref.reference(), bank);
                checkIndex("excluded bank index", ref.excludedBankIndex(), bank);
            }
            case GenerationRequest.Edit edit -> {
                checkGrid("edit target", edit.target(), bank);
                checkIndex("target bank index", edit.targetBankIndex(), bank);
            }
        }
        return new SamplingPlan(bank, params, request, withSteps);
    }

    /** Whether outputs are anchored ({@link AnchoredCoverage}): the ANCHORED rule on a random request. */
    boolean anchored() {
        return params.coverage() == SamplerParams.Coverage.ANCHORED && request instanceof GenerationRequest.Random
                && params.method() == SamplerParams.Method.LATENTPATCH;
    }

    static void checkRange(int firstIndex, int count, int threads) {
        if (firstIndex < 0) throw new IllegalArgumentException("first image index must be >= 0, got " + firstIndex);
        if (count < 0) throw new IllegalArgumentException("image count must be >= 0, got " + count);
        if ((long) firstIndex + count - 1 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("image indices " + firstIndex + ".." + ((long) firstIndex + count - 1) + " overflow an int");
        }
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }

    private static void checkGrid(String what, LatentGrid g, SourceBank bank) {
        if (g.channels() != bank.dims() || g.size() != bank.gridSize()) {
            throw new IllegalArgumentException(what + " is " + g.channels() + "x" + g.size() + "x" + g.size() + " but the bank's projected grids are "
                    + bank.dims() + "x" + bank.gridSize() + "x" + bank.gridSize() + " (give the projected latent, r×M×M)");
        }
        float[] d = g.data();
        for (float v : d) {
            if (!Float.isFinite(v)) throw new IllegalArgumentException(what + " holds the non-finite value " + v);
        }
    }

    private static void checkIndex(String what, int index, SourceBank bank) {
        if (index >= bank.count()) {
            throw new IllegalArgumentException(what + " " + index + " is outside the bank of " + bank.count() + " entries (use -1 for none)");
        }
    }

    private static float[][] guideGrids(GenerationRequest request, int[] sizes, int r) {
        LatentGrid full = switch (request) {
            case GenerationRequest.Random random -> null;
            case GenerationRequest.Reference ref -> ref.reference();
            case GenerationRequest.Edit edit -> edit.target();
        };
        if (full == null) return null;
        float[][] out = new float[sizes.length][];
        for (int s = 0; s < sizes.length; s++) {
            LatentGrid g = sizes[s] == full.size() ? full : Resize.bilinear(full, sizes[s]);
            out[s] = toCellMajor(g, new float[g.cells() * r]);
        }
        return out;
    }

    /** Channels-first {@code [c][cell]} to cell-major {@code [cell][c]}. */
    static float[] toCellMajor(LatentGrid g, float[] out) {
        int plane = g.cells();
        int r = g.channels();
        float[] in = g.data();
        for (int c = 0; c < r; c++) {
            for (int cell = 0; cell < plane; cell++) out[cell * r + c] = in[c * plane + cell];
        }
        return out;
    }

    /** Cell-major {@code [cell][c]} (first r·m² floats of {@code in}) to a new channels-first grid. */
    static LatentGrid toChannelsFirst(float[] in, int r, int m) {
        int plane = m * m;
        float[] out = new float[r * plane];
        for (int cell = 0; cell < plane; cell++) {
            for (int c = 0; c < r; c++) out[c * plane + cell] = in[cell * r + c];
        }
        return new LatentGrid(r, m, out);
    }

    /** Maximal runs of consecutive cell indices in {@code cells[0..n)}, as (first, length) pairs. */
    private static int[] runs(int[] cells, int n) {
        int[] out = new int[2 * n];
        int k = 0;
        for (int i = 0; i < n; ) {
            int j = i + 1;
            while (j < n && cells[j] == cells[j - 1] + 1) j++;
            out[k++] = cells[i];
            out[k++] = j - i;
            i = j;
        }
        return Arrays.copyOf(out, k);
    }

    private Pass[] buildPasses() {
        int patch = params.patch();
        GenerationRequest.Edit edit = request instanceof GenerationRequest.Edit e ? e : null;
        Pass[] out = new Pass[sizes.length];
        for (int s = 0; s < sizes.length; s++) {
            int m = sizes[s];
            boolean[] valid = new boolean[m * m];
            if (s > 0 || request instanceof GenerationRequest.Reference) {
                Arrays.fill(valid, true);
            } else if (edit != null) {
                for (int cell = 0; cell < m * m; cell++) valid[cell] = !edit.inRegion(cell);
            }
            int[] corners = ScaleSchedule.corners(m, patch, params.stride());
            // the face layout's masked paste: a patch writes its own region's cells (and the cells no patch of theirs covers)
            boolean face = anchored() && params.anchorLayout().face();
            int regions = params.anchorRegions();
            SamplerParams.AnchorLayout layout = params.anchorLayout();
            boolean[] owned = face ? AnchoredCoverage.faceOwned(layout, regions, m, patch, corners) : null;
            Step[] steps = new Step[corners.length * corners.length];
            int n = 0;
            int[] v = new int[patch * patch];
            int[] w = new int[patch * patch];
            for (int cy : corners) {
                for (int cx : corners) {
                    int nv = 0;
                    int nw = 0;
                    int own = face ? AnchoredCoverage.region(layout, regions, m, patch, cy, cx) : -1;
                    for (int dy = 0; dy < patch; dy++) {
                        for (int dx = 0; dx < patch; dx++) {
                            int cell = (cy + dy) * m + cx + dx;
                            if (valid[cell]) v[nv++] = cell;
                            if (face) {
                                if (!owned[cell] || AnchoredCoverage.faceCellRegion(layout, regions, m, cy + dy, cx + dx) == own) w[nw++] = cell;
                            } else if (edit == null || edit.inRegion(cell)) {
                                w[nw++] = cell;
                            }
                        }
                    }
                    if (nw == 0) continue;  // editing: the patch does not meet the region (face: writes no cell)
                    for (int i = 0; i < nw; i++) valid[w[i]] = true;
                    steps[n++] = new Step(cy, cx, Arrays.copyOf(v, nv), Arrays.copyOf(w, nw), runs(w, nw));
                }
            }
            out[s] = new Pass(m, bank.level(m), bank.sourceMajor(m), ks[s], Arrays.copyOf(steps, n));
        }
        return out;
    }
}
