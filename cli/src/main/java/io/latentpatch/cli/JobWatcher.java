package io.latentpatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.imaging.PngWriter;
import io.latentpatch.imaging.RgbImage;
import io.latentpatch.generate.ContactSheet;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Waits for a job through the gateway (optionally with a progress bar) and downloads its results, as any
 * client would; also reads the fields of the gateway's status view. Stateless.
 */
public final class JobWatcher {
    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    private JobWatcher() {}

    /**
     * Polls until the job ends, silently; returns the final status. FAILED, CANCELLED and running past
     * {@code timeout} are {@link IOException}s that give the reason.
     */
    public static JsonNode await(GatewayClient client, String jobId, Duration timeout) throws IOException {
        return await(client, jobId, ProgressBar.silent(), timeout.toMillis());
    }

    /**
     * Waits until the job ends, showing progress; returns the final status. FAILED and CANCELLED are errors with the
     * reason. Follows the job's event stream (each change arrives when the gateway applies it, with no polling load
     * on the gateway); where the gateway offers none, or the stream breaks, polls every 250 ms instead.
     */
    static JsonNode await(GatewayClient client, String jobId, ProgressBar progress, long timeoutMillis) throws IOException {
        return await(client, jobId, progress, timeoutMillis, status -> {});
    }

    /** {@link #await(GatewayClient, String, Duration)}, handing every status seen (streamed or polled) to {@code observer}. */
    static JsonNode await(GatewayClient client, String jobId, Duration timeout, java.util.function.Consumer<JsonNode> observer)
            throws IOException {
        return await(client, jobId, ProgressBar.silent(), timeout.toMillis(), observer);
    }

    private static JsonNode await(GatewayClient client, String jobId, ProgressBar progress, long timeoutMillis,
                                  java.util.function.Consumer<JsonNode> observer) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        JsonNode[] end = {null};
        try {
            client.followEvents(jobId, java.time.Duration.ofMillis(Math.max(1, timeoutMillis)), status -> {
                observer.accept(status);
                show(status, progress);
                if (!TERMINAL.contains(state(status))) return false;
                end[0] = status;
                return true;
            });
        } catch (IOException | RuntimeException e) {
            // no usable stream: poll below
        }
        if (end[0] != null) return ended(jobId, end[0]);
        while (true) {
            JsonNode status = client.status(jobId);
            observer.accept(status);
            show(status, progress);
            if (TERMINAL.contains(state(status))) return ended(jobId, status);
            if (System.currentTimeMillis() > deadline) {
                throw new IOException("job " + jobId + " still " + state(status) + " after " + timeoutMillis / 1000
                        + " s (" + done(status) + "/" + total(status) + " images); check ./latentpatch status " + jobId);
            }
            sleep(250);
        }
    }

    private static void show(JsonNode status, ProgressBar progress) {
        progress.update(state(status).toLowerCase(Locale.ROOT), done(status), Math.max(total(status), 1));
    }

    /** The final status when it SUCCEEDED; FAILED and CANCELLED are {@link IOException}s with the reason. */
    private static JsonNode ended(String jobId, JsonNode status) throws IOException {
        String state = state(status);
        if (!state.equals("SUCCEEDED")) {
            String reason = status.path("reason").asText("");
            throw new IOException("job " + jobId + " " + state.toLowerCase(Locale.ROOT) + (reason.isEmpty() ? "" : ": " + reason));
        }
        return status;
    }

    /** Images decoded and stored so far ({@code progress.done} of the gateway's status view). */
    public static int done(JsonNode status) {
        return status.path("progress").path("done").asInt(0);
    }

    /** Images requested. */
    public static int total(JsonNode status) {
        return status.path("progress").path("total").asInt(status.path("count").asInt(0));
    }

    /** The job's state in upper case ({@code QUEUED} … {@code SUCCEEDED}, {@code FAILED}, {@code CANCELLED}), {@code UNKNOWN} when absent. */
    public static String state(JsonNode status) {
        return status.path("state").asText("UNKNOWN").toUpperCase(Locale.ROOT);
    }

    /**
     * Downloads every output of the job to {@code out}: {@code i.png}, {@code i.provenance.png},
     * {@code i.provenance.npy}, {@code i.latent.npy} for i &lt; count, and an {@code outputs.png} contact sheet.
     */
    public static void download(GatewayClient client, String jobId, int count, Path out) throws IOException {
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
