package io.latentpatch.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.alignment.AlignmentSettings;
import io.latentpatch.pipeline.stage.StageInputException;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AlignerLoaderTest {
    private static EncoderSettings.Align config(Path landmarks, Path cascade) {
        return new EncoderSettings.Align() {
            @Override
            public Path landmarkModel() {
                return landmarks;
            }

            @Override
            public Path faceCascade() {
                return cascade;
            }

            @Override
            public double minEyeDistance() {
                return 32;
            }
        };
    }

    @Test
    void aMissingModelFileFailsNamingTheFileItsDebianPackageAndTheKey() {
        Path none = Path.of("/nonexistent/shape_predictor.dat");
        assertThatThrownBy(() -> new AlignerLoader(config(none, AlignmentSettings.DEFAULT_DETECTOR_CASCADE)).get())
                .isInstanceOf(StageInputException.class)
                .hasMessageContaining("/nonexistent/shape_predictor.dat is absent")
                .hasMessageContaining("libdlib-data").hasMessageContaining(AlignerLoader.LANDMARK_KEY);
        assertThatThrownBy(() -> new AlignerLoader(config(AlignmentSettings.DEFAULT_LANDMARK_MODEL, Path.of("/nonexistent/c.xml")))
                .get()).hasMessageContaining("opencv-data");
    }

    @Test
    void theConfigDefaultsAreTheDebianPathsTheAlignmentLibraryUses() throws Exception {
        assertThat(Path.of(defaultOf("landmarkModel"))).isEqualTo(AlignmentSettings.DEFAULT_LANDMARK_MODEL);
        assertThat(Path.of(defaultOf("faceCascade"))).isEqualTo(AlignmentSettings.DEFAULT_DETECTOR_CASCADE);
        assertThat(Double.parseDouble(defaultOf("minEyeDistance"))).isEqualTo(AlignmentSettings.DEFAULT_MIN_EYE_DISTANCE);
    }

    private static String defaultOf(String method) throws NoSuchMethodException {
        return EncoderSettings.Align.class.getMethod(method).getAnnotation(WithDefault.class).value();
    }
}
