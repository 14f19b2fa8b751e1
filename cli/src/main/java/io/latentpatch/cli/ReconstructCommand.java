package io.latentpatch.cli;

import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.imaging.PngWriter;
import io.latentpatch.pipeline.SourceEncoding;
import io.latentpatch.codec.Codec;
import io.latentpatch.codec.CodecOptions;
import io.latentpatch.codec.Codecs;
import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.planning.EncodedSources;
import io.latentpatch.generate.Generation;
import io.latentpatch.generate.Psnr;
import io.latentpatch.pipeline.SourceImage;
import io.latentpatch.generate.SourceLoading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code latentpatch reconstruct}: decoder(encoder(x)) for each image, to judge a model on one's own pictures. */
@Command(name = "reconstruct", mixinStandardHelpOptions = true,
        description = "Encodes and decodes each image with a codec, writes the reconstructions and prints the mean PSNR.")
final class ReconstructCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "pixel|DIR", description = "Codec: pixel, pixel-f8 or a model directory.")
    String model;

    @Option(names = "--sources", required = true, split = ",", paramLabel = "DIR|FILE", description = "Images to reconstruct.")
    List<Path> sources;

    @Option(names = "--out", defaultValue = "out/reconstruct", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|cuda", description = "Where ONNX models run (default: ${DEFAULT-VALUE}).")
    String device;

    @Override
    public Integer call() throws Exception {
        ProgressBar progress = ProgressBar.onStderr();
        try (Codec codec = Codecs.open(model, CodecOptions.defaults().withProvider(GenerateCommand.parseProvider(device)))) {
            int size = codec.preferredImageSize();
            List<SourceImage> images = SourceLoading.fromFiles(sources, size, new ImageLoader(), null).images();
            Files.createDirectories(out);
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < images.size(); i++) {
                SourceImage s = images.get(i);
                List<LatentGrid> latent = SourceEncoding.encodeImages(codec, List.of(s.chw()), size);
                float[] back = Generation.decode(codec, latent, 1, ProgressBar.silent()).get(0);
                double psnr = Math.min(99.0, Psnr.of8Bit(s.chw(), back));
                sum += psnr;
                min = Math.min(min, psnr);
                max = Math.max(max, psnr);
                PngWriter.writeChw(out.resolve(stem(s.name()) + ".reconstructed.png"), back, size, size);
                progress.update("reconstructing", i + 1, images.size());
            }
            System.out.printf(Locale.ROOT, "model %s on %d images: mean PSNR %.2f dB (min %.2f, max %.2f); reconstructions in %s%n",
                    codec.name(), images.size(), sum / images.size(), min, max, out.toAbsolutePath().normalize());
        }
        return 0;
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
