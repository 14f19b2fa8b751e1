package io.latentpatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.imaging.PngWriter;
import io.latentpatch.imaging.RgbImage;
import io.latentpatch.pipeline.ContactSheet;
import io.latentpatch.pipeline.ProgressBar;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Waits for a job through the gateway with a progress bar, and downloads its results as a client would. */
final class JobWatcher {
    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    private JobWatcher() {}

    /** Polls until the job ends; returns the final status. FAILED and CANCELLED are errors with the reason. */
    static JsonNode await(GatewayClient client, String jobId, ProgressBar progress, long timeoutMillis) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            JsonNode status = client.status(jobId);
            String state = state(status);
            int total = total(status);
            int done = done(status);
            progress.update(state.toLowerCase(Locale.ROOT), done, Math.max(total, 1));
            if (TERMINAL.contains(state)) {
                if (!state.equals("SUCCEEDED")) {
                    String reason = status.path("reason").asText("");
                    throw new IOException("job " + jobId + " " + state.toLowerCase(Locale.ROOT)
                            + (reason.isEmpty() ? "" : ": " + reason));
                }
                return status;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IOException("job " + jobId + " still " + state + " after " + timeoutMillis / 1000
                        + " s (" + done + "/" + total + " images); check ./latentpatch status " + jobId);
            }
            sleep(250);
        }
    }

    /** Images decoded and stored so far ({@code progress.done} of the gateway's status view). */
    static int done(JsonNode status) {
        return status.path("progress").path("done").asInt(0);
    }

    /** Images requested. */
    static int total(JsonNode status) {
        return status.path("progress").path("total").asInt(status.path("count").asInt(0));
    }

    static String state(JsonNode status) {
        return status.path("state").asText("UNKNOWN").toUpperCase(Locale.ROOT);
    }

    /** Downloads every output (image, provenance picture and map, latent) and writes an outputs.png contact sheet. */
    static void download(GatewayClient client, String jobId, int count, Path out) throws IOException {
        ImageLoader loader = new ImageLoader();
        List<RgbImage> images = new ArrayList<>();
        List<RgbImage> maps = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            client.download(jobId, "images/" + i + ".png", out.resolve(i + ".png"));
            client.download(jobId, "provenance/" + i + ".png", out.resolve(i + ".provenance.png"));
            client.download(jobId, "provenance/" + i + ".npy", out.resolve(i + ".provenance.npy"));
            client.download(jobId, "latents/" + i + ".npy", out.resolve(i + ".latent.npy"));
            images.add(loader.read(out.resolve(i + ".png")));
            maps.add(loader.read(out.resolve(i + ".provenance.png")));
        }
        PngWriter.write(out.resolve("outputs.png"), ContactSheet.outputs(images, maps, 128, 4));
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
