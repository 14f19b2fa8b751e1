package io.latentpatch.service;

import io.latentpatch.contracts.Ids;
import io.latentpatch.contracts.InvalidMessageException;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.contracts.ModelInfo;
import io.latentpatch.contracts.ObjectKeys;
import io.latentpatch.storage.ObjectInfo;
import io.latentpatch.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The model registry in the object store ({@code models/{name}/model.json}, {@link ModelInfo}): workers
 * publish what they can open, the gateway validates jobs against it, so no service but the workers needs
 * model files or ONNX Runtime. Entries are read on every lookup (one small GET), so a model a worker has
 * just published is accepted at once.
 */
@ApplicationScoped
public class ModelRegistry {
    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final ObjectStore store;

    @Inject
    public ModelRegistry(ObjectStore store) {
        this.store = store;
    }

    /** The entry of {@code name}, or empty when no worker published one (or the name is not an id). */
    public Optional<ModelInfo> find(String name) {
        if (name == null || !Ids.isValid(name)) return Optional.empty();
        return store.find(ObjectKeys.modelInfo(name)).flatMap(bytes -> {
            try {
                return Optional.of(JsonCodec.shared().read(bytes, ModelInfo.class));
            } catch (InvalidMessageException e) {
                LOG.warnf("ignoring unreadable registry entry %s: %s", ObjectKeys.modelInfo(name), e.getMessage());
                return Optional.empty();
            }
        });
    }

    /** Names of every published model, sorted. */
    public List<String> available() {
        List<String> names = new ArrayList<>();
        for (ObjectInfo o : store.list(ObjectKeys.MODELS)) {
            String name = ObjectKeys.modelNameOf(o.key());
            if (name != null) names.add(name);
        }
        return names;
    }

    /** Writes {@code info} unless an entry of the same shape is already there (so restarts do not rewrite it). */
    public void publish(ModelInfo info) {
        if (find(info.name()).filter(info::sameShape).isPresent()) return;
        store.put(ObjectKeys.modelInfo(info.name()), JsonCodec.shared().write(info), "application/json");
        LOG.infof("published model %s to the registry (L=%d, f=%d, %d px)", info.name(), info.latentChannels(), info.downscale(),
                info.imageSize());
    }
}
