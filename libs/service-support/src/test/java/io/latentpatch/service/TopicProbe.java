package io.latentpatch.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A plain Kafka producer and a consumer (own group, from the start of the topics) for worker ITs. */
public final class TopicProbe implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    public TopicProbe(String bootstrap, List<String> topics) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(p);
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(c);
        consumer.subscribe(topics);
    }

    public void send(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new AssertionError("cannot produce to " + topic, e);
        }
    }

    /** Polls until {@code done} holds for the records seen so far (all topics), or fails after {@code timeout}. */
    public List<ConsumerRecord<String, String>> await(Predicate<List<ConsumerRecord<String, String>>> done, Duration timeout, String what) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!done.test(seen)) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what + "; records seen: " + describe());
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) seen.add(r);
        }
        return List.copyOf(seen);
    }

    /** Records of one topic whose key is {@code key} or starts with {@code key/}. */
    public static List<ConsumerRecord<String, String>> of(List<ConsumerRecord<String, String>> records, String topic, String key) {
        return records.stream().filter(r -> r.topic().equals(topic))
                .filter(r -> key.equals(r.key()) || (r.key() != null && r.key().startsWith(key + "/"))).toList();
    }

    private String describe() {
        StringBuilder sb = new StringBuilder();
        for (ConsumerRecord<String, String> r : seen) sb.append("\n  ").append(r.topic()).append(' ').append(r.key());
        return sb.toString();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        consumer.close(Duration.ofSeconds(5));
    }
}
