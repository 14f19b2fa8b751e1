package io.latentpatch.contracts;

/**
 * A versioned JSON shape exchanged between services: a Kafka message or a document in the object
 * store. Every implementation is an immutable record whose constructor validates it.
 *
 * <p>Messages carry ids, seeds, parameters and object keys, never image or tensor bytes (those
 * live in the object store; see {@link ObjectKeys}).
 */
public sealed interface Message
        permits JobRequest, SampleTask, DecodeTask, JobEvent, JobStatus, SourceSetManifest, SourceSetAlignment, ModelInfo {

    /** The schema version this message was written with; always {@link SchemaVersion#CURRENT} once read. */
    int schemaVersion();

    /**
     * The Kafka record key to publish this message with (see {@link Topics} for why each topic is
     * keyed the way it is). Not part of the JSON.
     */
    String partitionKey();
}
