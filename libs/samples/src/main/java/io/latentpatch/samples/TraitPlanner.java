package io.latentpatch.samples;

import io.latentpatch.samples.PortraitTraits.Background;
import io.latentpatch.samples.PortraitTraits.EyeColour;
import io.latentpatch.samples.PortraitTraits.HairColour;
import io.latentpatch.samples.PortraitTraits.HairStyle;
import io.latentpatch.samples.PortraitTraits.Skin;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Chooses the discrete attributes of a sample set by design rather than by chance.
 *
 * <p>Every attribute gets exact quotas (largest-remainder rounding of its weights), independently
 * shuffled with the seed. Then value swaps between portraits — which keep every quota — are made
 * until every pair of boolean label columns has each of its four combinations at least
 * {@code min(2, floor(expected))} times, so two-attribute filters such as
 * {@code blond=true,glasses=true} find matches.
 */
final class TraitPlanner {
    // Attribute order: rows of design[][] and of WEIGHTS.
    private static final int HAIR = 0, STYLE = 1, GLASSES = 2, SMILE = 3, SKIN = 4,
            BACKGROUND = 5, BEARD = 6, EARRINGS = 7, EYES = 8;

    /** Relative frequency of each value, in enum (or false, true) order. */
    private static final int[][] WEIGHTS = {
            {1, 1, 1, 1, 1},  // hair: black brown blond red grey
            {1, 1, 1, 1},     // style: short long bald bun
            {5, 3},           // glasses
            {1, 1},           // smile
            {1, 1, 1},        // skin
            {1, 1, 1, 1, 1},  // background
            {3, 1},           // beard
            {3, 1},           // earrings
            {2, 1, 1, 1},     // eyes: brown blue green grey
    };

    /** Boolean label columns as {attribute, value meaning "true"}: glasses, smile, beard, earrings, bald, blond. */
    private static final int[][] BOOLEAN_COLUMNS = {
            {GLASSES, 1}, {SMILE, 1}, {BEARD, 1}, {EARRINGS, 1},
            {STYLE, HairStyle.BALD.ordinal()}, {HAIR, HairColour.BLOND.ordinal()},
    };

    private static final int MAX_SWAP_TRIES = 4000;

    private TraitPlanner() {
    }

    static List<PortraitTraits> plan(int count, long seed) {
        Random rnd = new Random(seed);
        int[][] design = new int[WEIGHTS.length][];
        for (int a = 0; a < WEIGHTS.length; a++) {
            design[a] = balancedColumn(WEIGHTS[a], count);
            shuffle(design[a], rnd);
        }
        repairCombinations(design, count, rnd);

        List<PortraitTraits> traits = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            traits.add(new PortraitTraits(
                    HairColour.values()[design[HAIR][i]],
                    HairStyle.values()[design[STYLE][i]],
                    design[GLASSES][i] == 1,
                    design[SMILE][i] == 1,
                    Skin.values()[design[SKIN][i]],
                    Background.values()[design[BACKGROUND][i]],
                    design[BEARD][i] == 1,
                    design[EARRINGS][i] == 1,
                    EyeColour.values()[design[EYES][i]]));
        }
        return traits;
    }

    /** Values 0..k-1 with counts proportional to {@code weights}, largest remainder first, ties to the lower value. */
    static int[] balancedColumn(int[] weights, int count) {
        int total = 0;
        for (int w : weights) total += w;
        int[] quota = new int[weights.length];
        long[] remainder = new long[weights.length];
        int assigned = 0;
        for (int v = 0; v < weights.length; v++) {
            long exact = (long) count * weights[v];
            quota[v] = (int) (exact / total);
            remainder[v] = exact % total;
            assigned += quota[v];
        }
        while (assigned < count) {
            int best = 0;
            for (int v = 1; v < weights.length; v++) if (remainder[v] > remainder[best]) best = v;
            quota[best]++;
            remainder[best] = -1;
            assigned++;
        }
        int[] column = new int[count];
        int i = 0;
        for (int v = 0; v < weights.length; v++) for (int q = 0; q < quota[v]; q++) column[i++] = v;
        return column;
    }

    private static void shuffle(int[] a, Random rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Hill-climbs on {@link #deficit} with quota-preserving swaps; stops at zero or after a fixed budget. */
    private static void repairCombinations(int[][] design, int count, Random rnd) {
        if (count < 2) return;
        int deficit = deficit(design, count);
        for (int attempt = 0; attempt < MAX_SWAP_TRIES && deficit > 0; attempt++) {
            int a = BOOLEAN_COLUMNS[rnd.nextInt(BOOLEAN_COLUMNS.length)][0];
            int i = rnd.nextInt(count);
            int j = rnd.nextInt(count);
            if (design[a][i] == design[a][j]) continue;
            swap(design[a], i, j);
            int after = deficit(design, count);
            if (after <= deficit) {
                deficit = after;
            } else {
                swap(design[a], i, j);
            }
        }
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** Sum over boolean-column pairs and their four combinations of how many portraits are missing. */
    static int deficit(int[][] design, int count) {
        int n = BOOLEAN_COLUMNS.length;
        boolean[][] on = new boolean[n][count];
        int[] trues = new int[n];
        for (int c = 0; c < n; c++) {
            int[] col = design[BOOLEAN_COLUMNS[c][0]];
            for (int i = 0; i < count; i++) {
                on[c][i] = col[i] == BOOLEAN_COLUMNS[c][1];
                if (on[c][i]) trues[c]++;
            }
        }
        int missing = 0;
        int[] combo = new int[4];
        for (int c1 = 0; c1 < n; c1++) {
            for (int c2 = c1 + 1; c2 < n; c2++) {
                combo[0] = combo[1] = combo[2] = combo[3] = 0;
                for (int i = 0; i < count; i++) combo[(on[c1][i] ? 2 : 0) + (on[c2][i] ? 1 : 0)]++;
                for (int k = 0; k < 4; k++) {
                    long n1 = (k & 2) != 0 ? trues[c1] : count - trues[c1];
                    long n2 = (k & 1) != 0 ? trues[c2] : count - trues[c2];
                    int target = (int) Math.min(2, n1 * n2 / count);
                    missing += Math.max(0, target - combo[k]);
                }
            }
        }
        return missing;
    }
}
