package io.latentpatch.localstack;

import io.latentpatch.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBrokerIT {

    @Test
    void childProcessBrokerCreatesThePipelineTopicsAndRoundTripsARecord() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.builder().partitions(3).start()) {
            System.out.printf("Kafka (child JVM) ready in %d ms on %s%n", kafka.startupTime().toMillis(), kafka.bootstrapServers());
            assertThat(kafka.pid()).isPresent();
            assertThat(ProcessHandle.of(kafka.pid().getAsLong())).isPresent();

            try (Admin admin = kafka.admin()) {
                assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).containsAll(Topics.ALL);
                assertThat(admin.describeTopics(List.of(Topics.SAMPLE)).allTopicNames().get(10, TimeUnit.SECONDS)
                        .get(Topics.SAMPLE).partitions()).hasSize(3);
            }
            String value = "{\"hello\":\"" + UUID.randomUUID() + "\"}";
            produce(kafka, Topics.SAMPLE, "job-1/0", value);

            assertThat(consume(kafka, Topics.SAMPLE, 1)).extracting(ConsumerRecord::value).containsExactly(value);
            assertThat(kafka.logFile()).exists();
        }
    }

    @Test
    void aRestartedOrCrashedBrokerComesBackOnItsPortWithItsRecords() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.builder().topics(List.of("kept")).partitions(1).start()) {
            long firstPid = kafka.pid().orElseThrow();
            produce(kafka, "kept", "k", "before");
            kafka.restart(false, Duration.ZERO);
            produce(kafka, "kept", "k", "after a clean restart");
            kafka.restart(true, Duration.ofMillis(500));
            assertThat(kafka.pid().orElseThrow()).isNotEqualTo(firstPid);
            assertThat(consume(kafka, "kept", 2)).extracting(ConsumerRecord::value).containsExactly("before", "after a clean restart");
        }
    }

    @Test
    void inProcessBrokerRoundTripsARecord() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.builder().mode(KafkaBroker.Mode.IN_PROCESS).topics(List.of("t")).start()) {
            System.out.printf("Kafka (in process) ready in %d ms on %s%n", kafka.startupTime().toMillis(), kafka.bootstrapServers());
            assertThat(kafka.pid()).isEmpty();
            produce(kafka, "t", "k", "v");
            assertThat(consume(kafka, "t", 1)).extracting(ConsumerRecord::value).containsExactly("v");
        }
    }

    @Test
    void restartOnAPersistentDataDirKeepsTopicsAndRecords(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("kafka");
        try (KafkaBroker first = KafkaBroker.builder().dataDir(data).topics(List.of("kept")).partitions(2).start()) {
            produce(first, "kept", "k", "before-restart");
        }
        assertThat(data.resolve("logs/meta.properties")).exists();

        // Other ports on purpose: the storage must not depend on them.
        try (KafkaBroker second = KafkaBroker.builder().dataDir(data).topics(List.of("kept")).start()) {
            System.out.printf("Kafka restart on existing data ready in %d ms%n", second.startupTime().toMillis());
            assertThat(consume(second, "kept", 1)).extracting(ConsumerRecord::value).containsExactly("before-restart");
        }
        assertThat(data).exists();
    }

    static void produce(KafkaBroker kafka, String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    static List<ConsumerRecord<String, String>> consume(KafkaBroker kafka, String topic, int expected) {
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (got.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
        }
        return got;
    }
}
