package io.latentpatch.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The repository root and the four services, as the deployment artifacts name them. */
final class Repo {
    /** Set by surefire to the reactor root; falls back to two levels above this module. */
    static final Path ROOT = Path.of(System.getProperty("latentpatch.home",
            Path.of("").toAbsolutePath().getParent().getParent().toString())).toAbsolutePath().normalize();

    /** Service directories = image names = Compose services = Kubernetes Deployments. */
    static final List<String> SERVICES = List.of("api-gateway", "encoder-worker", "sampler-worker", "decoder-worker");
    static final List<String> WORKERS = SERVICES.subList(1, SERVICES.size());

    private Repo() {
    }

    static Path path(String first, String... more) {
        Path p = ROOT.resolve(first);
        for (String m : more) p = p.resolve(m);
        return p;
    }

    static boolean exists(String relative) {
        return Files.exists(ROOT.resolve(relative));
    }
}
