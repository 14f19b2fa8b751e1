package io.latentpatch.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * A source image ready for the codec: its name (file name, used for labels and reports) and its
 * pixels, CHW RGB in [0, 1] at the codec's square size.
 */
public record SourceImage(String name, float[] chw) {
    public static List<String> names(List<SourceImage> images) {
        List<String> names = new ArrayList<>(images.size());
        for (SourceImage s : images) names.add(s.name());
        return names;
    }
}
