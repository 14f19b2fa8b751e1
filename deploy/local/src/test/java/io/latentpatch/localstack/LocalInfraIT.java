package io.latentpatch.localstack;

import io.latentpatch.contracts.Topics;
import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared stack through the JUnit extension: both servers up, bucket made, config complete. */
@ExtendWith(LocalInfraExtension.class)
class LocalInfraIT {

    @Test
    void startsKafkaAndS3TogetherWithTheBucketAndPipelineTopics(LocalInfra infra) throws Exception {
        System.out.printf("LocalInfra (Kafka + S3 in parallel) ready in %d ms: %s%n", infra.startupTime().toMillis(), infra);

        assertThat(infra.properties()).containsOnlyKeys(LocalInfra.KAFKA_BOOTSTRAP_SERVERS, LocalInfra.STORAGE_ENDPOINT,
                        LocalInfra.STORAGE_ACCESS_KEY, LocalInfra.STORAGE_SECRET_KEY, LocalInfra.STORAGE_BUCKET,
                        LocalInfra.STORAGE_REGION)
                .containsEntry(LocalInfra.STORAGE_BUCKET, "latentpatch")
                .containsEntry(LocalInfra.STORAGE_REGION, "us-east-1");

        try (MinioClient c = S3ServerIT.client(infra.s3())) {
            assertThat(c.bucketExists(BucketExistsArgs.builder().bucket(infra.bucket()).build())).isTrue();
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            S3ServerIT.put(c, infra.bucket(), "jobs/j/status.json", body);
            assertThat(S3ServerIT.get(c, infra.bucket(), "jobs/j/status.json")).isEqualTo(body);
        }

        KafkaBrokerIT.produce(infra.kafka(), Topics.EVENTS, "j", "event");
        assertThat(KafkaBrokerIT.consume(infra.kafka(), Topics.EVENTS, 1)).hasSize(1);
    }

    @Test
    void parametersOfEitherServerResolveToTheSharedInstance(LocalInfra infra, KafkaBroker kafka, S3Server s3) {
        assertThat(kafka).isSameAs(infra.kafka());
        assertThat(s3).isSameAs(infra.s3());
        assertThat(LocalInfra.shared()).isSameAs(infra);
    }
}
