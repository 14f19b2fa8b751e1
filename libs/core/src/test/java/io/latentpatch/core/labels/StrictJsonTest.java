package io.latentpatch.core.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrictJsonTest {
    @Test
    void parsesAllValueKinds() {
        Object v = StrictJson.parse(" {\"s\": \"a\\\"b\\\\c\\/\\n\\u00e9\\ud83d\\ude00\", \"n\": -12.5e+3, \"z\": 0, \"t\": true,"
                + " \"f\": false, \"x\": null, \"l\": [1, [], {}]} ");
        assertThat(v).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        assertThat(m.get("s")).isEqualTo("a\"b\\c/\né\uD83D\uDE00");
        assertThat(m.get("n")).hasToString("-12.5e+3");
        assertThat(m.get("z")).hasToString("0");
        assertThat(m.get("t")).isEqualTo(true);
        assertThat(m.get("f")).isEqualTo(false);
        assertThat(m.containsKey("x")).isTrue();
        assertThat(m.get("x")).isNull();
        assertThat((List<?>) m.get("l")).hasSize(3);
        assertThat(m.keySet()).containsExactly("s", "n", "z", "t", "f", "x", "l");
    }

    @Test
    void rejectsNonStrictJson() {
        assertThatThrownBy(() -> StrictJson.parse("{\"a\": 1,}")).hasMessageContaining("expected a quoted key");
        assertThatThrownBy(() -> StrictJson.parse("[1, 2,]")).hasMessageContaining("unexpected character ']'");
        assertThatThrownBy(() -> StrictJson.parse("{'a': 1}")).hasMessageContaining("expected a quoted key");
        assertThatThrownBy(() -> StrictJson.parse("[01]")).hasMessageContaining("expected ',' or ']'");
        assertThatThrownBy(() -> StrictJson.parse("[1.]")).hasMessageContaining("digits expected after '.'");
        assertThatThrownBy(() -> StrictJson.parse("[NaN]")).hasMessageContaining("unexpected character 'N'");
        assertThatThrownBy(() -> StrictJson.parse("{} {}")).hasMessageContaining("unexpected text after");
        assertThatThrownBy(() -> StrictJson.parse("[\"a\tb\"]")).hasMessageContaining("control character");
        assertThatThrownBy(() -> StrictJson.parse("[\"\\x\"]")).hasMessageContaining("bad escape '\\x'");
        assertThatThrownBy(() -> StrictJson.parse("[tru]")).hasMessageContaining("expected true");
        assertThatThrownBy(() -> StrictJson.parse("[".repeat(100))).hasMessageContaining("nesting deeper than 64");
        assertThatThrownBy(() -> StrictJson.parse("{\"a\": 1 // c\n}")).hasMessageContaining("line 1, column 9");
    }
}
