package io.latentpatch.encoder;

/** Messaging channel names of the encoder worker; their topics are set in application.properties. */
public final class Channels {
    /** Incoming {@code JobRequest}s ({@code latentpatch.encode}); failures dead-letter to {@code latentpatch.encode.dlq}. */
    public static final String JOB_REQUESTS = "job-requests";
    /** Outgoing {@code SampleTask}s ({@code latentpatch.sample}), key {@code jobId/i}. */
    public static final String SAMPLE_TASKS = "sample-tasks";
    /** Outgoing {@code JobEvent}s ({@code latentpatch.events}), key job id. */
    public static final String EVENTS = io.latentpatch.worker.StageWorker.EVENTS;

    private Channels() {}
}
