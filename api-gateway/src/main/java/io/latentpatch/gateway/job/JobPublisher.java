package io.latentpatch.gateway.job;

import io.latentpatch.contracts.JobEvent;
import io.latentpatch.contracts.JobRequest;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.contracts.Message;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes the gateway's messages and waits for the broker's acknowledgement, so a 202 means the
 * job is on the topic: {@link JobRequest}s to {@code latentpatch.encode} (channel {@value #REQUESTS})
 * and the CANCELLED {@link JobEvent} of a cancel to {@code latentpatch.events} (channel
 * {@value #EVENTS}), both keyed by job id ({@link Message#partitionKey()}).
 */
@ApplicationScoped
public class JobPublisher {

    /** Outgoing channel of job requests (topic in application.properties). */
    public static final String REQUESTS = "job-requests";
    /** Outgoing channel of gateway events. */
    public static final String EVENTS = "job-events-out";

    /** Longest wait for the broker's acknowledgement; the producer's delivery timeout is shorter. */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(40);

    @Inject
    @Channel(REQUESTS)
    MutinyEmitter<String> requests;

    @Inject
    @Channel(EVENTS)
    MutinyEmitter<String> events;

    /** Sends {@code request} and waits for the acknowledgement; throws when the broker does not take it. */
    public void publish(JobRequest request) {
        send(requests, request);
    }

    /** Sends {@code event} and waits for the acknowledgement. */
    public void publish(JobEvent event) {
        send(events, event);
    }

    private static void send(MutinyEmitter<String> emitter, Message message) {
        org.eclipse.microprofile.reactive.messaging.Message<String> record =
                org.eclipse.microprofile.reactive.messaging.Message.of(JsonCodec.shared().writeString(message))
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(message.partitionKey()).build());
        emitter.sendMessage(record).await().atMost(ACK_TIMEOUT);
    }
}
