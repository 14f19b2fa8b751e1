package io.latentpatch.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON codec for every {@link Message}: services, tests and the CLI all read and write
 * messages through it, so a message has one wire form.
 *
 * <p>Writing: UTF-8 JSON, null fields omitted, instants as ISO-8601 UTC strings
 * ({@code 2026-11-23T16:05:00Z}), enums by their JSON names.
 *
 * <p>Reading is strict where it matters and lenient where it helps evolution:
 * <ul>
 *   <li>{@code schemaVersion} must be present and equal {@link SchemaVersion#CURRENT};</li>
 *   <li>required fields must be present; types are not coerced ({@code "5"} is not an int,
 *       {@code 5.5} is not an int); duplicate keys and trailing content are rejected;</li>
 *   <li>every record's own validation applies (ids, ranges, consistency);</li>
 *   <li>unknown extra properties are ignored, so a newer writer may add optional fields.</li>
 * </ul>
 * Every failure is an {@link InvalidMessageException} whose message names the message type, the
 * field path and what was wrong. Thread-safe; get it with {@link #shared()}.
 */
public final class JsonCodec {

    private static final JsonCodec SHARED = new JsonCodec();

    private final ObjectMapper mapper;

    private JsonCodec() {
        mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
    }

    /** The codec instance (immutable and thread-safe). */
    public static JsonCodec shared() {
        return SHARED;
    }

    /**
     * The one configured mapper, for JSON that is not a {@link Message} (trees, documents, request bodies):
     * the services inject it (service-support produces it as the CDI {@code ObjectMapper}), plain code takes it
     * from here. Shared: never reconfigure it; use {@code mapper().copy()} for a variant.
     */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** {@code node} as indented UTF-8 JSON text with a final line end (reports people read). */
    public String writePretty(JsonNode node) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree: " + e.getMessage(), e);
        }
    }

    /** {@code message} as UTF-8 JSON bytes. */
    public byte[] write(Message message) {
        try {
            return mapper.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + message.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** {@code message} as a JSON string. */
    public String writeString(Message message) {
        return new String(write(message), StandardCharsets.UTF_8);
    }

    /** Reads a {@code type} from UTF-8 JSON bytes; throws {@link InvalidMessageException} when invalid. */
    public <T extends Message> T read(byte[] json, Class<T> type) {
        if (json == null) {
            throw new InvalidMessageException(type.getSimpleName() + ": no payload (null)");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (IOException e) {
            throw notJson(type, e);
        }
        return fromTree(tree, type);
    }

    /** Reads a {@code type} from a JSON string; throws {@link InvalidMessageException} when invalid. */
    public <T extends Message> T read(String json, Class<T> type) {
        if (json == null) {
            throw new InvalidMessageException(type.getSimpleName() + ": no payload (null)");
        }
        return read(json.getBytes(StandardCharsets.UTF_8), type);
    }

    /**
     * Reads a {@code type} from a stream (not closed here); throws {@link InvalidMessageException}
     * when invalid and {@link UncheckedIOException} when the stream fails.
     */
    public <T extends Message> T read(InputStream json, Class<T> type) {
        try {
            return read(json.readAllBytes(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + type.getSimpleName() + " JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Generation parameters as a JSON object, exactly as they appear in a {@link JobRequest} and in the
     * gateway's {@code POST /v1/jobs} body: unset fields omitted, enums by their JSON names. The tree is the
     * written JSON read back, so it equals what any reader of that JSON gets (numbers included).
     */
    public ObjectNode writeParams(GenerationParams params) {
        try {
            return (ObjectNode) mapper.readTree(mapper.writeValueAsBytes(params == null ? GenerationParams.DEFAULTS : params));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise GenerationParams: " + e.getMessage(), e);
        }
    }

    /**
     * Reads generation parameters from a JSON object with the same strictness as messages (no coercion,
     * the record's own checks); unknown properties are ignored. Throws {@link InvalidMessageException}.
     */
    public GenerationParams readParams(JsonNode json) {
        String name = GenerationParams.class.getSimpleName();
        if (json == null || !json.isObject()) {
            throw new InvalidMessageException(name + ": expected a JSON object, got " + (json == null ? "nothing" : json.getNodeType()));
        }
        return treeToValue(json, GenerationParams.class);
    }

    private <T extends Message> T fromTree(JsonNode tree, Class<T> type) {
        String name = type.getSimpleName();
        if (tree == null || tree.isMissingNode()) {
            throw new InvalidMessageException(name + ": empty payload; expected a JSON object");
        }
        if (!tree.isObject()) {
            throw new InvalidMessageException(name + ": expected a JSON object, got " + tree.getNodeType());
        }
        JsonNode version = tree.get("schemaVersion");
        if (version == null || version.isNull()) {
            throw new InvalidMessageException(name + ": missing required field 'schemaVersion' (this build reads "
                    + SchemaVersion.CURRENT + ")");
        }
        if (!version.isInt()) {
            throw new InvalidMessageException(name + ": schemaVersion must be an integer, got " + version);
        }
        SchemaVersion.require(name, version.intValue());
        return treeToValue(tree, type);
    }

    /** Binds a tree to {@code type}; every failure is an {@link InvalidMessageException} naming the type and field. */
    private <T> T treeToValue(JsonNode tree, Class<T> type) {
        String name = type.getSimpleName();
        try {
            return mapper.treeToValue(tree, type);
        } catch (JsonMappingException e) {
            throw invalid(name, e);
        } catch (JsonProcessingException e) {
            throw new InvalidMessageException(name + ": " + e.getOriginalMessage(), e);
        } catch (InvalidMessageException e) {
            throw new InvalidMessageException(name + ": " + e.getMessage(), e);
        }
    }

    private static InvalidMessageException invalid(String name, JsonMappingException e) {
        String path = path(e);
        String where = path.isEmpty() ? name : name + " at '" + path + "'";
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof InvalidMessageException ime) {
                return new InvalidMessageException(where + ": " + ime.getMessage(), e);
            }
        }
        return new InvalidMessageException(where + ": " + e.getOriginalMessage(), e);
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static InvalidMessageException notJson(Class<?> type, IOException e) {
        String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        String at = e instanceof JsonProcessingException jpe && jpe.getLocation() != null
                ? " (line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr() + ")" : "";
        return new InvalidMessageException(type.getSimpleName() + ": not valid JSON" + at + ": " + detail, e);
    }
}
