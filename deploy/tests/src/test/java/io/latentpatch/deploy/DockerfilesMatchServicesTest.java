package io.latentpatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each service's Dockerfile.jvm (and the decoder's Dockerfile.jvm-gpu) against the packaged service: the image is
 * built from the module directory, so every COPY source must exist there after {@code package}; EXPOSE and the
 * HEALTHCHECK use the service's {@code quarkus.http.port} and readiness path; ENV keys are config keys.
 */
class DockerfilesMatchServicesTest {
    /** ENV names the images set that are not application config: the base image's launcher and the JVM's. */
    static final Set<String> RUNTIME_ENV = Set.of("LANGUAGE", "LANG", "PATH", "JAVA_HOME", "JAVA_OPTS_APPEND", "JAVA_APP_JAR",
            "XDG_CACHE_HOME");

    static Stream<Arguments> dockerfiles() {
        List<Arguments> out = new ArrayList<>();
        for (String s : Repo.SERVICES) out.add(Arguments.of(s, "Dockerfile.jvm"));
        out.add(Arguments.of("decoder-worker", "Dockerfile.jvm-gpu"));
        return out.stream();
    }

    private static Dockerfile dockerfile(String service, String name) throws IOException {
        Path file = Repo.path(service, "src", "main", "docker", name);
        assertThat(file).as("the image definition of %s", service).exists();
        return Dockerfile.read(file);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dockerfiles")
    void everyCopiedPathExistsInThePackagedModule(String service, String name) throws IOException {
        PackagedService app = PackagedService.of(service);
        Dockerfile df = dockerfile(service, name);
        List<Dockerfile.Copy> fromContext = df.copies().stream().filter(c -> !c.flags().containsKey("from")).toList();
        assertThat(fromContext).as("COPY instructions of %s", df.file()).isNotEmpty();
        for (Dockerfile.Copy copy : fromContext) {
            for (String source : copy.sources()) {
                assertThat(matches(Repo.path(service), source)).as("COPY %s in %s: present in %s after package", source, df.file(),
                        Repo.path(service)).isTrue();
            }
        }
        // The Quarkus fast-jar layout: all four parts, so the launcher finds its libraries.
        assertThat(fromContext.stream().flatMap(c -> c.sources().stream()).map(s -> s.replaceAll("/$", "")))
                .containsExactlyInAnyOrder("target/quarkus-app/lib", "target/quarkus-app/*.jar", "target/quarkus-app/app",
                        "target/quarkus-app/quarkus");
        assertThat(app.app.resolve("quarkus-run.jar")).exists();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dockerfiles")
    void exposeAndHealthcheckUseTheServicesPortAndReadinessPath(String service, String name) throws IOException {
        PackagedService app = PackagedService.of(service);
        Dockerfile df = dockerfile(service, name);
        int port = app.httpPort();
        assertThat(df.all("EXPOSE")).as("EXPOSE of %s", df.file()).hasSize(1);
        assertThat(df.last("EXPOSE")).isEqualTo(Integer.toString(port));
        assertThat(app.servesDefaultHealthPaths()).as("%s serves /q/health/*", service).isTrue();
        assertThat(df.last("HEALTHCHECK")).as("HEALTHCHECK of %s", df.file())
                .contains("127.0.0.1/" + port).contains("/q/health/ready");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dockerfiles")
    void theImageRunsAsANonRootUserWithTheEnginesJvmFlags(String service, String name) throws IOException {
        Dockerfile df = dockerfile(service, name);
        assertThat(df.last("USER")).as("USER of %s", df.file()).isNotNull().isNotIn("root", "0", "0:0");
        String jvm = df.env().getOrDefault("JAVA_OPTS_APPEND", "") + " " + df.last("ENTRYPOINT");
        assertThat(jvm).contains("jdk.incubator.vector").contains("--enable-native-access=ALL-UNNAMED");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dockerfiles")
    void envKeysAreConfigKeysOfTheServiceAndModelsSitOnTheVolume(String service, String name) throws IOException {
        PackagedService app = PackagedService.of(service);
        Dockerfile df = dockerfile(service, name);
        for (String env : df.env().keySet()) {
            if (RUNTIME_ENV.contains(env)) continue;
            assertThat(app.configKeys().acceptsEnv(env)).as("ENV %s of %s is the env form of a config key of %s", env, df.file(), service)
                    .isTrue();
        }
        if (Repo.WORKERS.contains(service)) {
            assertThat(df.env()).containsKey("LATENTPATCH_MODELS_DIR");
            assertThat(df.last("VOLUME")).isEqualTo(df.env().get("LATENTPATCH_MODELS_DIR"));
        }
    }

    @org.junit.jupiter.api.Test
    void theEncoderImageHoldsTheAlignmentModelsWhereItsConfigLooksByDefault() throws IOException {
        PackagedService app = PackagedService.of("encoder-worker");
        Dockerfile df = dockerfile("encoder-worker", "Dockerfile.jvm");
        List<String> copied = new ArrayList<>();
        for (Dockerfile.Copy c : df.copies()) {
            if (!"alignment-models".equals(c.flags().get("from"))) continue;
            for (String source : c.sources()) {
                String file = source.substring(source.lastIndexOf('/') + 1);
                assertThat(c.destination() + file).as("%s is copied to the path Debian installs it at", source).isEqualTo(source);
                copied.add(source);
            }
        }
        String align = "io.latentpatch.encoder.EncoderSettings$Align";
        assertThat(copied).containsExactlyInAnyOrder(app.mappingDefault(align, "landmarkModel"), app.mappingDefault(align, "faceCascade"));
        assertThat(df.all("FROM")).anySatisfy(f -> assertThat(f.arguments()).endsWith("AS alignment-models"));
        assertThat(df.all("RUN")).anySatisfy(r -> assertThat(r.arguments()).contains("libdlib-data").contains("opencv-data"));
    }

    private static boolean matches(Path context, String source) throws IOException {
        String relative = source.replaceAll("/$", "");
        if (!relative.contains("*")) return Files.exists(context.resolve(relative));
        Path dir = context.resolve(relative.substring(0, relative.lastIndexOf('/')));
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + relative.substring(relative.lastIndexOf('/') + 1));
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> m.matches(p.getFileName()));
        }
    }
}
