package io.latentpatch.decoder;

/** Messaging channel names of the decoder worker; their topics are set in application.properties. */
public final class Channels {
    /** Incoming {@code DecodeTask}s ({@code latentpatch.decode}), consumed in batches, key {@code jobId/i}. */
    public static final String DECODE_TASKS = "decode-tasks";
    /** Outgoing {@code JobEvent}s ({@code latentpatch.events}), key job id. */
    public static final String EVENTS = "job-events";
    /** Outgoing dead letters ({@code latentpatch.decode.dlq}): the consumed record, unchanged, same key. */
    public static final String DEAD_LETTERS = "decode-dead-letters";

    private Channels() {}
}
