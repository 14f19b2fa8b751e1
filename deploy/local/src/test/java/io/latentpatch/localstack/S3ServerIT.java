package io.latentpatch.localstack;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3ServerIT {

    static MinioClient client(S3Server s3) {
        return MinioClient.builder().endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey())
                .region(s3.region()).build();
    }

    static void put(MinioClient c, String bucket, String key, byte[] bytes) throws Exception {
        c.putObject(PutObjectArgs.builder().bucket(bucket).object(key).data(bytes, bytes.length)
                .contentType("application/octet-stream").build());
    }

    static byte[] get(MinioClient c, String bucket, String key) throws Exception {
        try (GetObjectResponse in = c.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return in.readAllBytes();
        }
    }

    @Test
    void putAndGetThroughTheMinioSdkWithSignedRequests() throws Exception {
        try (S3Server s3 = S3Server.builder().inMemory().start(); MinioClient c = client(s3)) {
            System.out.printf("S3Proxy ready in %d ms on %s%n", s3.startupTime().toMillis(), s3.endpoint());
            c.makeBucket(MakeBucketArgs.builder().bucket("it-bucket").build());
            byte[] body = "hello s3".getBytes(StandardCharsets.UTF_8);
            put(c, "it-bucket", "a/b/c.txt", body);

            assertThat(get(c, "it-bucket", "a/b/c.txt")).isEqualTo(body);

            try (MinioClient wrongSecret = MinioClient.builder().endpoint(s3.endpoint())
                    .credentials(s3.accessKey(), "not-the-secret").region(s3.region()).build()) {
                assertThatThrownBy(() -> get(wrongSecret, "it-bucket", "a/b/c.txt")).isInstanceOf(ErrorResponseException.class);
            }
        }
    }

    @Test
    void restartOnAPersistentDataDirKeepsBucketsAndObjects(@TempDir Path dir) throws Exception {
        byte[] body = {1, 2, 3, 4, 5};
        try (S3Server s3 = S3Server.builder().dataDir(dir).start(); MinioClient c = client(s3)) {
            s3.ensureBucket("kept");
            assertThat(c.bucketExists(BucketExistsArgs.builder().bucket("kept").build())).isTrue();
            put(c, "kept", "x.bin", body);
        }
        try (S3Server s3 = S3Server.builder().dataDir(dir).start(); MinioClient c = client(s3)) {
            assertThat(get(c, "kept", "x.bin")).isEqualTo(body);
        }
        assertThat(dir.resolve("objects/kept")).isDirectory();
    }

    @Test
    void anOutageRefusesConnectionsThenTheSameServerAnswersWithItsObjects(@TempDir Path dir) throws Exception {
        byte[] body = {9, 8, 7};
        try (S3Server s3 = S3Server.builder().dataDir(dir).start(); MinioClient c = client(s3)) {
            s3.ensureBucket("kept");
            put(c, "kept", "x.bin", body);
            long before = s3.pid();
            Thread outage = Thread.ofVirtual().start(() -> s3.outage(java.time.Duration.ofSeconds(2)));
            Thread.sleep(500);
            assertThatThrownBy(() -> get(c, "kept", "x.bin")).as("while it is down").isNotNull();
            outage.join();
            assertThat(s3.pid()).isNotEqualTo(before);
            assertThat(get(c, "kept", "x.bin")).isEqualTo(body);
        }
    }

    @Test
    void anInMemoryServerRefusesAnOutage() {
        try (S3Server s3 = S3Server.builder().inMemory().start()) {
            assertThatThrownBy(() -> s3.outage(java.time.Duration.ZERO)).isInstanceOf(IllegalStateException.class);
        }
    }
}
