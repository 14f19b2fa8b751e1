package io.latentpatch.contracts;

import java.util.List;

/**
 * Kafka topic names of the pipeline, and how each is keyed.
 *
 * <ul>
 *   <li>{@link #ENCODE}: {@link JobRequest}, key = job id. Consumed by encoder-worker.</li>
 *   <li>{@link #SAMPLE}: {@link SampleTask}, one per output image, key = {@code jobId/imageIndex}
 *       so the images of one job spread over all partitions (and so over all sampler replicas).</li>
 *   <li>{@link #DECODE}: {@link DecodeTask}, key = {@code jobId/imageIndex}, for the same reason.</li>
 *   <li>{@link #EVENTS}: {@link JobEvent}, key = job id, so every event of a job lands on one
 *       partition, in order, and one gateway replica owns the job's status document.</li>
 * </ul>
 *
 * <p><b>Dead letters.</b> Each topic {@code T} has a dead-letter topic {@code T.dlq}
 * ({@link #dlq(String)}). A consumer sends a record there, unchanged and with the same key, when
 * it can never succeed: it is not valid JSON, fails {@link JsonCodec} validation
 * ({@link InvalidMessageException}), or kept failing after the consumer's bounded retries. The
 * consumer then also publishes a {@link JobEvent.Type#FAILED} event when it knows the job id, so
 * the job ends instead of waiting forever. Nothing consumes the dead-letter topics automatically;
 * they are for operators to inspect and replay.
 */
public final class Topics {

    /** Suffix of every dead-letter topic. */
    public static final String DLQ_SUFFIX = ".dlq";

    /** Job requests from the gateway to the encoder. */
    public static final String ENCODE = "latentpatch.encode";
    /** Per-image sampling tasks from the encoder to the sampler. */
    public static final String SAMPLE = "latentpatch.sample";
    /** Per-image decoding tasks from the sampler to the decoder. */
    public static final String DECODE = "latentpatch.decode";
    /** Progress and outcome events from every stage to the gateway. */
    public static final String EVENTS = "latentpatch.events";

    /** Dead letters of {@link #ENCODE}. */
    public static final String ENCODE_DLQ = ENCODE + DLQ_SUFFIX;
    /** Dead letters of {@link #SAMPLE}. */
    public static final String SAMPLE_DLQ = SAMPLE + DLQ_SUFFIX;
    /** Dead letters of {@link #DECODE}. */
    public static final String DECODE_DLQ = DECODE + DLQ_SUFFIX;
    /** Dead letters of {@link #EVENTS}. */
    public static final String EVENTS_DLQ = EVENTS + DLQ_SUFFIX;

    /** The four work topics, in pipeline order. */
    public static final List<String> PIPELINE = List.of(ENCODE, SAMPLE, DECODE, EVENTS);

    /** The four dead-letter topics, in pipeline order. */
    public static final List<String> DEAD_LETTERS = List.of(ENCODE_DLQ, SAMPLE_DLQ, DECODE_DLQ, EVENTS_DLQ);

    /** Every topic the local stack and deployments create: work topics then dead letters. */
    public static final List<String> ALL = List.of(ENCODE, SAMPLE, DECODE, EVENTS,
            ENCODE_DLQ, SAMPLE_DLQ, DECODE_DLQ, EVENTS_DLQ);

    private Topics() {
    }

    /** The dead-letter topic of {@code topic}, e.g. {@code latentpatch.sample.dlq}. */
    public static String dlq(String topic) {
        if (topic == null || topic.isBlank() || topic.endsWith(DLQ_SUFFIX)) {
            throw new IllegalArgumentException("expected a work topic such as " + SAMPLE + ", got '" + topic + "'");
        }
        return topic + DLQ_SUFFIX;
    }

    /** Record key for per-image topics ({@link #SAMPLE}, {@link #DECODE}): {@code jobId/imageIndex}. */
    public static String imageKey(String jobId, int imageIndex) {
        return Ids.require("jobId", jobId) + "/" + Checks.atLeast("imageIndex", imageIndex, 0);
    }
}
