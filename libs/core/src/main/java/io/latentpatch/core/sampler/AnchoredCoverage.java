package io.latentpatch.core.sampler;

import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * The {@link SamplerParams.Coverage#ANCHORED} rule, shared by both samplers.
 *
 * <p>Anchor: the outputs of a job are taken in blocks of B (the candidate count); block j is a random
 * permutation of the candidates drawn from {@code (jobSeed, j)}, and output i's anchor is entry
 * {@code i mod B} of its block's permutation. So each source anchors ⌊count/B⌋ or ⌈count/B⌉ outputs, and an
 * output's anchor depends only on the job seed, its index and B — never on which replica samples it.
 *
 * <p>Regions ({@link SamplerParams#anchorRegions()}): the grid may be split into 1 (the whole grid, the
 * default), 2 (top/bottom halves), 3 (three horizontal bands), 4 (2×2 quadrants) or 6 (3 rows × 2 columns)
 * regions, each with its own anchor ({@link #anchors}). Region 0's anchor is {@link #anchor}; region
 * r ≥ 1 draws {@code anchor(jobSeed ^ (REGION_STREAM·r), i, B)} and, while that equals an earlier region's
 * anchor, steps to the next candidate ({@code +1 mod B}), so the first min(regions, B) anchors are distinct;
 * with B &lt; regions, region r ≥ B shares region {@code r mod B}'s anchor. A step uses the anchor of the
 * region holding its patch's centre ({@link #region}); regions are fractions of the grid, so they line
 * up across scales.
 *
 * <p>Face layout ({@link SamplerParams.AnchorLayout#FACE}, 2, 3 or 5 regions): the sources are aligned faces (FFHQ
 * convention, eyes at x ≈ 96 and 160, y ≈ 120 of 256), so the inner face sits in a fixed ellipse of the grid.
 * Region 0 is the inside of that ellipse (centre ({@link #FACE_CENTER_X}, {@link #FACE_CENTER_Y}), semi-axes
 * {@link #FACE_RADIUS_X} × {@link #FACE_RADIUS_Y}, fractions of the grid: 128, 155 and 62 × 68 pixels of 256),
 * the outside (hair, ears, background, neck, shoulders) is region 1, or with 3 regions region 1 above the
 * ellipse's centre row and region 2 at or below it, or with 5 regions the outside's four quarters split by the
 * ellipse's centre row and column: 1 above and left, 2 above and right (at or right of the centre column), 3 below
 * and left, 4 below and right — so no outside donor holds more than about a quarter of the grid; the pooled layout
 * ({@link SamplerParams.AnchorLayout#FACE_POOLED}) splits above and below at the brows' row instead
 * ({@link #POOLED_SPLIT_PX}), so that no quarter holds more cells than the inner face. The ellipse was derived from the template (eye distance
 * 64 px, mouth ≈ 64 px below the eyes, face about two eye distances wide) and checked on the mean of 16
 * aligned faces of three source sets: it runs from the brows (y ≈ 87) to the chin (y ≈ 223) and from
 * cheek to cheek (x ≈ 66 … 190), inside the hair. A patch is inside when its exact centre
 * {@code (cy + ω/2, cx + ω/2)} (in cells, a point of the continuous grid) is inside or on the ellipse; the test
 * is done in integers, so it is exact. The face layout also masks the paste: a cell's region is the one holding
 * the cell's centre ({@link #faceCellRegion}), and a patch writes only the cells of its own region, plus the cells
 * that no patch of their own region covers in that pass ({@link #faceOwned}), so every cell is still written.
 * Without the mask a patch of the outside, a quarter of the grid wide, paints half its width into the face (eyes,
 * mouth corners) and at most about 60 % of the inner face is its anchor's whatever the weight; with it the inner
 * face is one person's up to the draw, and the blend finish smooths the step along the ellipse. A patch that
 * would write no cell is not a step (no draw). The fast sampler gets the mask through the plan's written cells
 * ({@link SamplingPlan}), the reference sampler computes it on its own.
 * The outside's anchors follow the inner face ({@link #faceAnchors}): among the 3 sources nearest to the inner
 * anchor along the ellipse's rim ({@link #rimDistances}), so skin, outline and framing around the face fit it; they
 * depend on the bank as well as on (jobSeed, imageIndex, B), still never on the replica. With
 * {@link SamplerParams.AnchorLayout#FACE_BALANCED} (the same regions) they are also spread over the outputs
 * ({@link #faceAnchorsBalanced}), so the sources most like many others along the rim do not frame most outputs; with
 * {@link SamplerParams.AnchorLayout#FACE_POOLED} they are spread over the outputs among the {@link #DONOR_POOL}
 * sources nearest to the inner face along the rim only, so the framing still fits the face.
 *
 * <p>Draw: the first patch of the coarsest pass is its region's anchor's. At every other step the
 * candidates are the k nearest (the paper) followed by the step's anchor when it is not among them; each
 * weighs 1, the anchor {@link SamplerParams#anchorWeight()} (default {@link #ANCHOR_WEIGHT}); the anchor
 * has its weight multiplied by {@link #OVER_CAP_FACTOR} once it holds more than
 * {@link SamplerParams#anchorCap()} (default {@link #SHARE_CAP}) of the output's cells, any other candidate
 * once it holds more than {@link #SHARE_CAP} (the anchor leads the output, no source becomes a copy); one
 * {@code nextDouble()} picks in list order. The cell counts are per output, over the whole grid.
 */
public final class AnchoredCoverage {
    /** Face layout, balanced: outputs whose outside donors are balanced together (consecutive positions of a block). */
    public static final int BALANCE_GROUP = 32;
    /**
     * Face layout, pooled: the outside's donors of an output are balanced among this many sources nearest to its inner
     * anchor along the rim (docs/quality.md: 6 of 16 met every figure goal with the fewest faces lost by eye).
     */
    public static final int DONOR_POOL = 6;
    /** Weight of the anchor among the nearest. */
    public static final double ANCHOR_WEIGHT = 4.0;
    /** Share of the output's cells above which a candidate's weight is cut. */
    public static final double SHARE_CAP = 0.2;
    /** Factor on the weight of a candidate holding more than {@link #SHARE_CAP} of the output. */
    public static final double OVER_CAP_FACTOR = 0.2;
    private static final long ANCHOR_STREAM = 0x5DEECE66DL;
    /** Odd constant that gives region r ≥ 1 its own anchor stream ({@code jobSeed ^ (REGION_STREAM·r)}). */
    static final long REGION_STREAM = 0x9E3779B97F4A7C15L;
    /** The region counts {@link SamplerParams#anchorRegions()} may take with the grid layout. */
    private static final int[] LAYOUTS = {1, 2, 3, 4, 6};
    // The ellipse in pixels of a 256-pixel picture (the eyes are at y = 120): the exact integer test uses these,
    // the fractions below are derived from them.
    private static final long FACE_CX_PX = 128;
    private static final long FACE_CY_PX = 155;
    private static final long FACE_RX_PX = 62;
    private static final long FACE_RY_PX = 68;
    /**
     * Pooled face layout: the row (pixels of 256, at the brows) above which the outside is regions 1 and 2. At the
     * ellipse's centre row, as the other face layouts split, each upper quarter holds 254 of 1024 cells against the
     * inner face's 210, so with the inner face whole an upper donor held the most cells of nearly every output; split
     * here, all four quarters hold 200–207 (docs/quality.md).
     */
    private static final long POOLED_SPLIT_PX = 104;
    /** Face layout: the ellipse's centre, x, as a fraction of the grid (128 of 256 px). */
    public static final double FACE_CENTER_X = FACE_CX_PX / 256.0;
    /** Face layout: the ellipse's centre, y, as a fraction of the grid (155 of 256 px; the eyes are at 120). */
    public static final double FACE_CENTER_Y = FACE_CY_PX / 256.0;
    /** Face layout: the ellipse's horizontal semi-axis, as a fraction of the grid (62 of 256 px). */
    public static final double FACE_RADIUS_X = FACE_RX_PX / 256.0;
    /** Face layout: the ellipse's vertical semi-axis, as a fraction of the grid (68 of 256 px). */
    public static final double FACE_RADIUS_Y = FACE_RY_PX / 256.0;

    private AnchoredCoverage() {}

    /** The anchor (a candidate index in 0..candidates−1) of output {@code imageIndex}. */
    public static int anchor(long jobSeed, int imageIndex, int candidates) {
        if (candidates < 1) throw new IllegalArgumentException("need at least one candidate, got " + candidates);
        if (imageIndex < 0) throw new IllegalArgumentException("image index must be >= 0, got " + imageIndex);
        int block = imageIndex / candidates;
        SplittableRandom random = new SplittableRandom(SeedMixer.imageSeed(jobSeed ^ ANCHOR_STREAM, block));
        int position = imageIndex % candidates;
        // Fisher–Yates from the top: entry `position` is final once i reaches it, so stop there
        int[] perm = new int[candidates];
        for (int i = 0; i < candidates; i++) perm[i] = i;
        for (int i = candidates - 1; i >= position && i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm[position];
    }

    /** Whether {@code regions} is a supported grid layout (1, 2, 3, 4 or 6). */
    public static boolean isLayout(int regions) {
        for (int l : LAYOUTS) if (l == regions) return true;
        return false;
    }

    /** Whether {@code regions} is supported by {@code layout}: 1, 2, 3, 4 or 6 for the grid, 2, 3 or 5 for the face. */
    public static boolean isLayout(SamplerParams.AnchorLayout layout, int regions) {
        return switch (layout) {
            case GRID -> isLayout(regions);
            case FACE, FACE_BALANCED, FACE_POOLED -> isFaceLayout(regions);
        };
    }

    private static boolean isFaceLayout(int regions) {
        return regions == 2 || regions == 3 || regions == 5;
    }

    /** Rows of the layout: 1 → 1, 2 → 2, 3 → 3, 4 → 2, 6 → 3. */
    static int rows(int regions) {
        return switch (regions) {
            case 1 -> 1;
            case 2, 4 -> 2;
            case 3, 6 -> 3;
            default -> throw new IllegalArgumentException("anchor regions must be one of 1, 2, 3, 4, 6, got " + regions);
        };
    }

    /** Columns of the layout: 2 for 4 and 6, else 1. */
    static int columns(int regions) {
        return regions / rows(regions);
    }

    /**
     * The region (0 .. regions−1, row-major) of the patch with corner (cy, cx) on an m×m grid: the one
     * holding its centre {@code (cy + patch/2, cx + patch/2)}, region row {@code ⌊centreY·rows/m⌋} and
     * column {@code ⌊centreX·columns/m⌋}.
     */
    public static int region(int regions, int m, int patch, int cy, int cx) {
        return region(SamplerParams.AnchorLayout.GRID, regions, m, patch, cy, cx);
    }

    /**
     * The region of the patch with corner (cy, cx) on an m×m grid under {@code layout}: the grid rule of
     * {@link #region(int, int, int, int, int)}, or the face rule (class comment): 0 when the patch's centre
     * {@code (cy + patch/2, cx + patch/2)} lies inside or on the inner-face ellipse, else 1 (2 regions), or 1
     * above the ellipse's centre row and 2 at or below it (3 regions), or the outside's quarter (5 regions: 1 above
     * and left of the centre, 2 above and right, 3 below and left, 4 below and right; the centre row and column count
     * as below and right; the pooled layout's above and below meet at the brows' row, {@link #POOLED_SPLIT_PX}).
     */
    public static int region(SamplerParams.AnchorLayout layout, int regions, int m, int patch, int cy, int cx) {
        if (layout.face()) return faceRegionAt(layout, regions, m, 2L * cy + patch, 2L * cx + patch);
        if (regions == 1) return 0;
        int rows = rows(regions);
        int columns = regions / rows;
        int y = Math.min(m - 1, cy + patch / 2);
        int x = Math.min(m - 1, cx + patch / 2);
        return (y * rows / m) * columns + x * columns / m;
    }

    /** Whether the point (y, x) of an m×m grid, given doubled ({@code 2y}, {@code 2x} in cells), is inside or on the face ellipse. */
    static boolean insideFace(long y2, long x2, int m) {
        // in 256-px units times 2m: p = 2y·256/(2m) → scale both sides by 2m to stay in integers
        long dx = x2 * 128 - FACE_CX_PX * m;   // (x_px − cx_px) · m
        long dy = y2 * 128 - FACE_CY_PX * m;
        long a = dx * FACE_RY_PX;
        long b = dy * FACE_RX_PX;
        long r = FACE_RX_PX * FACE_RY_PX * m;
        return a * a + b * b <= r * r;
    }

    /** The face region of the point (y2/2, x2/2) of an m×m grid (doubled coordinates, in cells) under the face {@code layout}. */
    private static int faceRegionAt(SamplerParams.AnchorLayout layout, int regions, int m, long y2, long x2) {
        if (!isFaceLayout(regions)) {
            throw new IllegalArgumentException("the face layout has 2, 3 or 5 anchor regions, got " + regions);
        }
        if (insideFace(y2, x2, m)) return 0;
        if (regions == 2) return 1;
        long splitPx = layout == SamplerParams.AnchorLayout.FACE_POOLED ? POOLED_SPLIT_PX : FACE_CY_PX;
        boolean above = y2 * 128 < splitPx * m;
        if (regions == 3) return above ? 1 : 2;
        boolean left = x2 * 128 < FACE_CX_PX * m;
        return (above ? 1 : 3) + (left ? 0 : 1);
    }

    /** Face layout: the region of cell (y, x) of an m×m grid under the face {@code layout}, the one holding the cell's centre. */
    public static int faceCellRegion(SamplerParams.AnchorLayout layout, int regions, int m, int y, int x) {
        return faceRegionAt(layout, regions, m, 2L * y + 1, 2L * x + 1);
    }

    /**
     * Face layout, the masked paste: per cell of an m×m grid, whether some patch of the pass (corners
     * {@code corners} on both axes, side {@code patch}) covers it and belongs to the cell's own region. A patch
     * of region r writes the cells of region r it covers, and the cells no patch of their own region covers
     * (so every cell is still written each pass).
     */
    static boolean[] faceOwned(SamplerParams.AnchorLayout layout, int regions, int m, int patch, int[] corners) {
        boolean[] owned = new boolean[m * m];
        for (int cy : corners) {
            for (int cx : corners) {
                int r = region(layout, regions, m, patch, cy, cx);
                for (int y = cy; y < cy + patch; y++) {
                    for (int x = cx; x < cx + patch; x++) {
                        if (faceCellRegion(layout, regions, m, y, x) == r) owned[y * m + x] = true;
                    }
                }
            }
        }
        return owned;
    }

    /** Face layout: the rim, the cells of an m×m grid whose centre has (dx/rx)² + (dy/ry)² in [0.7, 1.5] (the ellipse's edge). */
    static boolean[] faceRim(int m) {
        boolean[] rim = new boolean[m * m];
        for (int y = 0; y < m; y++) {
            for (int x = 0; x < m; x++) {
                double fx = (x + 0.5) / m - FACE_CENTER_X;
                double fy = (y + 0.5) / m - FACE_CENTER_Y;
                double e = Math.pow(fx / FACE_RADIUS_X, 2) + Math.pow(fy / FACE_RADIUS_Y, 2);
                rim[y * m + x] = e >= 0.7 && e <= 1.5;
            }
        }
        return rim;
    }

    /**
     * Face layout: per bank entry j, how far it is from entry {@code inner} along the rim — the squared differences
     * of their vectors at the finest grid summed over the rim cells (row-major) and dimensions.
     */
    static double[] rimDistances(SourceBank bank, int inner) {
        int m = bank.gridSize();
        int r = bank.dims();
        boolean[] rim = faceRim(m);
        double[] row = new double[bank.count()];
        for (int y = 0; y < m; y++) {
            for (int x = 0; x < m; x++) {
                if (!rim[y * m + x]) continue;
                for (int j = 0; j < row.length; j++) {
                    double d = 0;
                    for (int c = 0; c < r; c++) {
                        double v = bank.value(m, inner, c, y, x) - bank.value(m, j, c, y, x);
                        d += v * v;
                    }
                    row[j] += d;
                }
            }
        }
        return row;
    }

    /**
     * Face layout: the outside's anchors follow the inner face. Given an output's {@link #anchors} and the rim distances
     * from its inner anchor ({@link #rimDistances}), region r = 1 .. min(regions, B)−1 takes, among the 3 entries nearest
     * to the inner anchor (ties by index) that are not yet an anchor of this output, entry {@code anchors[r] mod n} of
     * them (n ≤ 3 of them), so the outside matches the inner face's skin, outline and framing and still varies with
     * the output; region r ≥ B repeats region r mod B's. Region 0 keeps its anchor.
     */
    static int[] faceAnchors(int[] anchors, double[] rimDistances) {
        int b = rimDistances.length;
        int[] out = anchors.clone();
        boolean[] taken = new boolean[b];
        taken[out[0]] = true;
        Integer[] order = new Integer[b];
        for (int i = 0; i < b; i++) order[i] = i;
        java.util.Arrays.sort(order, (u, v) -> Double.compare(rimDistances[u], rimDistances[v]));
        for (int reg = 1; reg < out.length; reg++) {
            if (reg >= b) {
                out[reg] = out[reg % b];
                continue;
            }
            int[] near = new int[3];
            int n = 0;
            for (int i = 0; i < b && n < 3; i++) if (!taken[order[i]]) near[n++] = order[i];
            if (n == 0) continue;
            out[reg] = near[Math.floorMod(anchors[reg], n)];
            taken[out[reg]] = true;
        }
        return out;
    }

    /**
     * The anchors of output {@code imageIndex}, one per region (see the class comment): entry 0 is
     * {@link #anchor}, the first min(regions, B) are distinct, and region r ≥ B repeats region r mod B's.
     * Depends only on (jobSeed, imageIndex, candidates, regions).
     */
    public static int[] anchors(long jobSeed, int imageIndex, int candidates, int regions) {
        if (!isLayout(regions) && !isFaceLayout(regions)) {
            throw new IllegalArgumentException("anchor regions must be one of 1, 2, 3, 4, 6 (grid) or 5 (face), got " + regions);
        }
        int[] out = new int[regions];
        out[0] = anchor(jobSeed, imageIndex, candidates);
        for (int r = 1; r < regions; r++) {
            if (r >= candidates) {
                out[r] = out[r % candidates];
                continue;
            }
            int a = anchor(jobSeed ^ (REGION_STREAM * r), imageIndex, candidates);
            while (taken(out, r, a)) a = (a + 1) % candidates;
            out[r] = a;
        }
        return out;
    }

    private static boolean taken(int[] anchors, int n, int a) {
        for (int i = 0; i < n; i++) if (anchors[i] == a) return true;
        return false;
    }

    /** The weight of {@code entry}, which holds {@code entryCells} of the output's {@code cells}, with the default weight and cap. */
    static double weight(int entry, int anchor, int entryCells, int cells) {
        return weight(entry, anchor, entryCells, cells, ANCHOR_WEIGHT, SHARE_CAP);
    }

    /** The weight of {@code entry} when the step's anchor weighs {@code anchorWeight} and is cut above {@code anchorCap}. */
    static double weight(int entry, int anchor, int entryCells, int cells, double anchorWeight, double anchorCap) {
        if (entry == anchor) return entryCells > anchorCap * cells ? anchorWeight * OVER_CAP_FACTOR : anchorWeight;
        return entryCells > SHARE_CAP * cells ? OVER_CAP_FACTOR : 1.0;
    }

    /**
     * Draws among {@code nearest[0..kEff)} (nearest first) plus the anchor when absent.
     *
     * @param cellsOf per bank entry, the output's cells it holds now
     * @param cells   the output's cell count at this pass
     * @return the chosen bank entry
     */
    static int draw(int[] nearest, int kEff, int anchor, int[] cellsOf, int cells, SplittableRandom random) {
        return draw(nearest, kEff, anchor, cellsOf, cells, ANCHOR_WEIGHT, SHARE_CAP, random, new double[kEff]);
    }

    /** {@link #draw(int[], int, int, int[], int, SplittableRandom)} with the anchor's weight and cap given. */
    static int draw(int[] nearest, int kEff, int anchor, int[] cellsOf, int cells, double anchorWeight, double anchorCap,
                    SplittableRandom random) {
        return draw(nearest, kEff, anchor, cellsOf, cells, anchorWeight, anchorCap, random, new double[kEff]);
    }

    /**
     * The draw with scratch space for the weights ({@code weights.length ≥ kEff}, overwritten): each weight is
     * computed once, the sums are the same.
     */
    static int draw(int[] nearest, int kEff, int anchor, int[] cellsOf, int cells, double anchorWeight, double anchorCap,
                    SplittableRandom random, double[] weights) {
        boolean present = false;
        double total = 0;
        for (int i = 0; i < kEff; i++) {
            int entry = nearest[i];
            present |= entry == anchor;
            double w = weight(entry, anchor, cellsOf[entry], cells, anchorWeight, anchorCap);
            weights[i] = w;
            total += w;
        }
        if (!present) total += weight(anchor, anchor, cellsOf[anchor], cells, anchorWeight, anchorCap);
        double u = random.nextDouble() * total;
        for (int i = 0; i < kEff; i++) {
            u -= weights[i];
            if (u < 0) return nearest[i];
        }
        return present ? nearest[kEff - 1] : anchor;
    }

    /**
     * Face layout, balanced ({@link SamplerParams.AnchorLayout#FACE_BALANCED}): the outside's anchors of output
     * {@code imageIndex}, spread over the outputs. The outputs of an anchor block are taken in groups of
     * {@link #BALANCE_GROUP} consecutive positions; within a group the outputs are assigned in index order, each
     * region r = 1 .. min(regions, B)−1 of an output taking, among the entries not yet an anchor of this output and
     * used least often so far for region r in the group, the 3 nearest to the inner anchor along the rim (ties by
     * index), entry {@code anchors[r] mod n} of them (n ≤ 3); region r ≥ B repeats region r mod B's. Region 0 keeps
     * its anchor. So with B ≤ {@link #BALANCE_GROUP} each source is the donor of each outside region about once per
     * block instead of the sources most like many others (the rim's hubs) framing most outputs. Output i's anchors
     * depend only on (jobSeed, its group's indices up to i, B, regions) and the bank, never on the replica.
     *
     * @param rimRow the rim distances from an inner anchor ({@link #rimDistances}), possibly cached
     */
    public static int[] faceAnchorsBalanced(long jobSeed, int imageIndex, int candidates, int regions,
                                            IntFunction<double[]> rimRow) {
        return faceAnchorsBalanced(jobSeed, imageIndex, candidates, regions, Integer.MAX_VALUE, rimRow);
    }

    /**
     * {@link #faceAnchorsBalanced(long, int, int, int, IntFunction)} with the balance restricted to a donor pool
     * ({@link SamplerParams.AnchorLayout#FACE_POOLED}): region r takes, among the {@code pool} entries nearest to the
     * inner anchor along the rim that are not yet an anchor of this output, those used least often so far for region r
     * in the group, the 3 nearest of them, entry {@code anchors[r] mod n}. A pool at least B − 1 is the balanced rule
     * exactly (the least used of all, the 3 nearest of those).
     *
     * @param pool how many of the nearest untaken entries the balance may choose from, ≥ 1
     */
    public static int[] faceAnchorsBalanced(long jobSeed, int imageIndex, int candidates, int regions, int pool,
                                            IntFunction<double[]> rimRow) {
        if (pool < 1) throw new IllegalArgumentException("the donor pool must be >= 1, got " + pool);
        int b = candidates;
        int block = imageIndex / b;
        int position = imageIndex % b;
        int[][] uses = new int[regions][b];
        for (int p = position - position % BALANCE_GROUP; ; p++) {
            int[] out = anchors(jobSeed, block * b + p, b, regions);
            double[] row = rimRow.apply(out[0]);
            boolean[] taken = new boolean[b];
            taken[out[0]] = true;
            for (int reg = 1; reg < regions; reg++) {
                if (reg >= b) {
                    out[reg] = out[reg % b];
                    continue;
                }
                int[] near = leastUsedOfPool(row, taken, uses[reg], pool);
                int chosen = near[Math.floorMod(out[reg], near.length)];
                out[reg] = chosen;
                taken[chosen] = true;
                uses[reg][chosen]++;
            }
            if (p == position) return out;
        }
    }

    /**
     * Of the {@code pool} untaken entries nearest by {@code row} (ties by index), those used least often, up to 3,
     * nearest first. One pass over the bank, no sort: this runs per region for every output a group replays, and
     * B may be 30 000.
     */
    private static int[] leastUsedOfPool(double[] row, boolean[] taken, int[] uses, int pool) {
        int least = Integer.MAX_VALUE;
        if (pool >= row.length - 1) {
            // every untaken entry is in the pool: the least used of all, then the 3 nearest of those
            for (int e = 0; e < row.length; e++) if (!taken[e]) least = Math.min(least, uses[e]);
            int fewest = least;
            return nearest(row, 3, e -> !taken[e] && uses[e] == fewest);
        }
        int[] inPool = nearest(row, pool, e -> !taken[e]);
        for (int e : inPool) least = Math.min(least, uses[e]);
        int[] near = new int[3];
        int found = 0;
        for (int i = 0; i < inPool.length && found < 3; i++) if (uses[inPool[i]] == least) near[found++] = inPool[i];
        return java.util.Arrays.copyOf(near, found);
    }

    /** Up to {@code limit} entries that {@code eligible} admits, nearest first by {@code row} (ties by index), in one pass. */
    private static int[] nearest(double[] row, int limit, java.util.function.IntPredicate eligible) {
        int[] near = new int[limit];
        int n = 0;
        for (int e = 0; e < row.length; e++) {
            if (!eligible.test(e)) continue;
            // insertion into the sorted list; an equal distance stays behind the lower index
            int at = n;
            while (at > 0 && row[near[at - 1]] > row[e]) at--;
            if (at >= limit) continue;
            for (int j = Math.min(n, limit - 1); j > at; j--) near[j] = near[j - 1];
            near[at] = e;
            if (n < limit) n++;
        }
        return java.util.Arrays.copyOf(near, n);
    }
}
