package io.latentpatch.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SyntheticPortraitsTest {
    private static final List<String> BOOLEAN_COLUMNS = List.of("glasses", "smile", "beard", "earrings", "bald", "blond");
    private static final Map<String, Set<String>> VALUES = Map.of(
            "hair", Set.of("black", "brown", "blond", "red", "grey"),
            "hair_style", Set.of("short", "long", "bald", "bun"),
            "skin", Set.of("light", "medium", "dark"),
            "background", Set.of("blue", "green", "grey", "peach", "purple"),
            "eye_color", Set.of("brown", "blue", "green", "grey"));

    private static List<Portrait> defaults;

    @BeforeAll
    static void drawDefaultSet() {
        defaults = SyntheticPortraits.generate(SampleSet.DEFAULT_COUNT, SampleSet.DEFAULT_SEED, SampleSet.DEFAULT_SIZE);
    }

    @Test
    void sameArgumentsGiveIdenticalPixelsAndLabels() {
        List<Portrait> again = SyntheticPortraits.generate(SampleSet.DEFAULT_COUNT, SampleSet.DEFAULT_SEED,
                SampleSet.DEFAULT_SIZE);
        assertThat(again).hasSameSizeAs(defaults);
        for (int i = 0; i < again.size(); i++) {
            assertThat(again.get(i).name()).isEqualTo(defaults.get(i).name());
            assertThat(again.get(i).labels()).isEqualTo(defaults.get(i).labels());
            assertThat(pixels(again.get(i).image())).as(again.get(i).name()).isEqualTo(pixels(defaults.get(i).image()));
        }
    }

    @Test
    void awkwardSizeAndSeedAreDeterministicToo() {
        List<Portrait> a = SyntheticPortraits.generate(5, -7L, 97);
        List<Portrait> b = SyntheticPortraits.generate(5, -7L, 97);
        for (int i = 0; i < a.size(); i++) assertThat(pixels(a.get(i).image())).isEqualTo(pixels(b.get(i).image()));
    }

    @Test
    void differentSeedsGiveDifferentPortraits() {
        List<Portrait> other = SyntheticPortraits.generate(4, SampleSet.DEFAULT_SEED + 1, SampleSet.DEFAULT_SIZE);
        for (int i = 0; i < other.size(); i++) {
            assertThat(pixels(other.get(i).image())).isNotEqualTo(pixels(defaults.get(i).image()));
        }
    }

    @Test
    void returnsRequestedCountSizeNamesAndLabelColumns() {
        List<Portrait> portraits = SyntheticPortraits.generate(7, 11, 100);
        assertThat(portraits).hasSize(7);
        for (int i = 0; i < 7; i++) {
            Portrait p = portraits.get(i);
            assertThat(p.name()).isEqualTo(String.format("portrait_%03d.png", i));
            assertThat(p.image().getWidth()).isEqualTo(100);
            assertThat(p.image().getHeight()).isEqualTo(100);
            assertThat(p.image().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
            assertThat(List.copyOf(p.labels().keySet())).isEqualTo(SyntheticPortraits.LABEL_COLUMNS);
        }
        assertThat(SyntheticPortraits.fileName(1234)).isEqualTo("portrait_1234.png");
    }

    @Test
    void labelsUseOnlyDocumentedValuesAndDerivedColumnsAgree() {
        for (Portrait p : defaults) {
            VALUES.forEach((column, allowed) -> assertThat(allowed).as(p.name() + " " + column).contains(p.label(column)));
            for (String column : BOOLEAN_COLUMNS) assertThat(p.label(column)).isIn("true", "false");
            assertThat(p.label("blond")).isEqualTo(Boolean.toString(p.label("hair").equals("blond")));
            assertThat(p.label("bald")).isEqualTo(Boolean.toString(p.label("hair_style").equals("bald")));
        }
    }

    @Test
    void defaultSetHasEveryBooleanValueAtLeastTwice() {
        for (String column : BOOLEAN_COLUMNS) {
            assertThat(count(defaults, column, "true")).as(column + "=true").isGreaterThanOrEqualTo(2);
            assertThat(count(defaults, column, "false")).as(column + "=false").isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void defaultSetHasAtLeastTwoBlondPortraitsWithGlasses() {
        long matches = defaults.stream()
                .filter(p -> p.label("blond").equals("true") && p.label("glasses").equals("true"))
                .count();
        assertThat(matches).isGreaterThanOrEqualTo(2);
    }

    @Test
    void equallyWeightedValuesGetQuotasDifferingByAtMostOne() {
        for (String column : List.of("hair", "hair_style", "skin", "background", "smile")) {
            Map<String, Integer> counts = new HashMap<>();
            for (Portrait p : defaults) counts.merge(p.label(column), 1, Integer::sum);
            int expectedValues = column.equals("smile") ? 2 : VALUES.get(column).size();
            assertThat(counts).as(column).hasSize(expectedValues);
            int min = counts.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
            int max = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
            assertThat(max - min).as(column + " " + counts).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void everyPairOfBooleanColumnsHasEachCombinationTheQuotasAllow() {
        for (long seed : new long[] {SampleSet.DEFAULT_SEED, 1L, 99L}) {
            List<Portrait> set = seed == SampleSet.DEFAULT_SEED ? defaults : SyntheticPortraits.generate(32, seed, 32);
            int n = set.size();
            for (int a = 0; a < BOOLEAN_COLUMNS.size(); a++) {
                for (int b = a + 1; b < BOOLEAN_COLUMNS.size(); b++) {
                    for (String va : List.of("true", "false")) {
                        for (String vb : List.of("true", "false")) {
                            String ca = BOOLEAN_COLUMNS.get(a), cb = BOOLEAN_COLUMNS.get(b);
                            long expected = count(set, ca, va) * count(set, cb, vb) / n;
                            long found = set.stream()
                                    .filter(p -> p.label(ca).equals(va) && p.label(cb).equals(vb)).count();
                            assertThat(found).as("seed %d: %s=%s,%s=%s", seed, ca, va, cb, vb)
                                    .isGreaterThanOrEqualTo(Math.min(2, expected));
                        }
                    }
                }
            }
        }
    }

    @Test
    void eyesSitAtTheAlignedPositions() {
        for (int size : new int[] {256, 128, 320}) {
            List<Portrait> set = size == 256 ? defaults : SyntheticPortraits.generate(12, 5, size);
            for (Portrait p : set) {
                assertEye(p, size, SyntheticPortraits.LEFT_EYE_X);
                assertEye(p, size, SyntheticPortraits.RIGHT_EYE_X);
            }
        }
    }

    private static void assertEye(Portrait p, int size, double expectedX) {
        // the pupil is the darkest thing in a small window around where the eye should be
        double[] c = Landmarks.darkCentroid(p.image(), expectedX * size, SyntheticPortraits.EYE_Y * size,
                (int) (0.035 * size), (int) (0.03 * size), 12);
        assertThat(c[0] / size).as("%s at %d px: eye x", p.name(), size).isCloseTo(expectedX, within(0.006));
        assertThat(c[1] / size).as("%s at %d px: eye y", p.name(), size)
                .isCloseTo(SyntheticPortraits.EYE_Y, within(0.006));
    }

    @Test
    void mouthLineSitsNearSeventyPercentOfTheHeight() {
        for (Portrait p : defaults) {
            if (p.label("beard").equals("true")) continue;   // a dark beard would win the darkest-row search
            int size = p.image().getWidth();
            int row = Landmarks.darkestRow(p.image(), (int) (0.46 * size), (int) (0.54 * size), (int) (0.655 * size),
                    (int) (0.78 * size));
            assertThat((row + 0.5) / size).as(p.name()).isCloseTo(SyntheticPortraits.MOUTH_Y, within(0.025));
        }
    }

    @Test
    void rejectsCountsAndSizesOutOfRangeWithTheAllowedRange() {
        assertThatThrownBy(() -> SyntheticPortraits.generate(0, 1, 256))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count must be 1..").hasMessageContaining("got 0");
        assertThatThrownBy(() -> SyntheticPortraits.generate(3, 1, 16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size must be 32..").hasMessageContaining("got 16");
    }

    @Test
    void portraitLabelLookupNamesKnownColumnsWhenMissing() {
        assertThatThrownBy(() -> defaults.get(0).label("hat"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hat").hasMessageContaining("hair_style");
    }

    private static org.assertj.core.data.Offset<Double> within(double v) {
        return org.assertj.core.data.Offset.offset(v);
    }

    private static long count(List<Portrait> set, String column, String value) {
        return set.stream().filter(p -> p.label(column).equals(value)).count();
    }

    static int[] pixels(BufferedImage im) {
        return im.getRGB(0, 0, im.getWidth(), im.getHeight(), null, 0, im.getWidth());
    }
}
