package io.latentpatch.core.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceLabelsTest {
    @TempDir
    Path dir;

    @Test
    void parsesCsvWithHeaderAndFileColumn() {
        SourceLabels l = SourceLabels.fromCsv("file,Blond,glasses,hair\nface_0001.png,true,no,brown\nface_0002.png, YES ,1,\n");
        assertThat(l.size()).isEqualTo(2);
        assertThat(l.keys()).containsExactly("face_0001.png", "face_0002.png");
        assertThat(l.attributes()).containsExactly("Blond", "glasses", "hair");
        assertThat(l.find("face_0001.png", 0)).contains(Map.of("Blond", "true", "glasses", "no", "hair", "brown"));
        assertThat(l.find("face_0002.png", 1)).contains(Map.of("Blond", "YES", "glasses", "1")); // empty cell: no value
        assertThat(l.hasAttribute("BLOND")).isTrue();
        assertThat(l.hasAttribute("hat")).isFalse();
    }

    @Test
    void csvHandlesQuotesCrLfBomAndBlankLines() {
        String csv = "\uFEFFimage,\"note, long\",smile\r\n\r\n\"a,b.png\",\"said \"\"hi\"\"\nthen left\",0\r\nc.png,x,1";
        SourceLabels l = SourceLabels.fromCsv(csv);
        assertThat(l.keys()).containsExactly("a,b.png", "c.png");
        assertThat(l.find("a,b.png", -1).orElseThrow()).containsEntry("note, long", "said \"hi\"\nthen left").containsEntry("smile", "0");
        assertThat(l.find("c.png", -1).orElseThrow()).containsEntry("smile", "1");
    }

    @Test
    void csvErrorsGiveTheLine() {
        assertThatThrownBy(() -> SourceLabels.fromCsv("file,blond\na.png,true\nb.png,true,extra\n"))
                .hasMessageContaining("line 3 has 3 fields, the header has 2");
        assertThatThrownBy(() -> SourceLabels.fromCsv("file,blond\na.png,true\na.png,false\n"))
                .hasMessageContaining("line 3").hasMessageContaining("'a.png' are given twice");
        assertThatThrownBy(() -> SourceLabels.fromCsv("file,blond,Blond\n")).hasMessageContaining("'Blond' twice");
        assertThatThrownBy(() -> SourceLabels.fromCsv("file\n")).hasMessageContaining("no attribute columns");
        assertThatThrownBy(() -> SourceLabels.fromCsv("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> SourceLabels.fromCsv("file,blond\n\"a.png,true\n")).hasMessageContaining("line 2: unterminated quoted field");
        assertThatThrownBy(() -> SourceLabels.fromCsv("file,blond\n,true\n")).hasMessageContaining("line 2 has an empty file name");
    }

    @Test
    void parsesJsonObjectKeyedByFileName() {
        SourceLabels l = SourceLabels.fromJson("""
                {"face_0001.png": {"blond": true, "glasses": false, "age": 31, "hat": null},
                 "face_0002.png": {"blond": "no", "glasses": true}}
                """);
        assertThat(l.attributes()).containsExactly("age", "blond", "glasses", "hat");
        assertThat(l.find("face_0001.png", 0).orElseThrow())
                .containsExactlyInAnyOrderEntriesOf(Map.of("blond", "true", "glasses", "false", "age", "31"));
        assertThat(l.find("face_0002.png", 1).orElseThrow()).containsEntry("blond", "no");
    }

    @Test
    void parsesJsonArrayWithFileKeyAsNameOrIndex() {
        SourceLabels l = SourceLabels.fromJson("[{\"file\": \"a.png\", \"smile\": true}, {\"file\": 1, \"smile\": false}]");
        assertThat(l.keys()).containsExactly("a.png", "1");
        assertThat(l.attributes()).containsExactly("smile");
        assertThat(l.find("whatever.png", 1).orElseThrow()).containsEntry("smile", "false");
    }

    @Test
    void jsonShapeErrorsAreExplained() {
        assertThatThrownBy(() -> SourceLabels.fromJson("{\"a.png\": true}")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> SourceLabels.fromJson("[{\"name\": \"a.png\"}]")).hasMessageContaining("needs a \"file\" key");
        assertThatThrownBy(() -> SourceLabels.fromJson("[1]")).hasMessageContaining("element 0 must be a JSON object");
        assertThatThrownBy(() -> SourceLabels.fromJson("\"x\"")).hasMessageContaining("object keyed by file name or an array");
        assertThatThrownBy(() -> SourceLabels.fromJson("{\"a.png\": {\"hair\": [\"brown\"]}}"))
                .hasMessageContaining("attribute \"hair\" of \"a.png\" must be a string, number or boolean, got an array");
        assertThatThrownBy(() -> SourceLabels.fromJson("{\"a.png\": {\"x\": 1},\n \"a.png\": {\"x\": 2}}"))
                .hasMessageContaining("line 2, column 2").hasMessageContaining("duplicate key \"a.png\"");
        assertThatThrownBy(() -> SourceLabels.fromJson("{\"a.png\": {\"x\": 1, \"X\": 2}}")).hasMessageContaining("'X' twice");
    }

    @Test
    void sourcesAreFoundByPathBaseNameStemOrIndex() {
        SourceLabels l = SourceLabels.fromCsv("file,smile\nface_1.png,1\nface_2,0\n7,1\n");
        assertThat(l.find("face_1.png", 0)).isPresent();
        assertThat(l.find("sources/set/images/face_1.png", 0).orElseThrow()).containsEntry("smile", "1");
        assertThat(l.find("C:\\data\\face_1.png", 0)).isPresent();
        assertThat(l.find("face_2.jpg", 0).orElseThrow()).containsEntry("smile", "0");
        assertThat(l.find("sources/set/images/7.png", 99)).isPresent();
        assertThat(l.find("other.png", 7)).isPresent();
        assertThat(l.find("other.png", 6)).isEmpty();
    }

    @Test
    void detectsTheFormatFromTheContentOrExtension() throws IOException {
        assertThat(SourceLabels.parse("  {\"a\": {\"x\": 1}}").keys()).containsExactly("a");
        assertThat(SourceLabels.parse("file,x\na,1\n").keys()).containsExactly("a");
        Path csv = Files.writeString(dir.resolve("labels.csv"), "file,x\nb,1\n");
        assertThat(SourceLabels.read(csv).keys()).containsExactly("b");
        Path json = Files.writeString(dir.resolve("labels.json"), "{\"c\": {\"x\": 1}}");
        assertThat(SourceLabels.read(json).keys()).containsExactly("c");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"c\": ");
        assertThatThrownBy(() -> SourceLabels.read(bad)).hasMessageContaining("bad.json").hasMessageContaining("unexpected end of input");
    }

    @Test
    void buildsFromAMap() {
        SourceLabels l = SourceLabels.of(Map.of("a.png", Map.of("blond", "true")));
        assertThat(l.find("a.png", 0).orElseThrow()).containsEntry("blond", "true");
    }
}
