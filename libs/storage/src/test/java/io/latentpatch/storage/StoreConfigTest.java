package io.latentpatch.storage;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreConfigTest {

    @Test
    void defaultsFillTheRegion() {
        StoreConfig c = StoreConfig.of("http://127.0.0.1:9000", "ak", "sk", "latentpatch");

        assertThat(c.region()).isEqualTo("us-east-1");
        assertThat(new StoreConfig("https://s3.example", "a", "s", "bkt", null).region()).isEqualTo("us-east-1");
    }

    @Test
    void toStringNeverShowsTheSecret() {
        assertThat(StoreConfig.of("http://h:1", "ak", "super-secret", "bkt").toString())
                .doesNotContain("super-secret").contains("secretKey=***").contains("ak");
    }

    @Test
    void invalidValuesAreRejectedWithTheValue() {
        assertThatThrownBy(() -> StoreConfig.of("127.0.0.1:9000", "a", "s", "bkt"))
                .hasMessageContaining("http(s) URL").hasMessageContaining("127.0.0.1:9000");
        assertThatThrownBy(() -> StoreConfig.of("http://h:1", "a", "s", "Bad_Bucket"))
                .hasMessageContaining("'Bad_Bucket' is not a valid S3 bucket name");
        assertThatThrownBy(() -> StoreConfig.of("http://h:1", "", "s", "bkt")).hasMessage("accessKey is required");
    }
}
