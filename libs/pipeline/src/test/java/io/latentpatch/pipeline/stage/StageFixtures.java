package io.latentpatch.pipeline.stage;

import io.latentpatch.contracts.ImageSize;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.contracts.ObjectKeys;
import io.latentpatch.contracts.SourceSetManifest;
import io.latentpatch.samples.Portrait;
import io.latentpatch.samples.SampleSet;
import io.latentpatch.samples.SyntheticPortraits;
import io.latentpatch.storage.ObjectStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test data for the stages and the worker ITs (shared through this module's test-jar). */
public final class StageFixtures {
    private StageFixtures() {}

    /**
     * Stores the first {@code count} built-in portraits as the gateway stores an upload: each PNG at
     * {@link ObjectKeys#sourceImage} and a manifest with the file names and the labels of
     * {@code labels.csv} ({@link SyntheticPortraits#LABEL_COLUMNS}).
     */
    public static SourceSetManifest uploadBuiltInSet(ObjectStore store, String setId, int count) {
        List<Portrait> portraits = SyntheticPortraits.generate(SampleSet.DEFAULT_COUNT, SampleSet.DEFAULT_SEED, SampleSet.DEFAULT_SIZE)
                .subList(0, count);
        List<byte[]> images = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Map<String, String>> labels = new ArrayList<>();
        List<ImageSize> sizes = new ArrayList<>();
        for (int i = 0; i < portraits.size(); i++) {
            Portrait p = portraits.get(i);
            byte[] png = SampleSet.encodePng(p.image());
            store.put(ObjectKeys.sourceImage("acme", setId, i), png, StageObjects.PNG);
            images.add(png);
            names.add(p.name());
            sizes.add(new ImageSize(p.image().getWidth(), p.image().getHeight()));
            Map<String, String> l = new LinkedHashMap<>();
            for (String column : SyntheticPortraits.LABEL_COLUMNS) l.put(column, p.label(column));
            labels.add(l);
        }
        SourceSetManifest manifest = SourceSetManifest.of(setId, sizes, names, labels,
                images, Instant.now());
        store.put(ObjectKeys.sourceManifest("acme", setId), JsonCodec.shared().write(manifest), StageObjects.JSON);
        return manifest;
    }
}
