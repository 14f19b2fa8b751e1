package io.latentpatch.codec;

import io.latentpatch.codec.onnx.OnnxCodec;
import io.latentpatch.codec.pixel.PixelCodec;
import io.latentpatch.core.grid.PixelBlocks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Opens a codec from a short spec, as given on a command line or in configuration.
 *
 * <ul>
 *   <li>{@code pixel} or {@code pixel-f16}: {@link PixelCodec#f16()}; {@code pixel-f8}: {@link PixelCodec#f8()}
 *   <li>anything else: a model directory (or its {@code model.json}) opened with {@link OnnxCodec#open}
 * </ul>
 */
public final class Codecs {

    /** The spec used when none is given: the built-in pixel codec, so a first run needs no model file. */
    public static final String DEFAULT_SPEC = "pixel-f16";

    private Codecs() {
    }

    /**
     * The pixel layout of the codec {@code spec} names, without opening anything: present for the built-in
     * pixel codecs, empty for a model directory (learned latents). What a worker that knows a job's model only
     * by name uses for the blend finish ({@link Codec#pixelLayout}).
     */
    public static Optional<PixelBlocks> pixelLayout(String spec) {
        PixelCodec builtIn = spec == null ? null : builtIn(spec.trim());
        return builtIn == null ? Optional.empty() : builtIn.pixelLayout();
    }

    /** The built-in codec {@code spec} names, or null. */
    private static PixelCodec builtIn(String spec) {
        return switch (spec.toLowerCase(Locale.ROOT)) {
            case "pixel", "pixel-f16" -> PixelCodec.f16();
            case "pixel-f8" -> PixelCodec.f8();
            default -> null;
        };
    }

    /** Opens {@code spec} with default options. */
    public static Codec open(String spec) {
        return open(spec, CodecOptions.defaults());
    }

    /** Opens {@code spec}; see the class comment for the accepted forms. */
    public static Codec open(String spec, CodecOptions options) {
        if (spec == null || spec.isBlank()) {
            throw new CodecException("no codec given: use pixel, pixel-f16, pixel-f8 or a model directory path");
        }
        String trimmed = spec.trim();
        PixelCodec builtIn = builtIn(trimmed);
        if (builtIn != null) return builtIn;
        Path path = Path.of(trimmed);
        if (Files.isRegularFile(path) && path.getFileName().toString().equals("model.json")) {
            path = path.toAbsolutePath().getParent();
        }
        if (!Files.isDirectory(path)) {
            throw new CodecException("codec '" + trimmed + "' is neither a built-in codec (pixel, pixel-f16, pixel-f8)"
                    + " nor a model directory: " + path.toAbsolutePath() + " does not exist or is not a directory");
        }
        return OnnxCodec.open(path, options);
    }
}
