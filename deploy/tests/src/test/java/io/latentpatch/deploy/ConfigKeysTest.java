package io.latentpatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The key scanner finds the keys the services' code reads and nothing they do not. */
class ConfigKeysTest {

    @Test
    void kebabCaseFollowsSmallRyeConfig() {
        assertThat(ConfigKeys.kebab("maxBatch")).isEqualTo("max-batch");
        assertThat(ConfigKeys.kebab("intraOpThreads")).isEqualTo("intra-op-threads");
        assertThat(ConfigKeys.kebab("port")).isEqualTo("port");
        assertThat(ConfigKeys.envForm("quarkus.log.category.\"org.apache.kafka\".level"))
                .isEqualTo("QUARKUS_LOG_CATEGORY__ORG_APACHE_KAFKA__LEVEL");
    }

    @Test
    void theDecodersKeysComeFromItsMappingsAndProperties() {
        ConfigKeys keys = PackagedService.of("decoder-worker").configKeys();
        assertThat(keys.keys()).contains("latentpatch.decoder.max-batch", "latentpatch.decoder.worker-name",
                "latentpatch.decoder.retry.max-attempts", "latentpatch.models.dir", "latentpatch.models.intra-op-threads",
                "latentpatch.storage.endpoint", "kafka.bootstrap.servers", "quarkus.http.port");
        assertThat(keys.acceptsEnv("LATENTPATCH_DECODER_MAX_BATCH")).isTrue();
        assertThat(keys.acceptsEnv("LATENTPATCH_DECODER_MAX_BATCHES")).as("a misspelt key").isFalse();
        assertThat(keys.acceptsEnv("LATENTPATCH_SAMPLER_CONCURRENCY")).as("another service's key").isFalse();
    }

    @Test
    void theGatewayKnowsQuarkussRuntimeKeysButNotTheWorkersModels() {
        ConfigKeys keys = PackagedService.of("api-gateway").configKeys();
        assertThat(keys.acceptsEnv("QUARKUS_HTTP_BODY_UPLOADS_DIRECTORY")).isTrue();
        assertThat(keys.acceptsEnv("LATENTPATCH_GATEWAY_JOBS_MAX_COUNT")).isTrue();
        assertThat(keys.acceptsEnv("LATENTPATCH_MODELS_DIR")).as("the gateway opens no models").isFalse();
    }
}
