package io.latentpatch.contracts.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.core.labels.SourceLabels;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Labels JSON is strict RFC 8259; errors give line and column. */
class LabelsJsonSyntaxTest {

    private static Map<String, String> labelsOf(String attributesJson) {
        SourceLabels l = LabelsReader.fromJson("{\"a.png\": " + attributesJson + "}");
        return l.find("a.png", 0).orElseThrow();
    }

    @Test
    void stringsEscapesNumbersAsWrittenBooleansAndNull() {
        Map<String, String> m = labelsOf(" {\"s\": \"a\\\"b\\\\c\\/\\n\\u00e9\\ud83d\\ude00\", \"n\": -12.5e+3, \"z\": 0,"
                + " \"d\": 1.50, \"t\": true, \"f\": false, \"x\": null} ");
        assertThat(m).containsExactly(Map.entry("s", "a\"b\\c/\né\uD83D\uDE00"), Map.entry("n", "-12.5e+3"), Map.entry("z", "0"),
                Map.entry("d", "1.50"), Map.entry("t", "true"), Map.entry("f", "false"));
        assertThat(LabelsReader.fromJson("\uFEFF{\"a.png\": {}}").keys()).containsExactly("a.png");
    }

    @Test
    void rejectsNonStrictJsonWithLineAndColumn() {
        assertThatThrownBy(() -> LabelsReader.fromJson("{\"a\": 1,}")).hasMessageStartingWith("invalid JSON at line 1, column 9:");
        assertThatThrownBy(() -> LabelsReader.fromJson("[1, 2,]")).hasMessageStartingWith("invalid JSON at line 1, column 7:");
        assertThatThrownBy(() -> LabelsReader.fromJson("{'a': 1}")).hasMessageStartingWith("invalid JSON at line 1, column 2:");
        assertThatThrownBy(() -> LabelsReader.fromJson("[01]")).hasMessageContaining("Leading zeroes not allowed");
        assertThatThrownBy(() -> LabelsReader.fromJson("[1.]")).hasMessageContaining("Decimal point not followed by a digit");
        assertThatThrownBy(() -> LabelsReader.fromJson("[NaN]")).hasMessageContaining("'NaN'");
        assertThatThrownBy(() -> LabelsReader.fromJson("{} {}")).hasMessageContaining("line 1, column 4: unexpected text after");
        assertThatThrownBy(() -> LabelsReader.fromJson("[\"a\tb\"]")).hasMessageContaining("CTRL-CHAR");
        assertThatThrownBy(() -> LabelsReader.fromJson("[\"\\x\"]")).hasMessageContaining("escape 'x'");
        assertThatThrownBy(() -> LabelsReader.fromJson("[tru]")).hasMessageContaining("'tru'");
        assertThatThrownBy(() -> LabelsReader.fromJson("[".repeat(100))).hasMessageContaining("nesting deeper than 64");
        assertThatThrownBy(() -> LabelsReader.fromJson("{\"a\": 1 // c\n}")).hasMessageContaining("line 1, column 9");
        assertThatThrownBy(() -> LabelsReader.fromJson("")).hasMessageContaining("unexpected end of input");
        assertThatThrownBy(() -> LabelsReader.fromJson("{\"c\": ")).hasMessageContaining("unexpected end of input");
    }

    @Test
    void sixtyFourLevelsOfNestingAreAllowed() {
        String deep = "[".repeat(64) + "]".repeat(64);
        assertThatThrownBy(() -> LabelsReader.fromJson(deep)).hasMessageContaining("label array element 0 must be a JSON object")
                .hasMessageContaining("got an array");
    }
}
