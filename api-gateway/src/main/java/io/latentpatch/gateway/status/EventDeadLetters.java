package io.latentpatch.gateway.status;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Sends one poison record of {@code latentpatch.events} to {@code latentpatch.events.dlq} (channel
 * {@value #CHANNEL}) with its key and value unchanged and the headers of SmallRye's dead-letter
 * strategy ({@code dead-letter-reason}, {@code dead-letter-topic}, {@code dead-letter-partition},
 * {@code dead-letter-offset}), and waits for the broker: the batch consumer cannot nack one record
 * of a batch alone.
 */
@ApplicationScoped
public class EventDeadLetters {

    /** Outgoing channel of dead-lettered events (topic in application.properties). */
    public static final String CHANNEL = "job-events-dlq";

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(40);

    @Inject
    @Channel(CHANNEL)
    MutinyEmitter<String> out;

    /** Sends {@code record} with {@code reason}; throws when the broker does not take it (the batch is then redelivered). */
    public void send(ConsumerRecord<String, String> record, Exception reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", String.valueOf(reason.getMessage()).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> meta = OutgoingKafkaRecordMetadata.<String>builder()
                .withHeaders(headers);
        if (record.key() != null) meta = meta.withKey(record.key());
        out.sendMessage(Message.of(record.value()).addMetadata(meta.build())).await().atMost(ACK_TIMEOUT);
    }
}
