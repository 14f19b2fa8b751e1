package io.latentpatch.decoder;

/** Messaging channel names of the decoder worker; their topics are set in application.properties. */
public final class Channels {
    /** Incoming {@code DecodeTask}s ({@code latentpatch.decode}), consumed in batches, key {@code jobId/i};
     * failed records dead-letter to {@code latentpatch.decode.dlq}. */
    public static final String DECODE_TASKS = "decode-tasks";
    /** Outgoing {@code JobEvent}s ({@code latentpatch.events}), key job id. */
    public static final String EVENTS = io.latentpatch.worker.StageWorker.EVENTS;

    private Channels() {}
}
