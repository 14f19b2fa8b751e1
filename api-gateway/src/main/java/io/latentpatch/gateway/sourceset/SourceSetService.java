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
import io.latentpatch.gateway.Paging;
import io.latentpatch.gateway.RequestPathStore;
import io.latentpatch.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import io.latentpatch.storage.ObjectInfo;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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

    /** Stores an accepted upload as a set of {@code tenant} under a fresh id and returns its manifest. */
    public SourceSetManifest store(String tenant, Accepted accepted) {
        return store(tenant, accepted, manifestFor(accepted, Ids.newId()));
    }

    /** The manifest {@code accepted} will have as set {@code setId} (nothing stored yet). */
    public SourceSetManifest manifestFor(Accepted accepted, String setId) {
        return SourceSetManifest.of(setId, accepted.sizes(), accepted.fileNames(), accepted.labels(),
                accepted.images(), Instant.now());
    }

    /** Stores the images of {@code accepted}, then {@code manifest} (from {@link #manifestFor}). */
    public SourceSetManifest store(String tenant, Accepted accepted, SourceSetManifest manifest) {
        String setId = manifest.setId();
        for (int i = 0; i < accepted.images().size(); i++) {
            String type = accepted.formats().get(i) == ImageFormat.JPEG ? "image/jpeg" : "image/png";
            store.put(ObjectKeys.sourceImage(tenant, setId, i), accepted.images().get(i), type);
        }
        store.put(ObjectKeys.sourceManifest(tenant, setId), JsonCodec.shared().write(manifest), "application/json");
        metrics.sourceSetCreated();
        LOG.infof("source set %s of " + tenant + " stored: %d images, first %s%s", setId, manifest.imageCount(), manifest.sizeOf(0),
                manifest.labels() == null ? "" : ", labelled");
        return manifest;
    }

    /** The manifest of {@code tenant}'s set {@code setId}, or empty when it has no such set (or the id is malformed). */
    public Optional<SourceSetManifest> find(String tenant, String setId) {
        if (!Ids.isValid(setId)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JsonCodec.shared().read(store.get(ObjectKeys.sourceManifest(tenant, setId)), SourceSetManifest.class));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * One page of the stored sets, most recent first, and how many there are in all.
     *
     * @param encodedWith per set id of the page, the models its latents are stored for (sorted)
     */
    public record Page(List<SourceSetManifest> items, int total, java.util.Map<String, List<String>> encodedWith) {
    }

    /**
     * The sets whose manifest is stored, most recently written first (the manifest is written last, so
     * its time is the set's), {@code limit} of them from {@code offset}. Only the page's manifests are read.
     */
    public Page list(String tenant, int offset, int limit) {
        String root = ObjectKeys.sourcesPrefix(tenant);
        List<ObjectInfo> manifests = new ArrayList<>();
        java.util.Map<String, List<String>> encoded = new java.util.HashMap<>();
        for (ObjectInfo o : store.list(root)) {
            String[] parts = o.key().substring(root.length()).split("/");
            if (parts.length == 2 && parts[1].equals("manifest.json")) manifests.add(o);
            if (parts.length == 3 && parts[2].equals("latents.npy")) {
                encoded.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1]);
            }
        }
        List<SourceSetManifest> page = Paging.recentFirst(manifests, offset, limit,
                o -> find(tenant, o.key().substring(root.length()).split("/")[0]),
                SourceSetManifest::createdAt);
        java.util.Map<String, List<String>> models = new java.util.HashMap<>();
        for (SourceSetManifest m : page) {
            models.put(m.setId(), encoded.getOrDefault(m.setId(), List.of()).stream().sorted().toList());
        }
        return new Page(page, manifests.size(), models);
    }


    /** A stored source image as uploaded, with its content type. */
    public record StoredImage(InputStream bytes, String contentType) {
    }

    /** Opens image {@code index} of {@code manifest}'s set (the caller closes it). */
    public StoredImage openImage(String tenant, SourceSetManifest manifest, int index) {
        String key = ObjectKeys.sourceImage(tenant, manifest.setId(), index);
        String type = store.stat(key).map(ObjectInfo::contentType).filter(t -> t != null && t.startsWith("image/"))
                .orElse("image/png");
        return new StoredImage(store.openStream(key), type);
    }

    /** The stored {@code alignment.json} of an aligned set, as the encoder wrote it; empty before it is aligned. */
    public Optional<byte[]> findAlignment(String tenant, String setId) {
        return store.find(ObjectKeys.sourceAlignment(tenant, setId));
    }

    /** The stored alignment of an aligned set, parsed; empty before it is aligned. */
    public Optional<io.latentpatch.contracts.SourceSetAlignment> alignment(String tenant, String setId) {
        return findAlignment(tenant, setId).map(json -> JsonCodec.shared().read(json, io.latentpatch.contracts.SourceSetAlignment.class));
    }

    /** Opens aligned image {@code index} of the set (the caller closes it). */
    public InputStream openAligned(String tenant, String setId, int index) {
        return store.openStream(ObjectKeys.sourceAlignedImage(tenant, setId, index));
    }

    /**
     * Stores an edit mask (PNG bytes, already checked) for the set under its content hash and returns its key,
     * the value a job's {@code params.region} takes. The same picture twice gives the same key.
     */
    public String storeMask(String tenant, String setId, byte[] png) {
        String key = ObjectKeys.sourceMask(tenant, setId, sha256(png).substring(0, 32));
        store.put(key, png, "image/png");
        LOG.infof("edit mask %s stored (%d bytes)", key, png.length);
        return key;
    }

    /**
     * Stores an outside reference / edit target image (PNG or JPEG bytes, already checked) for the set under its content
     * hash and returns its key, the value of a job's {@code params.referenceImage}.
     */
    public String storeReference(String tenant, String setId, byte[] image, boolean jpeg) {
        String key = ObjectKeys.sourceReference(tenant, setId, sha256(image).substring(0, 32), jpeg);
        store.put(key, image, jpeg ? "image/jpeg" : "image/png");
        LOG.infof("reference image %s stored (%d bytes)", key, image.length);
        return key;
    }

    /**
     * Deletes {@code tenant}'s set {@code setId} and everything derived from it (images, latents, PCA bases, masks,
     * references); returns how many objects there were. Jobs that still run on it fail (their inputs are gone);
     * finished jobs keep their results.
     */
    public int delete(String tenant, String setId) {
        int n = store.deletePrefix(ObjectKeys.sourcePrefix(tenant, setId));
        LOG.infof("source set %s of %s deleted: %d objects", setId, tenant, n);
        return n;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
