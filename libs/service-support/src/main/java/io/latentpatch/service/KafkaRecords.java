package io.latentpatch.service;

import io.latentpatch.contracts.JsonCodec;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.TracingMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Keyed JSON records out, awaited: a send returns only once the broker has acknowledged it. */
public final class KafkaRecords {
    /** Header of a dead letter (written by SmallRye's dead-letter-queue strategy): why it was dead-lettered. */
    public static final String REASON_HEADER = "dead-letter-reason";

    private KafkaRecords() {}

    /** The key of a consumed record, or null. */
    public static String keyOf(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> (String) m.getKey()).orElse(null);
    }

    public static Message<String> keyed(String key, io.latentpatch.contracts.Message value) {
        return keyed(key, JsonCodec.shared().writeString(value));
    }

    public static Message<String> keyed(String key, String value) {
        return Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }

    /**
     * {@link #keyed(String, io.latentpatch.contracts.Message)} continuing the trace of the consumed {@code cause}
     * (when tracing is on): the connector's publish span, and so the {@code traceparent} header of the record, gets
     * the consumed record's span as parent. Explicit because an emitter's send may run on another thread, and a
     * batch holds records of several traces.
     */
    public static Message<String> keyed(io.latentpatch.contracts.Message value, Message<?> cause) {
        Message<String> m = keyed(value.partitionKey(), value);
        if (cause == null) return m;
        Optional<Context> parent = TracingMetadata.fromMessage(cause).map(TracingMetadata::getCurrentContext);
        return parent.isPresent() ? m.addMetadata(TracingMetadata.withCurrent(parent.get())) : m;
    }

    /** Sends one message keyed by its partition key and waits for the acknowledgement. */
    public static void send(MutinyEmitter<String> emitter, io.latentpatch.contracts.Message value, Duration timeout) {
        send(emitter, value, null, timeout);
    }

    /** {@link #send(MutinyEmitter, io.latentpatch.contracts.Message, Duration)} in the trace of {@code cause} (may be null). */
    public static void send(MutinyEmitter<String> emitter, io.latentpatch.contracts.Message value, Message<?> cause, Duration timeout) {
        emitter.sendMessage(keyed(value, cause)).await().atMost(timeout);
    }

    /** Sends messages in order, at most {@code window} unacknowledged at a time, and waits for all acknowledgements. */
    public static void sendAll(MutinyEmitter<String> emitter, List<? extends io.latentpatch.contracts.Message> values, int window,
                               Duration timeout) {
        sendAll(emitter, values, v -> null, window, timeout);
    }

    /** {@link #sendAll(MutinyEmitter, List, int, Duration)}, each value in the trace of the consumed message {@code causeOf} gives. */
    public static <V extends io.latentpatch.contracts.Message> void sendAll(MutinyEmitter<String> emitter, List<V> values,
                                                                           Function<? super V, Message<?>> causeOf, int window,
                                                                           Duration timeout) {
        List<Uni<Void>> pending = new ArrayList<>(window);
        for (V v : values) {
            pending.add(emitter.sendMessage(keyed(v, causeOf.apply(v))));
            if (pending.size() == window) {
                Uni.join().all(pending).andFailFast().await().atMost(timeout);
                pending.clear();
            }
        }
        if (!pending.isEmpty()) Uni.join().all(pending).andFailFast().await().atMost(timeout);
    }

    /** A worker's name in events: host name and process id, or {@code prefix-pid} when the host has no name. */
    public static String workerName(String prefix) {
        try {
            return java.net.InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
        } catch (java.net.UnknownHostException e) {
            return prefix + "-" + ProcessHandle.current().pid();
        }
    }

    /** Broker or store trouble that a later attempt may not meet. */
    public static boolean isTransient(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof org.apache.kafka.common.errors.RetriableException || c instanceof io.smallrye.mutiny.TimeoutException) {
                return true;
            }
        }
        return StageFailures.isTransient(t);
    }
}
