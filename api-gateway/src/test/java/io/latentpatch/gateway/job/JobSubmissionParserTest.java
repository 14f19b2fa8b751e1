package io.latentpatch.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.latentpatch.contracts.GenerationParams;
import io.latentpatch.gateway.TestImages;
import io.latentpatch.gateway.problem.ApiProblem;
import io.latentpatch.gateway.problem.Problem.FieldError;
import io.latentpatch.gateway.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class JobSubmissionParserTest {

    private final JobSubmissionParser parser = new JobSubmissionParser("pixel-f16");

    private JobSubmission parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private ApiProblem refuse(String json) {
        return catchThrowableOfType(ApiProblem.class, () -> parse(json));
    }

    @Test
    void absentFieldsTakeTheirDefaults() {
        JobSubmission s = parse("{\"sourceSetId\": \"set-1\"}");
        assertThat(s.sourceSetId()).isEqualTo("set-1");
        assertThat(s.model()).isEqualTo("pixel-f16");
        assertThat(s.count()).isEqualTo(1);
        assertThat(s.seed()).isNull();
        assertThat(s.params()).isEqualTo(GenerationParams.DEFAULTS);
        assertThat(s.hasInlineImages()).isFalse();
    }

    @Test
    void paramsAreReadIntoTheContractRecord() {
        JobSubmission s = parse("{\"sourceSetId\": \"s\", \"model\": \"taef2\", \"count\": 8, \"seed\": 9007199254740993,"
                + " \"params\": {\"mode\": \"edit\", \"reference\": 2, \"region\": [\"eyes\"], \"patch\": 6, \"stride\": 3,"
                + " \"kPerScale\": [3, 2], \"scales\": 2, \"method\": \"latentpatch\", \"reusePenalty\": 0}}");
        assertThat(s.seed()).isEqualTo(9007199254740993L);
        assertThat(s.params().mode()).isEqualTo(GenerationParams.Mode.EDIT);
        assertThat(s.params().region().names()).containsExactly("eyes");
        assertThat(s.params().kPerScale()).containsExactly(3, 2);
        assertThat(s.params().reusePenalty()).isEqualTo(0f);
    }

    @Test
    void theHashIgnoresKeyOrderAndWhitespaceButNotValues() {
        String a = parse("{\"sourceSetId\":\"s\",\"count\":2,\"params\":{\"k\":2,\"patch\":4}}").bodyHash();
        String b = parse("{ \"params\" : { \"patch\" : 4, \"k\" : 2 },\n \"count\" : 2, \"sourceSetId\" : \"s\" }").bodyHash();
        String c = parse("{\"sourceSetId\":\"s\",\"count\":3,\"params\":{\"k\":2,\"patch\":4}}").bodyHash();
        assertThat(a).isEqualTo(b).hasSize(64);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void notJsonIsAMalformedRequest() {
        for (String bad : new String[] {"", "{\"count\": ", "[1, 2]", "{\"a\":1} trailing", "{\"count\":1,\"count\":2}"}) {
            ApiProblem p = refuse(bad);
            assertThat(p.problemType()).as(bad).isEqualTo(ProblemType.MALFORMED_REQUEST);
            assertThat(p.status()).isEqualTo(400);
        }
        assertThat(refuse("{\"count\": ").getMessage()).contains("not valid JSON").contains("line 1");
        assertThat(refuse("[1]").getMessage()).contains("expected a JSON object, got array");
    }

    @Test
    void everyWrongFieldIsListedWithItsPointer() {
        ApiProblem p = refuse("{\"sourceSetId\": 5, \"count\": \"4\", \"seed\": 1.5, \"cout\": 3, \"params\": {\"patchh\": 4}}");
        assertThat(p.status()).isEqualTo(422);
        assertThat(p.errors()).extracting(FieldError::pointer)
                .containsExactlyInAnyOrder("/cout", "/sourceSetId", "/count", "/seed", "/params/patchh");
        assertThat(p.errors()).filteredOn(e -> e.pointer().equals("/params/patchh")).singleElement()
                .extracting(FieldError::detail).asString().contains("unknown parameter").contains("patch, stride");
    }

    @Test
    void contractViolationsInParamsAreReportedWithTheirMessage() {
        assertThat(refuse("{\"sourceSetId\": \"s\", \"params\": {\"k\": 0}}").errors()).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("k must be >= 1, got 0"));
        assertThat(refuse("{\"sourceSetId\": \"s\", \"params\": {\"mode\": \"dream\"}}").errors()).singleElement()
                .satisfies(e -> {
                    assertThat(e.pointer()).isEqualTo("/params/mode");
                    assertThat(e.detail()).isEqualTo("'dream' is not one of random, reference, edit, attributes");
                });
        assertThat(refuse("{\"sourceSetId\": \"s\", \"params\": {\"anchorLayout\": \"oval\"}}").errors()).singleElement()
                .satisfies(e -> {
                    assertThat(e.pointer()).isEqualTo("/params/anchorLayout");
                    assertThat(e.detail()).isEqualTo("'oval' is not one of grid, face, face-balanced, face-pooled");
                });
        assertThat(refuse("{\"sourceSetId\": \"s\", \"params\": {\"anchorLayout\": \"face\", \"anchorRegions\": 4}}").getMessage())
                .contains("anchorRegions with anchorLayout face must be 2 (inner face, outside), 3");
        assertThat(refuse("{\"sourceSetId\": \"s\", \"params\": {\"patch\": 4, \"stride\": 5}}").getMessage())
                .contains("stride 5 is larger than patch 4");
        assertThat(refuse("{\"sourceSetId\": \"s\", \"params\": {\"patch\": \"4\"}}").errors()).singleElement()
                .extracting(FieldError::pointer).isEqualTo("/params/patch");
    }

    @Test
    void sourcesMustBeASetOrInlineImagesNotBoth() {
        assertThat(refuse("{\"count\": 2}").getMessage()).contains("sourceSetId").contains("images");
        assertThat(refuse("{\"sourceSetId\": \"s\", \"images\": []}").getMessage()).contains("not both");
        assertThat(refuse("{\"sourceSetId\": \"s\", \"labels\": \"file,a\"}").getMessage())
                .contains("labels go with inline images");
    }

    @Test
    void inlineImagesAreDecodedFromBase64() {
        byte[] png = TestImages.png(16, 16, 1);
        String b64 = Base64.getEncoder().encodeToString(png);
        JobSubmission s = parse("{\"images\": [\"" + b64 + "\", {\"name\": \"two.png\", \"data\": \"data:image/png;base64,"
                + b64 + "\"}], \"labels\": \"file,a\\n0,1\\n\"}");
        assertThat(s.images()).hasSize(2);
        assertThat(s.images().get(0).name()).isEqualTo("image-0");
        assertThat(s.images().get(0).bytes()).isEqualTo(png);
        assertThat(s.images().get(1).name()).isEqualTo("two.png");
        assertThat(s.images().get(1).bytes()).isEqualTo(png);
        assertThat(s.labels()).isEqualTo("file,a\n0,1\n");
        ApiProblem bad = refuse("{\"images\": [\"%%%\", {\"name\": \"x\"}]}");
        assertThat(bad.errors()).extracting(FieldError::pointer).containsExactly("/images/0", "/images/1/data");
    }

    @Test
    void anInlineImageObjectWithAnUnknownFieldIsRefusedLikeAnUnknownTopLevelField() {
        String b64 = Base64.getEncoder().encodeToString(TestImages.png(16, 16, 1));
        ApiProblem bad = refuse("{\"images\": [\"" + b64 + "\", {\"name\": \"a.png\", \"data\": \"" + b64 + "\", \"nmae\": \"b\"}]}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.errors()).extracting(FieldError::pointer).containsExactly("/images/1/nmae");
    }
}
