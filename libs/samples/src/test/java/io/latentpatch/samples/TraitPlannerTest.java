package io.latentpatch.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraitPlannerTest {
    private static final List<String> BOOLEAN_COLUMNS = List.of("glasses", "smile", "beard", "earrings", "bald", "blond");

    @Test
    void quotasAreTheExactSharesRoundedByLargestRemainder() {
        assertThat(counts(TraitPlanner.balancedColumn(new int[] {5, 3}, 32), 2)).containsExactly(20, 12);
        assertThat(counts(TraitPlanner.balancedColumn(new int[] {1, 1, 1, 1, 1}, 32), 5)).containsExactly(7, 7, 6, 6, 6);
        assertThat(counts(TraitPlanner.balancedColumn(new int[] {3, 1}, 7), 2)).containsExactly(5, 2);
        assertThat(counts(TraitPlanner.balancedColumn(new int[] {2, 1, 1, 1}, 1), 4)).containsExactly(1, 0, 0, 0);
    }

    @Test
    void samePlanForSameSeedAndCount() {
        assertThat(TraitPlanner.plan(40, 8)).isEqualTo(TraitPlanner.plan(40, 8));
        assertThat(TraitPlanner.plan(40, 8)).isNotEqualTo(TraitPlanner.plan(40, 9));
    }

    @Test
    void booleanPairsReachTheirTargetsForManySeedsAndCounts() {
        // target per combination: min(2, floor(expected count)) where expected = n(a) * n(b) / count
        for (int count : new int[] {8, 20, 32, 77}) {
            for (long seed = 0; seed < 50; seed++) {
                List<Map<String, String>> labels = TraitPlanner.plan(count, seed).stream().map(PortraitTraits::labels).toList();
                for (int a = 0; a < BOOLEAN_COLUMNS.size(); a++) {
                    for (int b = a + 1; b < BOOLEAN_COLUMNS.size(); b++) {
                        for (int k = 0; k < 4; k++) {
                            String ca = BOOLEAN_COLUMNS.get(a), cb = BOOLEAN_COLUMNS.get(b);
                            String va = Boolean.toString((k & 2) != 0), vb = Boolean.toString((k & 1) != 0);
                            long na = labels.stream().filter(l -> l.get(ca).equals(va)).count();
                            long nb = labels.stream().filter(l -> l.get(cb).equals(vb)).count();
                            long both = labels.stream().filter(l -> l.get(ca).equals(va) && l.get(cb).equals(vb)).count();
                            assertThat(both).as("count %d seed %d %s=%s,%s=%s", count, seed, ca, va, cb, vb)
                                    .isGreaterThanOrEqualTo(Math.min(2, na * nb / count));
                        }
                    }
                }
            }
        }
    }

    private static Integer[] counts(int[] column, int values) {
        Integer[] c = new Integer[values];
        java.util.Arrays.fill(c, 0);
        for (int v : column) c[v]++;
        return c;
    }
}
