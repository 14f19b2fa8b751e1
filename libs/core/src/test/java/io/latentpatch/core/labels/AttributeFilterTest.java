package io.latentpatch.core.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.core.labels.AttributeFilter.Condition;
import io.latentpatch.core.labels.AttributeFilter.Op;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeFilterTest {
    private static final SourceLabels LABELS = table("""
            file,blond,glasses,hair
            a.png,true,no,Brown
            b.png,YES,1,black
            c.png,0,true,brown
            d.png,1,false,
            e.png,no,,blond
            """);
    /** A table from simple comma-separated rows (no quoting): header {@code file,attr...}, then one row per key. */
    private static SourceLabels table(String rows) {
        String[] lines = rows.strip().split("\n");
        String[] header = lines[0].split(",", -1);
        SourceLabels.Builder b = SourceLabels.builder();
        for (int r = 1; r < lines.length; r++) {
            String[] cells = lines[r].split(",", -1);
            SourceLabels.Builder.Entry e = b.entry(cells[0], "row " + r);
            for (int c = 1; c < header.length; c++) e.put(header[c], cells[c]);
        }
        return b.build();
    }

    private static final List<String> NAMES = List.of("a.png", "b.png", "c.png", "d.png", "e.png");

    @Test
    void parsesConditionsWithBothOperatorsAndBlanks() {
        AttributeFilter f = AttributeFilter.parse(" blond = true , glasses!=yes,hair==brown");
        assertThat(f.conditions()).containsExactly(
                new Condition("blond", Op.EQUALS, "true"),
                new Condition("glasses", Op.NOT_EQUALS, "yes"),
                new Condition("hair", Op.EQUALS, "brown"));
        assertThat(f).hasToString("blond=true,glasses!=yes,hair=brown");
        assertThat(AttributeFilter.parse(f.toString()).conditions()).isEqualTo(f.conditions());
    }

    @Test
    void badSyntaxIsExplained() {
        assertThatThrownBy(() -> AttributeFilter.parse(" ")).hasMessageContaining("empty attribute filter");
        assertThatThrownBy(() -> AttributeFilter.parse("blond=true,,glasses=no")).hasMessageContaining("empty condition");
        assertThatThrownBy(() -> AttributeFilter.parse("blond")).hasMessageContaining("'blond'").hasMessageContaining("no '=' or '!='");
        assertThatThrownBy(() -> AttributeFilter.parse("=true")).hasMessageContaining("no attribute name");
        assertThatThrownBy(() -> AttributeFilter.parse("blond=")).hasMessageContaining("no value");
        assertThatThrownBy(() -> AttributeFilter.parse("blond!=")).hasMessageContaining("no value");
        assertThatThrownBy(() -> AttributeFilter.parse("a=b=c")).hasMessageContaining("malformed");
    }

    @Test
    void booleansMatchAcrossSpellingsAndCase() {
        assertThat(AttributeFilter.parse("blond=true").matching(NAMES, LABELS)).containsExactly(0, 1, 3);
        assertThat(AttributeFilter.parse("blond=YES").matching(NAMES, LABELS)).containsExactly(0, 1, 3);
        assertThat(AttributeFilter.parse("BLOND=0").matching(NAMES, LABELS)).containsExactly(2, 4);
        assertThat(AttributeFilter.parse("blond=true,glasses=false").matching(List.of("a.png", "d.png"), LABELS))
                .containsExactly(0, 1);
    }

    @Test
    void stringsMatchIgnoringCase() {
        assertThat(AttributeFilter.parse("hair=brown").matching(NAMES, LABELS)).containsExactly(0, 2);
        assertThat(AttributeFilter.parse("hair!=BROWN").matching(NAMES, LABELS)).containsExactly(1, 4);
    }

    @Test
    void missingValuesMatchNeitherEqualsNorNotEquals() {
        // e.png has no glasses value and d.png no hair value
        assertThat(AttributeFilter.parse("glasses!=true").matching(NAMES, LABELS)).containsExactly(0, 3);
        assertThat(AttributeFilter.parse("glasses=true").matching(NAMES, LABELS)).containsExactly(1, 2);
        assertThat(AttributeFilter.parse("hair!=black").matching(NAMES, LABELS)).containsExactly(0, 2, 4);
    }

    @Test
    void matchesPlainMaps() {
        AttributeFilter f = AttributeFilter.parse("Smile=yes");
        assertThat(f.matches(Map.of("smile", "1"))).isTrue();
        assertThat(f.matches(Map.of("smile", "no"))).isFalse();
        assertThat(f.matches(Map.of())).isFalse();
    }

    @Test
    void fewerThanTwoMatchesIsAnErrorGivingCountAndFilter() {
        assertThatThrownBy(() -> AttributeFilter.parse("blond=true,hair=black").matching(NAMES, LABELS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 of 5 sources match").hasMessageContaining("'blond=true,hair=black'")
                .hasMessageContaining("at least 2");
        assertThatThrownBy(() -> AttributeFilter.parse("hair=red").matching(NAMES, LABELS))
                .hasMessageContaining("0 of 5 sources match");
    }

    @Test
    void unknownAttributesListTheKnownOnes() {
        assertThatThrownBy(() -> AttributeFilter.parse("blnd=true").matching(NAMES, LABELS))
                .hasMessageContaining("unknown attribute 'blnd'").hasMessageContaining("known attributes: blond, glasses, hair");
    }

    @Test
    void sourcesWithoutLabelsAreNamed() {
        assertThatThrownBy(() -> AttributeFilter.parse("blond=true").matching(List.of("a.png", "x.png", "y.png"), LABELS))
                .hasMessageContaining("no labels for 2 of 3 sources: x.png, y.png")
                .hasMessageContaining("e.g. a.png, b.png, c.png, ...");
    }

    @Test
    void sourcesAreMatchedByPathAndIndex() {
        SourceLabels byIndex = table("file,smile\n0,true\n1,false\n2,true\n");
        List<String> keys = List.of("sources/s1/images/0.png", "sources/s1/images/1.png", "sources/s1/images/2.png");
        assertThat(AttributeFilter.parse("smile=true").matching(keys, byIndex)).containsExactly(0, 2);
    }
}
