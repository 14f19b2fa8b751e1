package io.latentpatch.core.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.sampler.SamplerParams.AnchorLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The face layout of the anchor regions ({@link AnchorLayout#FACE}, {@link AnchoredCoverage#region}). */
class FaceAnchorLayoutTest {

    /** The ellipse test in doubles on grid fractions, the definition the integer test implements. */
    private static double ellipse(double fy, double fx) {
        double dx = (fx - AnchoredCoverage.FACE_CENTER_X) / AnchoredCoverage.FACE_RADIUS_X;
        double dy = (fy - AnchoredCoverage.FACE_CENTER_Y) / AnchoredCoverage.FACE_RADIUS_Y;
        return dx * dx + dy * dy;
    }

    /** An output's anchors under the face layout: the grid rule's, the outside's then moved to match the inner anchor. */
    private static int[] faceAnchors(SourceBank bank, long seed, int index, int regions) {
        int[] a = AnchoredCoverage.anchors(seed, index, bank.count(), regions);
        return AnchoredCoverage.faceAnchors(a, AnchoredCoverage.rimDistances(bank, a[0]));
    }

    @Test
    void theCentreIsTheInnerFaceAndTheCornersAreOutside() {
        for (int m : new int[] {10, 16, 20, 32, 64}) {
            int patch = Math.max(2, m / 4);
            int mid = (m - patch) / 2;
            int last = m - patch;
            for (int regions : new int[] {2, 3, 5}) {
                assertThat(AnchoredCoverage.region(AnchorLayout.FACE, regions, m, patch, mid, mid)).as("m=%d centre", m).isZero();
            }
            assertThat(AnchoredCoverage.region(AnchorLayout.FACE, 5, m, patch, 0, 0)).as("m=%d top left", m).isEqualTo(1);
            assertThat(AnchoredCoverage.region(AnchorLayout.FACE, 5, m, patch, 0, last)).as("m=%d top right", m).isEqualTo(2);
            assertThat(AnchoredCoverage.region(AnchorLayout.FACE, 5, m, patch, last, 0)).as("m=%d bottom left", m).isEqualTo(3);
            assertThat(AnchoredCoverage.region(AnchorLayout.FACE, 5, m, patch, last, last)).as("m=%d bottom right", m).isEqualTo(4);
            assertThat(AnchoredCoverage.region(AnchorLayout.FACE, 2, m, patch, 0, 0)).as("m=%d top left", m).isEqualTo(1);
            assertThat(AnchoredCoverage.region(AnchorLayout.FACE, 2, m, patch, last, last)).as("m=%d bottom right", m).isEqualTo(1);
            assertThat(AnchoredCoverage.region(AnchorLayout.FACE, 3, m, patch, 0, 0)).as("m=%d top left: above", m).isEqualTo(1);
            assertThat(AnchoredCoverage.region(AnchorLayout.FACE, 3, m, patch, 0, last)).as("m=%d top right: above", m).isEqualTo(1);
            assertThat(AnchoredCoverage.region(AnchorLayout.FACE, 3, m, patch, last, 0)).as("m=%d bottom left: below", m).isEqualTo(2);
            assertThat(AnchoredCoverage.region(AnchorLayout.FACE, 3, m, patch, last, last)).as("m=%d bottom right: below", m).isEqualTo(2);
        }
        // 256-pixel picture on a 32×32 grid (8 px a cell), ω = 8: the patch centre is at ((cy + 4)·8, (cx + 4)·8) px
        assertThat(AnchoredCoverage.region(AnchorLayout.FACE, 2, 32, 8, 12, 12)).as("centre (128, 128) px: between the eyes").isZero();
        assertThat(AnchoredCoverage.region(AnchorLayout.FACE, 2, 32, 8, 20, 12)).as("(192, 128) px: the mouth").isZero();
        assertThat(AnchoredCoverage.region(AnchorLayout.FACE, 2, 32, 8, 4, 12)).as("(64, 128) px: the hair above the forehead").isEqualTo(1);
        assertThat(AnchoredCoverage.region(AnchorLayout.FACE, 2, 32, 8, 12, 4)).as("(128, 64) px: beside the cheek").isEqualTo(1);
        assertThat(AnchoredCoverage.region(AnchorLayout.FACE, 2, 32, 8, 24, 12)).as("(224, 128) px: below the chin").isEqualTo(1);
    }

    @Test
    void membershipIsTheEllipseOnGridFractionsAndLinesUpAcrossScales() {
        int checked = 0;
        for (int m : new int[] {7, 10, 13, 16, 20, 26, 32, 40}) {
            for (int patch : new int[] {2, 3, 4, 5}) {
                if (patch > m) continue;
                for (int cy = 0; cy + patch <= m; cy++) {
                    for (int cx = 0; cx + patch <= m; cx++) {
                        double fy = (cy + patch / 2.0) / m;
                        double fx = (cx + patch / 2.0) / m;
                        double e = ellipse(fy, fx);
                        int region2 = AnchoredCoverage.region(AnchorLayout.FACE, 2, m, patch, cy, cx);
                        int region3 = AnchoredCoverage.region(AnchorLayout.FACE, 3, m, patch, cy, cx);
                        int region5 = AnchoredCoverage.region(AnchorLayout.FACE, 5, m, patch, cy, cx);
                        if (Math.abs(e - 1) > 1e-9) {
                            assertThat(region2).as("m=%d ω=%d (%d, %d)", m, patch, cy, cx).isEqualTo(e < 1 ? 0 : 1);
                            checked++;
                        }
                        if (region2 == 0) {
                            assertThat(region3).isZero();
                            assertThat(region5).isZero();
                        } else if (Math.abs(fy - AnchoredCoverage.FACE_CENTER_Y) > 1e-9) {
                            assertThat(region3).as("m=%d ω=%d (%d, %d)", m, patch, cy, cx).isEqualTo(fy < AnchoredCoverage.FACE_CENTER_Y ? 1 : 2);
                            if (Math.abs(fx - AnchoredCoverage.FACE_CENTER_X) > 1e-9) {
                                int quarter = (fy < AnchoredCoverage.FACE_CENTER_Y ? 1 : 3) + (fx < AnchoredCoverage.FACE_CENTER_X ? 0 : 1);
                                assertThat(region5).as("m=%d ω=%d (%d, %d)", m, patch, cy, cx).isEqualTo(quarter);
                            }
                        }
                        // the same patch at twice the resolution covers the same part of the picture: same region
                        assertThat(AnchoredCoverage.region(AnchorLayout.FACE, 2, 2 * m, 2 * patch, 2 * cy, 2 * cx)).isEqualTo(region2);
                        assertThat(AnchoredCoverage.region(AnchorLayout.FACE, 3, 3 * m, 3 * patch, 3 * cy, 3 * cx)).isEqualTo(region3);
                        assertThat(AnchoredCoverage.region(AnchorLayout.FACE, 5, 2 * m, 2 * patch, 2 * cy, 2 * cx)).isEqualTo(region5);
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(5000);
        // on the point exactly on the ellipse the integer test says inside: (128, 87) px is the top of the ellipse
        assertThat(AnchoredCoverage.insideFace(2L * 87, 2L * 128, 256)).isTrue();
        assertThat(AnchoredCoverage.insideFace(2L * 86, 2L * 128, 256)).isFalse();
        assertThat(AnchoredCoverage.insideFace(2L * 155, 2L * 190, 256)).isTrue();
        assertThat(AnchoredCoverage.insideFace(2L * 155, 2L * 191, 256)).isFalse();
    }

    @Test
    void theGridLayoutKeepsItsRegions() {
        for (int regions : new int[] {1, 2, 3, 4, 6}) {
            for (int cy = 0; cy <= 12; cy++) {
                for (int cx = 0; cx <= 12; cx++) {
                    assertThat(AnchoredCoverage.region(AnchorLayout.GRID, regions, 16, 4, cy, cx))
                            .isEqualTo(AnchoredCoverage.region(regions, 16, 4, cy, cx));
                }
            }
        }
        assertThatThrownBy(() -> AnchoredCoverage.region(AnchorLayout.FACE, 4, 16, 4, 0, 0)).hasMessageContaining("2, 3 or 5");
        assertThatThrownBy(() -> AnchoredCoverage.region(AnchorLayout.GRID, 5, 16, 4, 0, 0)).hasMessageContaining("1, 2, 3, 4, 6");
    }

    @Test
    void theOuterAnchorLeadsOutsideTheFaceAndTheInnerAnchorInside() {
        int m = 16;
        SamplerParams p = SamplerParams.defaultsFor(m).toBuilder().patch(4).stride(2).scales(2).k(3)
                .coverage(SamplerParams.Coverage.ANCHORED).upsample(SamplerParams.Upsample.PROVENANCE)
                .anchorRegions(2).anchorLayout(AnchorLayout.FACE).anchorWeight(8).anchorCap(0.4).build();
        // 12 similar sources: no source is much nearer than another, so the anchor weight leads
        List<LatentGrid> ys = new ArrayList<>();
        for (int b = 0; b < 12; b++) {
            LatentGrid g = TestGrids.gaussian(3, m, 700 + b);
            float[] d = g.data();
            for (int i = 0; i < d.length; i++) d[i] *= 0.2f;
            ys.add(new LatentGrid(3, m, d));
        }
        SourceBank bank = SourceBank.forParams(ys, null, null, p);
        int outputs = 24;
        double[][] share = new double[2][2];  // [anchor of region][cells inside / outside the ellipse]
        for (SampleResult r : new PatchSampler().sampleMany(bank, p, GenerationRequest.random(), 17, 0, outputs, 1)) {
            int[] a = faceAnchors(bank, 17, r.imageIndex(), 2);
            int[] prov = r.provenance();
            for (int region = 0; region < 2; region++) {
                int[] hit = new int[2];
                int[] cells = new int[2];
                for (int y = 0; y < m; y++) {
                    for (int x = 0; x < m; x++) {
                        // a cell is inside when its centre is
                        int where = AnchoredCoverage.insideFace(2L * y + 1, 2L * x + 1, m) ? 0 : 1;
                        cells[where]++;
                        if (prov[y * m + x] == bank.sourceId(a[region])) hit[where]++;
                    }
                }
                for (int w = 0; w < 2; w++) share[region][w] += hit[w] / (double) cells[w] / outputs;
            }
        }
        assertThat(share[1][1]).as("outside the face from the outer anchor").isGreaterThan(0.3);
        assertThat(share[1][1]).as("outer anchor: outside vs inside").isGreaterThan(2 * share[1][0]);
        assertThat(share[0][0]).as("inside the face from the inner anchor").isGreaterThan(0.3);
        assertThat(share[0][0]).as("inner anchor: inside vs outside").isGreaterThan(2 * share[0][1]);
    }

    @Test
    void aPatchWritesOnlyItsOwnRegionsCellsSoAnOverwhelmingAnchorFillsItsRegionExactly() {
        // weight 1e6, cap 1: every step takes its region's anchor, so each cell owned by a region is that region's anchor's
        for (int regions : new int[] {2, 3, 5}) {
            int m = 32;
            SamplerParams p = SamplerParams.defaultsFor(m).toBuilder().coverage(SamplerParams.Coverage.ANCHORED)
                    .upsample(SamplerParams.Upsample.PROVENANCE).anchorLayout(AnchorLayout.FACE).anchorRegions(regions)
                    .anchorWeight(1e6).anchorCap(1.0).build();
            SourceBank bank = TestGrids.bank(6, 3, m, p, 91 + regions);
            boolean[] owned = AnchoredCoverage.faceOwned(AnchorLayout.FACE, regions, m, p.patch(), ScaleSchedule.corners(m, p.patch(), p.stride()));
            int ownedCells = 0;
            for (boolean o : owned) if (o) ownedCells++;
            assertThat(ownedCells).as("nearly every cell has a patch of its own region").isGreaterThan(m * m * 9 / 10);
            for (SampleResult r : new PatchSampler().sampleMany(bank, p, GenerationRequest.random(), 5, 0, 6, 1)) {
                int[] a = faceAnchors(bank, 5, r.imageIndex(), regions);
                int[] prov = r.provenance();
                for (int y = 0; y < m; y++) {
                    for (int x = 0; x < m; x++) {
                        if (!owned[y * m + x]) continue;
                        int region = AnchoredCoverage.faceCellRegion(AnchorLayout.FACE, regions, m, y, x);
                        assertThat(prov[y * m + x]).as("regions %d image %d cell (%d, %d) of region %d", regions, r.imageIndex(), y, x, region)
                                .isEqualTo(bank.sourceId(a[region]));
                    }
                }
            }
        }
    }

    @Test
    void thePooledLayoutSplitsTheOutsideAtTheBrowsSoNoQuarterOutweighsTheWholeInnerFace() {
        int m = 32;
        int[] face = cellsPerRegion(AnchorLayout.FACE, 5, m);
        int[] pooled = cellsPerRegion(AnchorLayout.FACE_POOLED, 5, m);
        assertThat(face[0]).as("the ellipse: π·62·68 of 256² pixels").isEqualTo(pooled[0]).isEqualTo(210);
        // split at the ellipse's centre row, the upper quarters hold more than a whole inner face
        assertThat(face).containsExactly(210, 254, 254, 153, 153);
        for (int r = 1; r <= 4; r++) assertThat(pooled[r]).as("pooled quarter %d", r).isBetween(195, 209);
        assertThat(pooled[1]).isEqualTo(pooled[2]);
        assertThat(pooled[3]).isEqualTo(pooled[4]);
        // the split is the brows' row (104 of 256 px): rows 0-12 of 32 are above it
        assertThat(AnchoredCoverage.faceCellRegion(AnchorLayout.FACE_POOLED, 5, m, 12, 0)).isEqualTo(1);
        assertThat(AnchoredCoverage.faceCellRegion(AnchorLayout.FACE_POOLED, 5, m, 13, 0)).isEqualTo(3);
        assertThat(AnchoredCoverage.faceCellRegion(AnchorLayout.FACE_BALANCED, 5, m, 13, 0)).as("the other layouts keep theirs").isEqualTo(1);
        // with 3 regions the pooled layout's upper and lower outside split there too
        assertThat(AnchoredCoverage.faceCellRegion(AnchorLayout.FACE_POOLED, 3, m, 13, 31)).isEqualTo(2);
        assertThat(AnchoredCoverage.faceCellRegion(AnchorLayout.FACE, 3, m, 13, 31)).isEqualTo(1);
    }

    private static int[] cellsPerRegion(AnchorLayout layout, int regions, int m) {
        int[] cells = new int[regions];
        for (int y = 0; y < m; y++) {
            for (int x = 0; x < m; x++) cells[AnchoredCoverage.faceCellRegion(layout, regions, m, y, x)]++;
        }
        return cells;
    }

    @Test
    void theOutsidesAnchorsAreNearTheInnerAnchorAlongTheRim() {
        int m = 16;
        SamplerParams p = SamplerParams.defaultsFor(m).toBuilder().coverage(SamplerParams.Coverage.ANCHORED).build();
        List<LatentGrid> ys = new ArrayList<>(TestGrids.gaussians(10, 3, m, 31));
        // source 5 is source 0 on the rim (and itself elsewhere): the nearest to 0, at distance 0
        boolean[] rim = AnchoredCoverage.faceRim(m);
        float[] five = ys.get(5).data().clone();
        float[] zero = ys.get(0).data();
        for (int c = 0; c < 3; c++) {
            for (int cell = 0; cell < m * m; cell++) if (rim[cell]) five[c * m * m + cell] = zero[c * m * m + cell];
        }
        ys.set(5, new LatentGrid(3, m, five));
        SourceBank bank = SourceBank.forParams(ys, null, null, p);
        int rimCells = 0;
        for (boolean b : rim) if (b) rimCells++;
        assertThat(rimCells).as("the rim: a ring of cells around the ellipse's edge").isBetween(m * m / 10, m * m / 3);
        double[][] rows = new double[10][];
        for (int i = 0; i < 10; i++) rows[i] = AnchoredCoverage.rimDistances(bank, i);
        for (int i = 0; i < 10; i++) {
            assertThat(rows[i][i]).isZero();
            for (int j = 0; j < 10; j++) {
                assertThat(rows[i][j]).as("symmetric").isEqualTo(rows[j][i]);
                if (i != j && !(Math.min(i, j) == 0 && Math.max(i, j) == 5)) assertThat(rows[i][j]).isPositive();
            }
        }
        assertThat(rows[0][5]).isZero();
        for (int regions : new int[] {2, 3, 5}) {
            for (int index = 0; index < 40; index++) {
                int[] grid = AnchoredCoverage.anchors(9, index, 10, regions);
                int[] face = AnchoredCoverage.faceAnchors(grid, rows[grid[0]]);
                assertThat(face).isEqualTo(AnchoredCoverage.faceAnchors(grid, rows[grid[0]]));
                assertThat(face[0]).as("the inner face keeps its anchor").isEqualTo(grid[0]);
                assertThat(face).doesNotHaveDuplicates();
                double[] row = rows[grid[0]];
                for (int r = 1; r < regions; r++) {
                    // at most 3 + (r − 1) entries other than the inner anchor are nearer
                    int nearer = 0;
                    for (int j = 0; j < 10; j++) if (j != grid[0] && row[j] < row[face[r]]) nearer++;
                    assertThat(nearer).as("regions %d image %d region %d", regions, index, r).isLessThan(3 + r - 1);
                }
                if (grid[0] == 0 && regions == 2 && Math.floorMod(grid[1], 3) == 0) assertThat(face[1]).isEqualTo(5);
            }
        }
        // fewer sources than regions: region r >= B repeats region r mod B, and a single free source is taken
        int[] two = AnchoredCoverage.faceAnchors(new int[] {1, 0, 1}, new double[] {3.0, 0.0});
        assertThat(two).containsExactly(1, 0, 1);
    }

    /**
     * The balanced rule written out slowly: replay the group from its first position, each outside region taking,
     * among the free entries sorted by (uses in the group for this region, rim distance, index), those with the fewest
     * uses, the first 3 of them, and entry {@code anchors[r] mod n}.
     */
    private static int[] balancedSlowly(long seed, int index, int b, int regions, double[][] rows) {
        return balancedSlowly(seed, index, b, regions, Integer.MAX_VALUE, rows);
    }

    /** {@link #balancedSlowly} with the free entries first cut to the {@code pool} nearest along the rim (ties by index). */
    private static int[] balancedSlowly(long seed, int index, int b, int regions, int pool, double[][] rows) {
        int block = index / b;
        int position = index % b;
        int[][] uses = new int[regions][b];
        int[] out = null;
        for (int p = position - position % AnchoredCoverage.BALANCE_GROUP; p <= position; p++) {
            out = AnchoredCoverage.anchors(seed, block * b + p, b, regions);
            double[] row = rows[out[0]];
            List<Integer> taken = new ArrayList<>(List.of(out[0]));
            for (int r = 1; r < regions; r++) {
                if (r >= b) {
                    out[r] = out[r % b];
                    continue;
                }
                final int region = r;
                List<Integer> free = new ArrayList<>();
                for (int e = 0; e < b; e++) if (!taken.contains(e)) free.add(e);
                free.sort(java.util.Comparator.<Integer>comparingDouble(e -> row[e]).thenComparingInt(e -> e));
                free = new ArrayList<>(free.subList(0, Math.min(pool, free.size())));
                free.sort(java.util.Comparator.<Integer>comparingInt(e -> uses[region][e]).thenComparingDouble(e -> row[e])
                        .thenComparingInt(e -> e));
                int least = uses[r][free.get(0)];
                List<Integer> near = free.stream().filter(e -> uses[region][e] == least).limit(3).toList();
                out[r] = near.get(Math.floorMod(out[r], near.size()));
                taken.add(out[r]);
                uses[r][out[r]]++;
            }
        }
        return out;
    }

    @Test
    void balancedDonorsFollowTheSlowRuleAndSpreadOverTheOutputs() {
        int m = 16;
        SamplerParams p = SamplerParams.defaultsFor(m).toBuilder().coverage(SamplerParams.Coverage.ANCHORED).build();
        for (int b : new int[] {2, 3, 5, 16, 40}) {
            List<LatentGrid> ys = TestGrids.gaussians(b, 3, m, 100 + b);
            SourceBank bank = SourceBank.forParams(ys, null, null, p);
            double[][] rows = new double[b][];
            for (int i = 0; i < b; i++) rows[i] = AnchoredCoverage.rimDistances(bank, i);
            for (int regions : new int[] {2, 3, 5}) {
                for (int index = 0; index < 3 * b + 5; index++) {
                    int[] fast = AnchoredCoverage.faceAnchorsBalanced(7, index, b, regions, inner -> rows[inner]);
                    assertThat(fast).as("B=%d regions=%d image %d", b, regions, index)
                            .isEqualTo(balancedSlowly(7, index, b, regions, rows));
                    assertThat(fast[0]).isEqualTo(AnchoredCoverage.anchor(7, index, b));
                    if (b >= regions) assertThat(fast).doesNotHaveDuplicates();
                }
            }
        }
        // a hub: source 0's rim is the mean of the others', so it is the nearest to every inner face along the rim
        int b = 16;
        double[][] rows = hubRimRows(b, m, p);
        int[][] nearestUses = new int[5][b];
        int[][] balancedUses = new int[5][b];
        for (int index = 0; index < b; index++) {
            int[] grid = AnchoredCoverage.anchors(3, index, b, 5);
            int[] nearest = AnchoredCoverage.faceAnchors(grid, rows[grid[0]]);
            int[] balanced = AnchoredCoverage.faceAnchorsBalanced(3, index, b, 5, inner -> rows[inner]);
            for (int r = 1; r < 5; r++) {
                nearestUses[r][nearest[r]]++;
                balancedUses[r][balanced[r]]++;
            }
        }
        int nearestHub = 0;
        for (int r = 1; r < 5; r++) {
            nearestHub += nearestUses[r][0];
            for (int e = 0; e < b; e++) {
                assertThat(balancedUses[r][e]).as("region %d source %d: used at most twice in a block of 16", r, e).isLessThanOrEqualTo(2);
            }
            long distinct = java.util.Arrays.stream(balancedUses[r]).filter(u -> u > 0).count();
            assertThat(distinct).as("region %d: nearly every source frames one output", r).isGreaterThanOrEqualTo(b - 4);
        }
        int balancedHub = 0;
        for (int r = 1; r < 5; r++) balancedHub += balancedUses[r][0];
        assertThat(nearestHub).as("the nearest rule: the hub frames most outputs").isGreaterThanOrEqualTo(b / 2);
        assertThat(balancedHub).as("balanced: the hub frames about one output per region").isLessThanOrEqualTo(5);
    }

    @Test
    void pooledDonorsFollowTheSlowRuleStayAmongTheNearestAndSpread() {
        int m = 16;
        SamplerParams p = SamplerParams.defaultsFor(m).toBuilder().coverage(SamplerParams.Coverage.ANCHORED).build();
        for (int b : new int[] {2, 3, 5, 16, 40}) {
            List<LatentGrid> ys = TestGrids.gaussians(b, 3, m, 200 + b);
            SourceBank bank = SourceBank.forParams(ys, null, null, p);
            double[][] rows = new double[b][];
            for (int i = 0; i < b; i++) rows[i] = AnchoredCoverage.rimDistances(bank, i);
            for (int regions : new int[] {2, 3, 5}) {
                for (int pool : new int[] {1, 3, AnchoredCoverage.DONOR_POOL, 100}) {
                    for (int index = 0; index < 3 * b + 5; index++) {
                        int[] pooled = AnchoredCoverage.faceAnchorsBalanced(7, index, b, regions, pool, inner -> rows[inner]);
                        assertThat(pooled).as("B=%d regions=%d pool %d image %d", b, regions, pool, index)
                                .isEqualTo(balancedSlowly(7, index, b, regions, pool, rows));
                        if (pool >= b - 1) {
                            assertThat(pooled).as("a pool of every other source is the balanced rule")
                                    .isEqualTo(AnchoredCoverage.faceAnchorsBalanced(7, index, b, regions, inner -> rows[inner]));
                        }
                        // each donor is among the pool nearest to the inner face of the entries the earlier regions left
                        double[] row = rows[pooled[0]];
                        for (int r = 1; r < Math.min(regions, b); r++) {
                            int donor = pooled[r];
                            int closerFree = 0;
                            for (int e = 0; e < b; e++) {
                                boolean earlier = false;
                                for (int q = 0; q < r; q++) earlier |= pooled[q] == e;
                                if (!earlier && (row[e] < row[donor] || (row[e] == row[donor] && e < donor))) closerFree++;
                            }
                            assertThat(closerFree).as("B=%d pool %d region %d: donor's rank", b, pool, r).isLessThan(pool);
                        }
                    }
                }
            }
        }
        assertThatThrownBy(() -> AnchoredCoverage.faceAnchorsBalanced(7, 0, 16, 5, 0, inner -> new double[16]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("donor pool");
        // the hub of the test above: pooled, it still frames only its share of the outputs
        int b = 16;
        double[][] rows = hubRimRows(b, m, p);
        int[] pooledHub = new int[5];
        int nearestHub = 0;
        for (int index = 0; index < b; index++) {
            int[] pooled = AnchoredCoverage.faceAnchorsBalanced(3, index, b, 5, AnchoredCoverage.DONOR_POOL, inner -> rows[inner]);
            int[] nearest = AnchoredCoverage.faceAnchors(AnchoredCoverage.anchors(3, index, b, 5), rows[pooled[0]]);
            for (int r = 1; r < 5; r++) {
                if (pooled[r] == 0) pooledHub[r]++;
                if (nearest[r] == 0) nearestHub++;
            }
        }
        for (int r = 1; r < 5; r++) {
            assertThat(pooledHub[r]).as("pooled, region %d: the hub frames at most two of 16 outputs", r).isLessThanOrEqualTo(2);
        }
        assertThat(java.util.Arrays.stream(pooledHub).sum()).as("pooled: the hub frames fewer outputs than with the nearest rule")
                .isLessThan(nearestHub);
        assertThat(SamplerParams.AnchorLayout.FACE_POOLED.donorPool()).isEqualTo(AnchoredCoverage.DONOR_POOL);
        assertThat(SamplerParams.AnchorLayout.FACE_BALANCED.donorPool()).isEqualTo(Integer.MAX_VALUE);
        assertThat(SamplerParams.AnchorLayout.FACE.balanced()).isFalse();
    }

    /** Rim distances of B gaussian sources where source 0, the mean of the others, is the nearest to all along the rim (a hub). */
    private static double[][] hubRimRows(int b, int m, SamplerParams p) {
        List<LatentGrid> ys = TestGrids.gaussians(b, 3, m, 77);
        float[] hub = new float[3 * m * m];
        for (int i = 1; i < b; i++) {
            float[] y = ys.get(i).data();
            for (int v = 0; v < hub.length; v++) hub[v] += y[v] / (b - 1);
        }
        ys.set(0, new LatentGrid(3, m, hub));
        SourceBank bank = SourceBank.forParams(ys, null, null, p);
        double[][] rows = new double[b][];
        for (int i = 0; i < b; i++) rows[i] = AnchoredCoverage.rimDistances(bank, i);
        return rows;
    }

    @Test
    void theRimRowCacheIsBoundedButHoldsAGroup() {
        assertThat(Lockstep.rimCacheRows(16)).as("a small bank: every inner anchor's row").isGreaterThan(16);
        assertThat((long) Lockstep.rimCacheRows(30_000) * 30_000).as("B = 30 000: about 64 MB of rows, not B²")
                .isLessThanOrEqualTo(Lockstep.RIM_CACHE_DOUBLES);
        assertThat(Lockstep.rimCacheRows(Integer.MAX_VALUE)).as("a group's rows stay cached while it replays")
                .isEqualTo(AnchoredCoverage.BALANCE_GROUP + 1);
    }

    @Test
    void theFaceLayoutIsValidatedCarriedAndChangesTheOutputs() {
        SamplerParams anchored = SamplerParams.defaultsFor(16).toBuilder().coverage(SamplerParams.Coverage.ANCHORED).scales(2).build();
        SamplerParams face = anchored.toBuilder().anchorLayout(AnchorLayout.FACE).anchorRegions(2).build();
        assertThatCode(() -> face.validate(16, 4)).doesNotThrowAnyException();
        assertThatCode(() -> face.toBuilder().anchorRegions(3).build().validate(16, 2)).doesNotThrowAnyException();
        assertThatCode(() -> face.toBuilder().anchorRegions(5).build().validate(16, 2)).doesNotThrowAnyException();
        for (int regions : new int[] {1, 4, 6, 0}) {
            assertThatThrownBy(() -> face.toBuilder().anchorRegions(regions).build().validate(16, 4))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("anchor regions with the face layout must be 2 (inner face, outside), 3 (inner face, outside above,"
                            + " outside below) or 5 (inner face, the outside's four quarters), got " + regions);
        }
        assertThatThrownBy(() -> anchored.toBuilder().anchorRegions(5).build().validate(16, 4))
                .hasMessageContaining("anchor regions must be 1");
        assertThatThrownBy(() -> SamplerParams.defaultsFor(16).toBuilder().anchorLayout(AnchorLayout.FACE).anchorRegions(2).build()
                .validate(16, 4)).hasMessageContaining("only apply with coverage ANCHORED").hasMessageContaining("anchorLayout=FACE");
        assertThat(face.defaultAnchors()).isFalse();
        assertThat(face).isNotEqualTo(anchored.toBuilder().anchorRegions(2).build());
        assertThat(face.toBuilder().build()).isEqualTo(face).hasSameHashCodeAs(face);
        assertThat(face.toString()).contains("anchorRegions=2, anchorLayout=FACE, anchorWeight=4.0");
        assertThat(anchored.toBuilder().anchorRegions(2).build().toString()).doesNotContain("anchorLayout");

        SourceBank bank = TestGrids.bank(8, 4, 16, anchored, 3);
        GenerationRequest req = GenerationRequest.random();
        long grid2 = AnchorRegionsTest.digest(new PatchSampler().sampleMany(bank, anchored.toBuilder().anchorRegions(2).build(), req, 1, 0, 8, 1));
        long face2 = AnchorRegionsTest.digest(new PatchSampler().sampleMany(bank, face, req, 1, 0, 8, 1));
        SamplerParams face3 = face.toBuilder().anchorRegions(3).build();
        long face3d = AnchorRegionsTest.digest(new PatchSampler().sampleMany(bank, face3, req, 1, 0, 8, 1));
        long face5d = AnchorRegionsTest.digest(new PatchSampler().sampleMany(bank, face.toBuilder().anchorRegions(5).build(), req, 1, 0, 8, 1));
        assertThat(face5d).isNotEqualTo(face3d).isNotEqualTo(face2);
        assertThat(face2).isNotEqualTo(grid2).isNotEqualTo(face3d)
                .isEqualTo(AnchorRegionsTest.digest(new PatchSampler().sampleMany(bank, face, req, 1, 0, 8, 2)));
    }
}
