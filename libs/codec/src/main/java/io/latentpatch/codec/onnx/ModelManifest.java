package io.latentpatch.codec.onnx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.codec.CodecException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a model directory's {@code model.json} that the loader reads and checks; see
 * {@code docs/models.md} for the whole format. Fields not listed here are ignored.
 *
 * <p>Required: {@code name}, {@code latentChannels}, {@code downscale}, and {@code encoder} /
 * {@code decoder} objects each with {@code file}, {@code input} and {@code output} (ONNX tensor
 * names). Optional, with defaults: {@code sizeMultiple} (= downscale), {@code recommendedImageSize}
 * (256), {@code inputRange} / {@code outputRange} ([0, 1]), {@code latentScale} (1) /
 * {@code latentShift} (0), {@code codebook} (file name; else {@code codebook.npy} if present),
 * {@code files} (byte size and SHA-256 per file). When present, {@code schemaVersion} must be 1,
 * {@code format} "onnx", {@code dtype} "float32", {@code layout} "NCHW", {@code imageChannels} 3,
 * {@code colorOrder} "RGB", and numeric channel entries of the {@code inputShape}/{@code outputShape}
 * arrays must agree with 3 and {@code latentChannels}.
 *
 * @param directory            the model directory (absolute)
 * @param latentChannels       L, channels of the encoder output and decoder input
 * @param downscale            f, image side / latent-grid side
 * @param sizeMultiple         image sides must be multiples of this
 * @param recommendedImageSize square side the model is meant for, in pixels
 * @param inputRange           value range the encoder expects; images in [0, 1] are mapped onto it
 * @param outputRange          value range the decoder returns; mapped back to [0, 1]
 * @param latentScale          codec latent = (encoder output − latentShift) × latentScale
 * @param latentShift          see latentScale
 * @param codebookFile         codebook file name in the directory, or null when the model has none
 * @param files                expected byte size and SHA-256 per file name, possibly empty
 */
public record ModelManifest(Path directory, String name, String description, int latentChannels, int downscale,
                            int sizeMultiple, int recommendedImageSize, Network encoder, Network decoder,
                            Range inputRange, Range outputRange, float latentScale, float latentShift,
                            String receptiveField, String codebookFile, Map<String, FileEntry> files) {

    /** File name of the manifest inside a model directory. */
    public static final String FILE_NAME = "model.json";
    /** Codebook file picked up when model.json names none. */
    public static final String DEFAULT_CODEBOOK = "codebook.npy";
    /** The only manifest schema version this build reads. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = JsonCodec.shared().mapper();

    /** One network: ONNX file name (relative to the directory) and its input and output tensor names. */
    public record Network(String file, String input, String output) {
    }

    /** Closed value interval {@code [min, max]}. */
    public record Range(float min, float max) {
        public static final Range UNIT = new Range(0f, 1f);

        public boolean isUnit() {
            return min == 0f && max == 1f;
        }
    }

    /** Expected size in bytes and lower-case hex SHA-256 of a file (either may be absent: -1 / null). */
    public record FileEntry(long bytes, String sha256) {
    }

    /** Path of the encoder ONNX file. */
    public Path encoderPath() {
        return directory.resolve(encoder.file());
    }

    /** Path of the decoder ONNX file. */
    public Path decoderPath() {
        return directory.resolve(decoder.file());
    }

    /** Path of the codebook, if the model has one. */
    public Optional<Path> codebookPath() {
        return codebookFile == null ? Optional.empty() : Optional.of(directory.resolve(codebookFile));
    }

    /**
     * Reads and validates {@code dir/model.json}. Does not touch the ONNX files; see
     * {@link #verifyFiles(boolean)}.
     *
     * @throws CodecException naming the file and the field at fault
     */
    public static ModelManifest read(Path dir) {
        Path directory = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(directory)) {
            throw new CodecException("model directory " + directory + " does not exist or is not a directory");
        }
        Path file = directory.resolve(FILE_NAME);
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = JSON.readTree(in);
        } catch (NoSuchFileException e) {
            throw new CodecException("no " + FILE_NAME + " in " + directory + ": a model directory holds model.json,"
                    + " encoder.onnx and decoder.onnx (see docs/models.md)");
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new CodecException(FILE_NAME + " in " + directory + " is not valid JSON"
                    + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")")
                    + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CodecException("cannot read " + file + ": " + e, e);
        }
        if (root == null || !root.isObject()) {
            throw new CodecException(FILE_NAME + " in " + directory + " must hold a JSON object, got "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase(Locale.ROOT)));
        }
        return new Parser(directory, root).parse();
    }

    /**
     * Checks that the encoder, decoder (and codebook) files exist and match {@code files}: byte
     * size always, SHA-256 when {@code checkDigests}.
     *
     * @throws CodecException naming the file, the expected and the actual value
     */
    public void verifyFiles(boolean checkDigests) {
        verifyFile(encoder.file(), "encoder.file", checkDigests);
        verifyFile(decoder.file(), "decoder.file", checkDigests);
        if (codebookFile != null) {
            verifyFile(codebookFile, "codebook", checkDigests);
        }
    }

    private void verifyFile(String fileName, String field, boolean checkDigests) {
        Path path = directory.resolve(fileName);
        if (!Files.isRegularFile(path)) {
            throw new CodecException(fileName + " is missing from " + directory + " (model.json " + field + " = \""
                    + fileName + "\"); copy the model's files into that directory");
        }
        FileEntry entry = files.get(fileName);
        if (entry == null) {
            return;
        }
        try {
            long size = Files.size(path);
            if (entry.bytes() >= 0 && size != entry.bytes()) {
                throw new CodecException(fileName + " in " + directory + " is " + size + " bytes but model.json files."
                        + fileName + ".bytes says " + entry.bytes() + ": the file is truncated or was replaced;"
                        + " copy it again, or update model.json if you changed the model on purpose");
            }
            if (checkDigests && entry.sha256() != null) {
                String actual = sha256(path);
                if (!actual.equalsIgnoreCase(entry.sha256())) {
                    throw new CodecException(fileName + " in " + directory + " has SHA-256 " + actual
                            + " but model.json files." + fileName + ".sha256 says " + entry.sha256()
                            + ": the file is corrupt or was replaced; copy it again, update model.json if you"
                            + " changed the model on purpose, or turn off digest checks (verifyDigests=false)");
                }
            }
        } catch (IOException e) {
            throw new CodecException("cannot read " + path + ": " + e, e);
        }
    }

    /** Lower-case hex SHA-256 of a file. */
    static String sha256(Path path) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(path)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Field-by-field reader that knows where it is, for messages. */
    private static final class Parser {
        private final Path directory;
        private final JsonNode root;
        private final String where;

        Parser(Path directory, JsonNode root) {
            this.directory = directory;
            this.root = root;
            this.where = FILE_NAME + " in " + directory;
        }

        ModelManifest parse() {
            int schema = optionalInt(root, "schemaVersion", SCHEMA_VERSION);
            if (schema != SCHEMA_VERSION) {
                throw fail("schemaVersion is " + schema + " but this build reads schemaVersion " + SCHEMA_VERSION);
            }
            expectIfPresent("format", "onnx");
            expectIfPresent("dtype", "float32");
            expectIfPresent("layout", "NCHW");
            expectIfPresent("colorOrder", "RGB");
            int imageChannels = optionalInt(root, "imageChannels", 3);
            if (imageChannels != 3) {
                throw fail("imageChannels is " + imageChannels + " but only RGB models (3) are supported");
            }
            String name = requiredText(root, "name", "a short model name, e.g. \"taef2\"");
            String description = root.path("description").asText("");
            int latentChannels = requiredPositiveInt(root, "latentChannels", "the number of latent channels, e.g. 32");
            int downscale = requiredPositiveInt(root, "downscale", "image side / latent-grid side, e.g. 8");
            int sizeMultiple = optionalInt(root, "sizeMultiple", downscale);
            if (sizeMultiple < 1 || sizeMultiple % downscale != 0) {
                throw fail("sizeMultiple is " + sizeMultiple + " but must be a positive multiple of downscale ("
                        + downscale + ")");
            }
            int imageSize = optionalInt(root, "recommendedImageSize", 256);
            if (imageSize < 1 || imageSize % sizeMultiple != 0) {
                throw fail("recommendedImageSize is " + imageSize + " but must be a positive multiple of sizeMultiple ("
                        + sizeMultiple + ")");
            }
            Network encoder = network("encoder");
            Network decoder = network("decoder");
            String latentRule = "latentChannels is " + latentChannels;
            checkShapeChannel("encoder", "inputShape", 3, "an RGB image has 3 channels");
            checkShapeChannel("encoder", "outputShape", latentChannels, latentRule);
            checkShapeChannel("decoder", "inputShape", latentChannels, latentRule);
            checkShapeChannel("decoder", "outputShape", 3, "an RGB image has 3 channels");
            if (root.has("latentGridSize")) {
                int grid = optionalInt(root, "latentGridSize", imageSize / downscale);
                if (grid * downscale != imageSize) {
                    throw fail("latentGridSize is " + grid + " but recommendedImageSize / downscale = "
                            + imageSize + " / " + downscale + " = " + imageSize / downscale);
                }
            }
            Range inputRange = range("inputRange");
            Range outputRange = range("outputRange");
            float latentScale = (float) optionalNumber(root, "latentScale", 1.0);
            float latentShift = (float) optionalNumber(root, "latentShift", 0.0);
            if (latentScale == 0f || !Float.isFinite(latentScale) || !Float.isFinite(latentShift)) {
                throw fail("latentScale must be a finite non-zero number and latentShift finite, got "
                        + latentScale + " and " + latentShift);
            }
            String receptiveField = root.hasNonNull("receptiveField") ? root.get("receptiveField").asText() : null;
            String codebook = null;
            if (root.hasNonNull("codebook")) {
                codebook = requiredText(root, "codebook", "the codebook file name, e.g. \"codebook.npy\"");
            } else if (Files.isRegularFile(directory.resolve(DEFAULT_CODEBOOK))) {
                codebook = DEFAULT_CODEBOOK;
            }
            return new ModelManifest(directory, name, description, latentChannels, downscale, sizeMultiple, imageSize,
                    encoder, decoder, inputRange, outputRange, latentScale, latentShift, receptiveField, codebook,
                    files());
        }

        private Network network(String field) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                throw fail("required field '" + field + "' is missing (an object with file, input and output)");
            }
            if (!node.isObject()) {
                throw fail("'" + field + "' must be an object with file, input and output, got " + node);
            }
            String file = requiredText(node, field + ".file", node.get("file"), "the ONNX file name, e.g. \"" + field + ".onnx\"");
            String input = requiredText(node, field + ".input", node.get("input"), "the ONNX input tensor name");
            String output = requiredText(node, field + ".output", node.get("output"), "the ONNX output tensor name");
            Path resolved = directory.resolve(file).normalize();
            if (!resolved.startsWith(directory)) {
                throw fail(field + ".file \"" + file + "\" points outside the model directory");
            }
            return new Network(file, input, output);
        }

        private void checkShapeChannel(String network, String shapeField, int expected, String rule) {
            JsonNode shape = root.path(network).get(shapeField);
            if (shape == null || shape.isNull()) {
                return;
            }
            if (!shape.isArray() || shape.size() != 4) {
                throw fail(network + "." + shapeField + " must be an array of 4 entries [N, C, H, W], got " + shape);
            }
            JsonNode channels = shape.get(1);
            if (channels.isIntegralNumber() && channels.asInt() != expected) {
                throw fail(network + "." + shapeField + "[1] is " + channels.asInt() + " but " + rule
                        + "; make them agree");
            }
        }

        private Range range(String field) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                return Range.UNIT;
            }
            if (!node.isArray() || node.size() != 2 || !node.get(0).isNumber() || !node.get(1).isNumber()) {
                throw fail("'" + field + "' must be an array of two numbers [min, max], got " + node);
            }
            float min = (float) node.get(0).asDouble();
            float max = (float) node.get(1).asDouble();
            if (!(max > min)) {
                throw fail("'" + field + "' must have min < max, got [" + min + ", " + max + "]");
            }
            return new Range(min, max);
        }

        private Map<String, FileEntry> files() {
            JsonNode node = root.get("files");
            Map<String, FileEntry> files = new LinkedHashMap<>();
            if (node == null || node.isNull()) {
                return Map.copyOf(files);
            }
            if (!node.isObject()) {
                throw fail("'files' must be an object mapping file names to {bytes, sha256}, got " + node);
            }
            var it = node.fields();
            while (it.hasNext()) {
                var e = it.next();
                JsonNode entry = e.getValue();
                if (!entry.isObject()) {
                    throw fail("files." + e.getKey() + " must be an object {bytes, sha256}, got " + entry);
                }
                long bytes = -1;
                if (entry.has("bytes")) {
                    if (!entry.get("bytes").canConvertToLong() || !entry.get("bytes").isIntegralNumber()
                            || entry.get("bytes").asLong() < 0) {
                        throw fail("files." + e.getKey() + ".bytes must be a non-negative integer, got " + entry.get("bytes"));
                    }
                    bytes = entry.get("bytes").asLong();
                }
                String sha = null;
                if (entry.has("sha256")) {
                    sha = entry.get("sha256").asText("");
                    if (!sha.matches("[0-9a-fA-F]{64}")) {
                        throw fail("files." + e.getKey() + ".sha256 must be 64 hex digits, got \"" + sha + "\"");
                    }
                }
                files.put(e.getKey(), new FileEntry(bytes, sha));
            }
            return Map.copyOf(files);
        }

        private void expectIfPresent(String field, String expected) {
            JsonNode node = root.get(field);
            if (node != null && !node.isNull() && !expected.equalsIgnoreCase(node.asText())) {
                throw fail(field + " is \"" + node.asText() + "\" but this loader needs \"" + expected + "\"");
            }
        }

        private String requiredText(JsonNode parent, String field, String hint) {
            return requiredText(parent, field, parent.get(field), hint);
        }

        private String requiredText(JsonNode parent, String path, JsonNode node, String hint) {
            if (node == null || node.isNull()) {
                throw fail("required field '" + path + "' is missing (" + hint + ")");
            }
            if (!node.isTextual() || node.asText().isBlank()) {
                throw fail("'" + path + "' must be a non-empty string (" + hint + "), got " + node);
            }
            return node.asText();
        }

        private int requiredPositiveInt(JsonNode parent, String field, String hint) {
            JsonNode node = parent.get(field);
            if (node == null || node.isNull()) {
                throw fail("required field '" + field + "' is missing (" + hint + ")");
            }
            if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1) {
                throw fail("'" + field + "' must be a positive integer (" + hint + "), got " + node);
            }
            return node.asInt();
        }

        private int optionalInt(JsonNode parent, String field, int fallback) {
            JsonNode node = parent.get(field);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                throw fail("'" + field + "' must be an integer, got " + node);
            }
            return node.asInt();
        }

        private double optionalNumber(JsonNode parent, String field, double fallback) {
            JsonNode node = parent.get(field);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isNumber()) {
                throw fail("'" + field + "' must be a number, got " + node);
            }
            return node.asDouble();
        }

        private CodecException fail(String problem) {
            return new CodecException(where + ": " + problem);
        }
    }
}
