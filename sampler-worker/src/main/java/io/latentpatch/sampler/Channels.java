package io.latentpatch.sampler;

/** Messaging channel names of the sampler worker; their topics are set in application.properties. */
public final class Channels {
    /** Incoming {@code SampleTask}s ({@code latentpatch.sample}), key {@code jobId/i}; failures dead-letter to {@code latentpatch.sample.dlq}. */
    public static final String SAMPLE_TASKS = "sample-tasks";
    /** Outgoing {@code DecodeTask}s ({@code latentpatch.decode}), key {@code jobId/i}. */
    public static final String DECODE_TASKS = "decode-tasks";
    /** Outgoing {@code JobEvent}s ({@code latentpatch.events}), key job id. */
    public static final String EVENTS = io.latentpatch.worker.StageWorker.EVENTS;
    /** Worker pool of the sampling method (its size: {@code smallrye.messaging.worker.sampler-pool.max-concurrency}). */
    public static final String POOL = "sampler-pool";

    private Channels() {}
}
