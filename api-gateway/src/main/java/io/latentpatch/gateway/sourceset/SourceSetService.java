package io.latentpatch.gateway.sourceset;

import io.latentpatch.contracts.Ids;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.contracts.ObjectKeys;
import io.latentpatch.contracts.SourceSetManifest;
import io.latentpatch.gateway.GatewayConfig;
import io.latentpatch.gateway.GatewayMetrics;
import io.latentpatch.gateway.sourceset.SourceSetUpload.Accepted;
import io.latentpatch.imaging.ImageFormat;
import io.latentpatch.storage.ObjectNotFoundException;
import io.latentpatch.gateway.RequestPathStore;
import io.latentpatch.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Stores validated uploads as source sets: the original bytes of image i at
 * {@link ObjectKeys#sourceImage(String, int)} (a JPEG keeps its bytes and gets {@code image/jpeg} as
 * content type; the encoder recognises formats by content), then the {@link SourceSetManifest}. The
 * manifest is written last, so a set whose manifest exists is complete.
 */
@ApplicationScoped
public class SourceSetService {

    private static final Logger LOG = Logger.getLogger(SourceSetService.class);

    private final ObjectStore store;
    private final GatewayMetrics metrics;
    private final SourceSetUpload upload;

    public SourceSetService(@RequestPathStore.RequestPath ObjectStore store, GatewayMetrics metrics, GatewayConfig config) {
        this.store = store;
        this.metrics = metrics;
        this.upload = new SourceSetUpload(UploadLimits.from(config.sourceSets()));
    }

    /** The validator configured with this gateway's limits. */
    public SourceSetUpload validator() {
        return upload;
    }

    /** Stores an accepted upload under a fresh id and returns its manifest. */
    public SourceSetManifest store(Accepted accepted) {
        return store(accepted, manifestFor(accepted, Ids.newId()));
    }

    /** The manifest {@code accepted} will have as set {@code setId} (nothing stored yet). */
    public SourceSetManifest manifestFor(Accepted accepted, String setId) {
        return SourceSetManifest.of(setId, accepted.sizes(), accepted.fileNames(), accepted.labels(),
                accepted.images(), Instant.now());
    }

    /** Stores the images of {@code accepted}, then {@code manifest} (from {@link #manifestFor}). */
    public SourceSetManifest store(Accepted accepted, SourceSetManifest manifest) {
        String setId = manifest.setId();
        for (int i = 0; i < accepted.images().size(); i++) {
            String type = accepted.formats().get(i) == ImageFormat.JPEG ? "image/jpeg" : "image/png";
            store.put(ObjectKeys.sourceImage(setId, i), accepted.images().get(i), type);
        }
        store.put(ObjectKeys.sourceManifest(setId), JsonCodec.shared().write(manifest), "application/json");
        metrics.sourceSetCreated();
        LOG.infof("source set %s stored: %d images, first %s%s", setId, manifest.imageCount(), manifest.sizeOf(0),
                manifest.labels() == null ? "" : ", labelled");
        return manifest;
    }

    /** The manifest of set {@code setId}, or empty when there is no such set (or the id is malformed). */
    public Optional<SourceSetManifest> find(String setId) {
        if (!Ids.isValid(setId)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JsonCodec.shared().read(store.get(ObjectKeys.sourceManifest(setId)), SourceSetManifest.class));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }
}
