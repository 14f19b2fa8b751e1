package io.latentpatch.cli;

import io.latentpatch.localstack.LocalInfra;
import io.latentpatch.localstack.ServiceStack;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the local stack finds the built services and the models, shared by {@code up} and {@code demo}. */
final class StackOptions {
    @Option(names = "--models", paramLabel = "DIR",
            description = "Directory of ONNX model subdirectories for the workers (default: ../shared/models beside the repository).")
    Path models;

    /** The repository root (set by the ./latentpatch launcher; else the working directory). */
    static Path home() {
        return Path.of(System.getProperty("latentpatch.home", ".")).toAbsolutePath().normalize();
    }

    Path modelsDir() {
        return models != null ? models.toAbsolutePath() : home().resolveSibling("shared").resolve("models");
    }

    /** Checks that the four services are built, with a message saying how to build them. */
    static void requireBuilt() {
        for (ServiceStack.Service s : ServiceStack.Service.values()) {
            Path jar = ServiceStack.appJar(home(), s);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException(s.module() + " is not built (" + jar + "); run it through ./latentpatch, which builds it");
            }
        }
    }

    ServiceStack.Builder services(LocalInfra infra, Path logDir) {
        return ServiceStack.builder(home(), infra).logDir(logDir).modelsDir(modelsDir());
    }
}
