package io.latentpatch.encoder;

import io.latentpatch.worker.WorkerSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.nio.file.Path;

/**
 * Configuration of the encoder worker (prefix {@code latentpatch.encoder}): the keys every worker has
 * ({@link WorkerSettings}: worker-name, preload-models, publish-window, send-timeout, retry.*) and the face
 * alignment of sets uploaded with {@code align=true} ({@code align.*}). Kafka topics and client settings are in
 * application.properties; the object store and models come from {@code latentpatch.storage.*} and
 * {@code latentpatch.models.*}.
 */
@ConfigMapping(prefix = "latentpatch.encoder")
public interface EncoderSettings {
    /** The keys every worker has, directly under {@code latentpatch.encoder}. */
    @WithParentName
    WorkerSettings worker();

    /** Face alignment ({@code latentpatch.encoder.align.*}); the files are read on the first set that asks for it. */
    Align align();

    /** Where the alignment models are and how small a face may be. */
    interface Align {
        /** dlib's 68-point shape predictor ({@code .dat}); Debian's {@code libdlib-data} installs it here. */
        @WithDefault("/usr/share/dlib/shape_predictor_68_face_landmarks.dat")
        Path landmarkModel();

        /** OpenCV's Haar face cascade; Debian's {@code opencv-data} installs it here. */
        @WithDefault("/usr/share/opencv4/haarcascades/haarcascade_frontalface_alt2.xml")
        Path faceCascade();

        /** Smallest accepted distance between the eye centres, source pixels (32 = a face is enlarged at most 2× at 256 px). */
        @WithDefault("32")
        double minEyeDistance();
    }

    /**
     * Threads that read and normalise a set's source images ahead of the encoder (at most this many images
     * ahead) while the current one encodes; the codec itself runs one image at a time, so latents do not depend
     * on it.
     */
    @WithDefault("4")
    int ioThreads();

    /**
     * Output images per sample task: a sampler samples a task's images together (one pass over the bank's
     * candidates per step serves all of them: at B = 30 000, 32 images together took 22 ms per image on one
     * thread against 167 ms alone), while separate tasks spread over the sampler replicas and their threads.
     * A job of N images makes ceil(N / this) tasks; results do not depend on it. 1 = one task per image.
     */
    @WithDefault("8")
    int imagesPerSampleTask();
}
