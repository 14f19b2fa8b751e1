package io.latentpatch.contracts.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.core.labels.SourceLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What labels files are accepted and refused, and how (CSV and JSON through Jackson). */
class LabelsReaderTest {
    @TempDir
    Path dir;

    @Test
    void parsesCsvWithHeaderAndFileColumn() {
        SourceLabels l = LabelsReader.fromCsv("file,Blond,glasses,hair\nface_0001.png,true,no,brown\nface_0002.png, YES ,1,\n");
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
        SourceLabels l = LabelsReader.fromCsv(csv);
        assertThat(l.keys()).containsExactly("a,b.png", "c.png");
        assertThat(l.find("a,b.png", -1).orElseThrow()).containsEntry("note, long", "said \"hi\"\nthen left").containsEntry("smile", "0");
        assertThat(l.find("c.png", -1).orElseThrow()).containsEntry("smile", "1");
        assertThat(LabelsReader.fromCsv("file,x\n  \"a,b.png\"  ,1\n").keys()).containsExactly("a,b.png");
        assertThat(LabelsReader.fromCsv("file,x\n   \nab\"c,1").keys()).containsExactly("ab\"c");
    }

    @Test
    void csvErrorsGiveTheLine() {
        assertThatThrownBy(() -> LabelsReader.fromCsv("file,blond\na.png,true\nb.png,true,extra\n"))
                .hasMessageContaining("line 3 has 3 fields, the header has 2");
        assertThatThrownBy(() -> LabelsReader.fromCsv("file,blond\na.png,true\na.png,false\n"))
                .hasMessageContaining("line 3").hasMessageContaining("'a.png' are given twice");
        assertThatThrownBy(() -> LabelsReader.fromCsv("file,blond,Blond\n")).hasMessageContaining("'Blond' twice");
        assertThatThrownBy(() -> LabelsReader.fromCsv("file\n")).hasMessageContaining("no attribute columns");
        assertThatThrownBy(() -> LabelsReader.fromCsv("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> LabelsReader.fromCsv("file,blond\n\"a.png,true\n")).hasMessageContaining("line 2: unterminated quoted field");
        assertThatThrownBy(() -> LabelsReader.fromCsv("file,blond\n,true\n")).hasMessageContaining("line 2 has an empty file name");
        assertThatThrownBy(() -> LabelsReader.fromCsv("file,blond\n\"a.png\"x,true\n"))
                .hasMessageContaining("CSV line 2: unexpected text after a closing quote");
        assertThatThrownBy(() -> LabelsReader.fromCsv("file,x\n\"a\nb\",1\n\nc,1,2\n")).hasMessageContaining("line 5 has 3 fields");
    }

    @Test
    void parsesJsonObjectKeyedByFileName() {
        SourceLabels l = LabelsReader.fromJson("""
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
        SourceLabels l = LabelsReader.fromJson("[{\"file\": \"a.png\", \"smile\": true}, {\"file\": 1, \"smile\": false}]");
        assertThat(l.keys()).containsExactly("a.png", "1");
        assertThat(l.attributes()).containsExactly("smile");
        assertThat(l.find("whatever.png", 1).orElseThrow()).containsEntry("smile", "false");
    }

    @Test
    void jsonShapeErrorsAreExplained() {
        assertThatThrownBy(() -> LabelsReader.fromJson("{\"a.png\": true}")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> LabelsReader.fromJson("[{\"name\": \"a.png\"}]")).hasMessageContaining("needs a \"file\" key");
        assertThatThrownBy(() -> LabelsReader.fromJson("[1]")).hasMessageContaining("element 0 must be a JSON object");
        assertThatThrownBy(() -> LabelsReader.fromJson("\"x\"")).hasMessageContaining("object keyed by file name or an array");
        assertThatThrownBy(() -> LabelsReader.fromJson("{\"a.png\": {\"hair\": [\"brown\"]}}"))
                .hasMessageContaining("attribute \"hair\" of \"a.png\" must be a string, number or boolean, got an array");
        assertThatThrownBy(() -> LabelsReader.fromJson("{\"a.png\": {\"x\": 1},\n \"a.png\": {\"x\": 2}}"))
                .hasMessageContaining("line 2, column 2").hasMessageContaining("duplicate key \"a.png\"");
        assertThatThrownBy(() -> LabelsReader.fromJson("{\"a.png\": {\"x\": 1, \"X\": 2}}")).hasMessageContaining("'X' twice");
    }

    @Test
    void detectsTheFormatFromTheContentOrExtension() throws IOException {
        assertThat(LabelsReader.parse("  {\"a\": {\"x\": 1}}").keys()).containsExactly("a");
        assertThat(LabelsReader.parse("file,x\na,1\n").keys()).containsExactly("a");
        Path csv = Files.writeString(dir.resolve("labels.csv"), "file,x\nb,1\n");
        assertThat(LabelsReader.read(csv).keys()).containsExactly("b");
        Path json = Files.writeString(dir.resolve("labels.json"), "{\"c\": {\"x\": 1}}");
        assertThat(LabelsReader.read(json).keys()).containsExactly("c");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"c\": ");
        assertThatThrownBy(() -> LabelsReader.read(bad)).hasMessageContaining("bad.json").hasMessageContaining("unexpected end of input");
    }
}
