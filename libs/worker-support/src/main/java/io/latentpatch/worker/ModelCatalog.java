package io.latentpatch.worker;

import io.latentpatch.codec.Codec;
import io.latentpatch.codec.CodecOptions;
import io.latentpatch.codec.Codecs;
import io.latentpatch.codec.ExecutionProvider;
import io.latentpatch.codec.onnx.ModelManifest;
import io.latentpatch.contracts.ModelInfo;
import io.latentpatch.pipeline.ModelWarmup;
import io.latentpatch.service.ModelRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Resolves model names to codecs: the built-in pixel codecs, or {@code <latentpatch.models.dir>/<name>}
 * for ONNX models. Each codec is opened once per process and shared (codecs are thread-safe). At start-up
 * every model this worker can open is published to the {@link ModelRegistry}, which the gateway validates
 * jobs against.
 */
@ApplicationScoped
public class ModelCatalog {
    private static final Logger LOG = Logger.getLogger(ModelCatalog.class);
    /** Names accepted as model names (they become object-key segments). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    public static final List<String> BUILT_IN = List.of("pixel", "pixel-f16", "pixel-f8");

    private final Map<String, Codec> open = new ConcurrentHashMap<>();
    /** False until {@link #preload} has run: {@link ModelsReadyCheck} keeps the worker unready until then. */
    private volatile boolean preloaded;

    @Inject
    ModelSettings settings;
    @Inject
    ModelRegistry registry;
    @ConfigProperty(name = "quarkus.application.name", defaultValue = "worker")
    String application;

    /** Publishes every model this worker can open (built-ins are opened, ONNX models described from model.json). */
    void publishModels(@Observes StartupEvent event) {
        for (String name : available()) {
            try {
                registry.publish(info(name));
            } catch (RuntimeException e) {
                // A broken model directory or an unreachable store must not stop the worker; jobs for it fail with the reason.
                LOG.warnf("model %s not published to the registry: %s", name, e.getMessage());
            }
        }
    }

    /**
     * Opens the models of a {@code preload-models} setting ({@code all}, {@code none} or names:
     * {@link ModelWarmup#resolve}) and, when {@code warmUp} is set, runs {@code network} of each once on a blank
     * input ({@link ModelWarmup#run}); then marks this worker ready ({@link #preloaded()}). A model that fails to
     * open or run is logged and skipped: its jobs fail with the reason, other models still serve.
     *
     * @param network the network this worker runs, or null to open the models only
     */
    public void preload(List<String> setting, ModelWarmup.Network network, boolean warmUp) {
        try {
            long start = System.nanoTime();
            List<String> names;
            try {
                names = ModelWarmup.resolve(setting, available());
            } catch (IllegalArgumentException e) {
                LOG.warnf("preloading no model: %s", e.getMessage());
                names = List.of();
            }
            for (String name : names) {
                try {
                    Codec c = codec(name);
                    if (warmUp && network != null) {
                        LOG.infof("warmed up the %s of %s in %d ms", network.name().toLowerCase(java.util.Locale.ROOT), name,
                                ModelWarmup.run(c, network));
                    }
                } catch (RuntimeException e) {
                    LOG.warnf("model %s not preloaded: %s", name, e.getMessage());
                }
            }
            if (!names.isEmpty()) LOG.infof("preloaded %s in %d ms", names, (System.nanoTime() - start) / 1_000_000);
        } finally {
            preloaded = true;
        }
    }

    /** True once {@link #preload} has run (the worker's models are open and warm). */
    public boolean preloaded() {
        return preloaded;
    }

    /** The models opened so far. */
    public List<String> opened() {
        return List.copyOf(new java.util.TreeSet<>(open.keySet()));
    }

    /** True when {@code name} is a built-in codec or a model directory with a model.json. */
    public boolean isKnown(String name) {
        if (name == null || !NAME.matcher(name).matches()) return false;
        return BUILT_IN.contains(name) || Files.isRegularFile(modelDir(name).resolve("model.json"));
    }

    /** Every model this service can open, built-in first. */
    public List<String> available() {
        List<String> names = new ArrayList<>(BUILT_IN);
        Path dir = Path.of(settings.dir());
        if (Files.isDirectory(dir)) {
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(p -> Files.isRegularFile(p.resolve("model.json")))
                        .map(p -> p.getFileName().toString()).sorted().forEach(names::add);
            } catch (IOException e) {
                LOG.warnf("cannot list models in %s: %s", dir, e.getMessage());
            }
        }
        return names;
    }

    /** The codec for {@code name}, opened on first use. Unknown names are an {@link IllegalArgumentException} listing the known ones. */
    public Codec codec(String name) {
        requireKnown(name);
        return open.computeIfAbsent(name, this::openCodec);
    }

    private void requireKnown(String name) {
        if (!isKnown(name)) {
            throw new IllegalArgumentException("unknown model '" + name + "'; available: " + String.join(", ", available()));
        }
    }

    /**
     * Shapes of a model, for validation. ONNX models are described from their model.json alone (no
     * session is opened, so a gateway never loads networks it does not run); built-in codecs are opened.
     */
    public ModelInfo info(String name) {
        requireKnown(name);
        String by = application + "-" + ProcessHandle.current().pid();
        if (BUILT_IN.contains(name)) {
            Codec c = codec(name);
            return ModelInfo.of(name, c.latentChannels(), c.downscale(), c.preferredImageSize(), by, Instant.now());
        }
        ModelManifest m = ModelManifest.read(modelDir(name));
        return ModelInfo.of(name, m.latentChannels(), m.downscale(), m.recommendedImageSize(), by, Instant.now());
    }

    private Codec openCodec(String name) {
        CodecOptions options = CodecOptions.defaults()
                .withProvider(ExecutionProvider.parse(settings.provider()))
                .withIntraOpThreads(settings.intraOpThreads())
                .withMaxBatch(settings.maxBatch());
        String spec = BUILT_IN.contains(name) ? name : modelDir(name).toString();
        long start = System.nanoTime();
        Codec codec = Codecs.open(spec, options);
        LOG.infof("opened model %s (%s, L=%d, provider %s) in %d ms", name, spec, codec.latentChannels(),
                codec.activeProvider(), (System.nanoTime() - start) / 1_000_000);
        return codec;
    }

    private Path modelDir(String name) {
        return Path.of(settings.dir()).resolve(name);
    }

    @PreDestroy
    void closeAll() {
        for (Codec c : open.values()) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debugf("closing codec: %s", e.getMessage());
            }
        }
        open.clear();
    }
}
