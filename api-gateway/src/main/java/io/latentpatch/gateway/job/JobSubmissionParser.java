package io.latentpatch.gateway.job;

import io.latentpatch.contracts.JsonCodec;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentpatch.contracts.GenerationParams;
import io.latentpatch.contracts.InvalidMessageException;
import io.latentpatch.gateway.problem.ApiProblem;
import io.latentpatch.gateway.problem.Problem.FieldError;
import io.latentpatch.gateway.problem.ProblemType;
import io.latentpatch.gateway.sourceset.SourceSetUpload.UploadedImage;
import java.lang.reflect.RecordComponent;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the JSON body of {@code POST /v1/jobs} into a {@link JobSubmission}, strictly: duplicate keys,
 * trailing content, unknown fields (a typo would otherwise silently fall back to a default), wrong
 * types and out-of-range values are refused, each reported with a JSON pointer.
 *
 * <p>Not JSON at all: 400 {@code malformed-request}. JSON with wrong fields or values: 422
 * {@code validation-failed} listing every problem found. Thread-safe.
 */
public final class JobSubmissionParser {

    static final Set<String> FIELDS = Set.of("sourceSetId", "images", "labels", "model", "count", "seed", "params");
    static final Set<String> PARAM_FIELDS = paramFields();

    // The contracts' strict mapper: duplicate keys, trailing content, floats for ints and coerced scalars are errors.
    private static final ObjectMapper MAPPER = JsonCodec.shared().mapper();

    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

    private final String defaultModel;

    /** @param defaultModel the model used when the body names none */
    public JobSubmissionParser(String defaultModel) {
        this.defaultModel = defaultModel;
    }

    /** Parses {@code body}; throws {@link ApiProblem} (400 or 422) when it is not a valid submission. */
    public JobSubmission parse(byte[] body) {
        JsonNode root = readTree(body);
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                errors.add(new FieldError("/" + f, "unknown field; expected some of " + String.join(", ", sorted(FIELDS))));
            }
        }
        String sourceSetId = text(root, "sourceSetId", errors);
        List<UploadedImage> images = images(root.get("images"), errors);
        String labels = text(root, "labels", errors);
        String model = text(root, "model", errors);
        Integer count = integer(root, "count", errors);
        Long seed = longValue(root, "seed", errors);
        GenerationParams params = params(root.get("params"), errors);
        if (root.hasNonNull("sourceSetId") == root.hasNonNull("images")) {
            errors.add(new FieldError("/", root.hasNonNull("images") ? "give either sourceSetId or images, not both"
                    : "name the sources: 'sourceSetId' (from POST /v1/source-sets) or inline 'images' (base64)"));
        }
        if (labels != null && images == null) {
            errors.add(new FieldError("/labels", "labels go with inline images; a source set carries its own labels"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        return new JobSubmission(sourceSetId, images, labels, model == null ? defaultModel : model,
                count == null ? 1 : count, seed, params == null ? GenerationParams.DEFAULTS : params, canonicalHash(root));
    }

    private static JsonNode readTree(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ApiProblem(ProblemType.MALFORMED_REQUEST, "empty body; expected a JSON object such as"
                    + " {\"sourceSetId\": \"...\", \"count\": 4}");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new ApiProblem(ProblemType.MALFORMED_REQUEST, "the body is not valid JSON" + at + ": "
                    + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new ApiProblem(ProblemType.MALFORMED_REQUEST, "the body cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ApiProblem(ProblemType.MALFORMED_REQUEST, "expected a JSON object, got "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        return root;
    }

    private static String text(JsonNode root, String field, List<FieldError> errors) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            errors.add(new FieldError("/" + field, "expected a string, got " + describe(n)));
            return null;
        }
        return n.asText();
    }

    private static Integer integer(JsonNode root, String field, List<FieldError> errors) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            errors.add(new FieldError("/" + field, "expected an integer, got " + describe(n)));
            return null;
        }
        return n.intValue();
    }

    private static Long longValue(JsonNode root, String field, List<FieldError> errors) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            errors.add(new FieldError("/" + field, "expected a 64-bit integer, got " + describe(n)));
            return null;
        }
        return n.longValue();
    }

    /** Inline images: base64 strings (a {@code data:...;base64,} prefix is allowed) or {@code {"name", "data"}} objects. */
    private static List<UploadedImage> images(JsonNode n, List<FieldError> errors) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            errors.add(new FieldError("/images", "expected an array of base64 strings or {\"name\", \"data\"} objects, got "
                    + describe(n)));
            return null;
        }
        List<UploadedImage> out = new ArrayList<>(n.size());
        for (int i = 0; i < n.size(); i++) {
            JsonNode e = n.get(i);
            String pointer = "/images/" + i;
            String name = null;
            JsonNode data = e;
            if (e.isObject()) {
                for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
                    String f = it.next();
                    if (!f.equals("name") && !f.equals("data")) {
                        errors.add(new FieldError(pointer + "/" + f, "unknown field; an inline image object has 'name' and 'data'"));
                    }
                }
                JsonNode nm = e.get("name");
                if (nm != null && !nm.isNull() && !nm.isTextual()) {
                    errors.add(new FieldError(pointer + "/name", "expected a string, got " + describe(nm)));
                }
                name = nm != null && nm.isTextual() ? nm.asText() : null;
                data = e.get("data");
                pointer += "/data";
            }
            if (data == null || !data.isTextual()) {
                errors.add(new FieldError(pointer, "expected base64 image data (a string), got " + describe(data)));
                continue;
            }
            String b64 = data.asText();
            int comma = b64.startsWith("data:") ? b64.indexOf(',') : -1;
            if (comma >= 0) {
                b64 = b64.substring(comma + 1);
            }
            try {
                out.add(new UploadedImage(name == null ? "image-" + i : name, 
                        Base64.getDecoder().decode(WHITESPACE.matcher(b64).replaceAll(""))));
            } catch (IllegalArgumentException ex) {
                errors.add(new FieldError(pointer, "not valid base64: " + ex.getMessage()));
            }
        }
        return out;
    }

    private static GenerationParams params(JsonNode n, List<FieldError> errors) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            errors.add(new FieldError("/params", "expected an object of generation parameters, got " + describe(n)));
            return null;
        }
        boolean unknown = false;
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!PARAM_FIELDS.contains(f)) {
                errors.add(new FieldError("/params/" + f, "unknown parameter; known: " + String.join(", ", PARAM_FIELDS)));
                unknown = true;
            }
        }
        if (unknown) {
            return null;
        }
        try {
            return MAPPER.treeToValue(n, GenerationParams.class);
        } catch (JsonMappingException e) {
            errors.add(new FieldError("/params" + pointer(e), mappingMessage(e)));
        } catch (JsonProcessingException e) {
            errors.add(new FieldError("/params", e.getOriginalMessage()));
        } catch (InvalidMessageException e) {
            errors.add(new FieldError("/params", e.getMessage()));
        }
        return null;
    }

    private static String mappingMessage(JsonMappingException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof InvalidMessageException ime) {
                return ime.getMessage();
            }
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            return "'" + f.getValue() + "' is not one of " + String.join(", ", enumNames(f.getTargetType()));
        }
        return e.getOriginalMessage();
    }

    /** JSON names of an enum's constants (their {@code @JsonProperty}, else the lower-case name). */
    static List<String> enumNames(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (Object c : type.getEnumConstants()) {
            String name = ((Enum<?>) c).name();
            try {
                com.fasterxml.jackson.annotation.JsonProperty p = type.getField(name)
                        .getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                names.add(p != null ? p.value() : name.toLowerCase(java.util.Locale.ROOT));
            } catch (NoSuchFieldException ex) {
                names.add(name.toLowerCase(java.util.Locale.ROOT));
            }
        }
        return names;
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append('/').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('/').append(ref.getIndex());
            }
        }
        return sb.toString();
    }

    private static String describe(JsonNode n) {
        if (n == null) {
            return "nothing";
        }
        String type = n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        String text = n.toString();
        return type + " " + (text.length() > 40 ? text.substring(0, 37) + "..." : text);
    }

    /** SHA-256 hex of the canonical form of {@code root}: object keys sorted at every level, no whitespace. */
    static String canonicalHash(JsonNode root) {
        try {
            byte[] canonical = MAPPER.writeValueAsBytes(canonical(root));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash a parsed JSON tree", e);
        }
    }

    private static JsonNode canonical(JsonNode n) {
        if (n.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            n.fields().forEachRemaining(e -> sorted.put(e.getKey(), canonical(e.getValue())));
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            sorted.forEach(o::set);
            return o;
        }
        if (n.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode a = JsonNodeFactory.instance.arrayNode();
            n.forEach(e -> a.add(canonical(e)));
            return a;
        }
        return n;
    }

    private static Set<String> paramFields() {
        Set<String> names = new LinkedHashSet<>();
        for (RecordComponent c : GenerationParams.class.getRecordComponents()) {
            names.add(c.getName());
        }
        return names;
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
