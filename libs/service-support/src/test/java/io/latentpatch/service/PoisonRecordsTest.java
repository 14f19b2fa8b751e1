package io.latentpatch.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PoisonRecordsTest {

    @Test
    void theKeyNamesTheJobOnEveryTopic() {
        assertThat(PoisonRecords.jobIdOf("job-7", "garbage")).contains("job-7");
        assertThat(PoisonRecords.jobIdOf("job-7/12", "{")).contains("job-7");
        assertThat(PoisonRecords.imageIndexOf("job-7/12")).isEqualTo(12);
        assertThat(PoisonRecords.imageIndexOf("job-7")).isNull();
        assertThat(PoisonRecords.imageIndexOf("job-7/x")).isNull();
    }

    @Test
    void withoutAUsableKeyTheJsonJobIdFieldIsUsed() {
        assertThat(PoisonRecords.jobIdOf(null, "{\"jobId\":\"abc\",\"count\":\"many\"}")).contains("abc");
        assertThat(PoisonRecords.jobIdOf("../etc", "{\"jobId\":\"abc\"}")).contains("abc");
    }

    @Test
    void nothingIsInventedForUnparseableRecordsWithoutKey() {
        assertThat(PoisonRecords.jobIdOf(null, "not json")).isEmpty();
        assertThat(PoisonRecords.jobIdOf(null, "{\"jobId\":\"../x\"}")).isEmpty();
        assertThat(PoisonRecords.jobIdOf("", null)).isEmpty();
    }
}
