package io.latentpatch.gateway.sourceset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.latentpatch.gateway.problem.ApiProblem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UploadLabelsTest {

    private static final List<String> NAMES = List.of("a.png", "b.png", "c.jpg");

    @Test
    void jsonKeyedByIndexNameOrStemAllResolve() {
        String json = "{\"0\": {\"blond\": true}, \"b.png\": {\"blond\": false, \"hair\": \"red\"}, \"c\": {\"hair\": \"\"}}";
        List<Map<String, String>> labels = UploadLabels.resolve(json, NAMES, "labels");
        assertThat(labels).containsExactly(Map.of("blond", "true"), Map.of("blond", "false", "hair", "red"), Map.of());
        assertThat(UploadLabels.attributes(labels)).containsExactly("blond", "hair");
    }

    @Test
    void entriesForImagesThatWereNotUploadedAreRefused() {
        String csv = "file,blond\na.png,true\nzzz.png,false\n7,true\n";
        ApiProblem p = catchThrowableOfType(ApiProblem.class, () -> UploadLabels.resolve(csv, NAMES, "labels"));
        assertThat(p.status()).isEqualTo(422);
        assertThat(p.getMessage()).contains("2 image(s)").contains("7, zzz.png").contains("uploaded: a.png, b.png, c.jpg");
    }

    @Test
    void twoEntriesForOneImageAreRefused() {
        String csv = "file,blond\na.png,true\n0,false\n";
        ApiProblem p = catchThrowableOfType(ApiProblem.class, () -> UploadLabels.resolve(csv, NAMES, "labels"));
        assertThat(p.getMessage()).contains("shadowed").contains("0");
    }

    @Test
    void aStemSharedByTwoImagesIsAmbiguous() {
        ApiProblem p = catchThrowableOfType(ApiProblem.class, () -> UploadLabels.resolve("file,x\nface,1\n",
                List.of("face.png", "face.jpg"), "labels"));
        assertThat(p.getMessage()).contains("matches two images").contains("face.png").contains("face.jpg");
    }

    @Test
    void unparseableLabelsAndBadAttributeNamesAreRefused() {
        ApiProblem broken = catchThrowableOfType(ApiProblem.class, () -> UploadLabels.resolve("{\"a.png\": ", NAMES, "labels"));
        assertThat(broken.getMessage()).contains("do not parse").contains("line 1");
        ApiProblem badName = catchThrowableOfType(ApiProblem.class,
                () -> UploadLabels.resolve("file,hair colour\na.png,red\n", NAMES, "labels"));
        assertThat(badName.getMessage()).contains("'hair colour' is not allowed");
    }
}
