package io.latentpatch.pipeline;

import io.latentpatch.codec.Codec;
import io.latentpatch.codec.ImageBatch;
import io.latentpatch.codec.LatentBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a worker does with its models when it starts: which to open ({@link #resolve}), and one run of the
 * network it uses on a blank input ({@link #run}), so the first job pays neither for opening the model nor for
 * the first inference (ONNX Runtime allocates its buffers and the JIT compiles the tensor copies then).
 * A warm-up changes no state a later result depends on: codecs are pure functions of their inputs.
 */
public final class ModelWarmup {
    /** Every model the worker can open. */
    public static final String ALL = "all";
    /** No model. */
    public static final String NONE = "none";

    /** The network of a codec a worker runs. */
    public enum Network { ENCODER, DECODER }

    private ModelWarmup() {}

    /**
     * The models to open for a {@code preload-models} setting: {@value #ALL} (every available model, in the
     * catalogue's order), {@value #NONE} (none) or names, kept in their order without duplicates.
     *
     * @throws IllegalArgumentException for a name that is not available, or {@code all}/{@code none} mixed with names
     */
    public static List<String> resolve(List<String> setting, List<String> available) {
        List<String> names = new ArrayList<>();
        for (String s : setting) {
            String n = s.strip();
            if (!n.isEmpty() && !names.contains(n)) names.add(n);
        }
        boolean all = names.stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).equals(ALL));
        boolean none = names.stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).equals(NONE));
        if ((all || none) && names.size() > 1) {
            throw new IllegalArgumentException("preload-models is '" + ALL + "', '" + NONE + "' or a list of model names, got " + names);
        }
        if (all) return List.copyOf(available);
        if (none || names.isEmpty()) return List.of();
        for (String n : names) {
            if (!available.contains(n)) {
                throw new IllegalArgumentException("preload-models names unknown model '" + n + "'; available: " + String.join(", ", available));
            }
        }
        return List.copyOf(names);
    }

    /**
     * Runs {@code network} of {@code codec} once at its preferred size: the encoder on a mid-grey image, the
     * decoder on an all-zero latent grid ({@code preferredImageSize / downscale} cells a side). Returns the
     * milliseconds it took.
     */
    public static long run(Codec codec, Network network) {
        int size = codec.preferredImageSize();
        long t = System.nanoTime();
        switch (network) {
            case ENCODER -> {
                float[] grey = new float[ImageBatch.CHANNELS * size * size];
                Arrays.fill(grey, 0.5f);
                codec.encode(ImageBatch.single(size, size, grey));
            }
            case DECODER -> {
                int m = size / codec.downscale();
                int channels = codec.latentChannels();
                codec.decode(new LatentBatch(1, channels, m, m, new float[channels * m * m]));
            }
        }
        return (System.nanoTime() - t) / 1_000_000;
    }
}
