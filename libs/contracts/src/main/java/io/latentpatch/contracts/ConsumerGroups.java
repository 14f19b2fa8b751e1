package io.latentpatch.contracts;

import java.util.List;
import java.util.Optional;

/**
 * The consumer group of each service and the topic it consumes: what operators watch for lag and members
 * (gateway metrics, {@code latentpatch status --stack}, KEDA). The group ids are set in each service's
 * {@code application.properties} ({@code mp.messaging.incoming.<channel>.group.id}); a test in {@code e2e}
 * fails when they drift from these names.
 */
public final class ConsumerGroups {

    /** One pipeline stage as Kafka sees it. */
    public record Group(String stage, String groupId, String topic) {
    }

    /** encoder-worker, consuming {@link Topics#ENCODE}. */
    public static final Group ENCODE = new Group("encode", "latentpatch-encoder-worker", Topics.ENCODE);
    /** sampler-worker, consuming {@link Topics#SAMPLE}. */
    public static final Group SAMPLE = new Group("sample", "latentpatch-sampler-worker", Topics.SAMPLE);
    /** decoder-worker, consuming {@link Topics#DECODE}. */
    public static final Group DECODE = new Group("decode", "latentpatch-decoder-worker", Topics.DECODE);
    /** api-gateway's status writer, consuming {@link Topics#EVENTS}. */
    public static final Group EVENTS = new Group("events", "latentpatch-gateway", Topics.EVENTS);

    /** Every group, in pipeline order. */
    public static final List<Group> ALL = List.of(ENCODE, SAMPLE, DECODE, EVENTS);

    private ConsumerGroups() {
    }

    /** The group of stage {@code encode}, {@code sample}, {@code decode} or {@code events}. */
    public static Optional<Group> ofStage(String stage) {
        return ALL.stream().filter(g -> g.stage().equals(stage)).findFirst();
    }
}
