package io.latentpatch.core.pca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.core.npy.Npy;
import io.latentpatch.core.npy.NpyArray;
import io.latentpatch.core.npy.NpyFormatException;
import io.latentpatch.core.npy.Npz;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcaFilesTest {
    @TempDir
    Path dir;

    private static PcaBasis fitted() {
        return PcaFit.fit(PcaFitTest.synthetic(2, 6, 4, 17), 3);
    }

    @Test
    void npzRoundTripKeepsEveryArray() throws IOException {
        PcaBasis pca = fitted();
        Path p = dir.resolve("pca.npz");
        PcaFiles.writeNpz(p, pca);
        PcaBasis back = PcaFiles.readNpz(p);
        assertThat(back.mean()).isEqualTo(pca.mean());
        assertThat(back.components()).isEqualTo(pca.components());
        assertThat(back.explainedVariance()).isEqualTo(pca.explainedVariance());
        assertThat(back.totalVariance()).isEqualTo((double) (float) pca.totalVariance());
        assertThat(Npz.read(p).keySet()).containsExactly("mean", "components", "explained_variance", "total_variance");
        assertThat(Npz.read(p).get("components").shape()).containsExactly(3, 6);
    }

    @Test
    void readsAPcaNpzWrittenByNumPy() throws IOException {
        byte[] npz;
        try (InputStream in = PcaFilesTest.class.getResourceAsStream("/npy/pca-numpy.npz")) {
            npz = in.readAllBytes();
        }
        PcaBasis pca = PcaFiles.readNpz(npz);
        assertThat(pca.channels()).isEqualTo(3);
        assertThat(pca.dims()).isEqualTo(2);
        assertThat(pca.mean()).containsExactly(0.5f, -1f, 2f);
        assertThat(pca.explainedVariance()).containsExactly(3f, 1f);
        assertThat(pca.explainedVarianceRatio()).isEqualTo(4.0 / 4.5);
    }

    @Test
    void varianceArraysAreOptionalInAnNpz() throws NpyFormatException {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("mean", NpyArray.ofFloats(new int[] {2}, new float[] {0, 0}));
        m.put("components", NpyArray.ofFloats(new int[] {1, 2}, new float[] {0, 1}));
        PcaBasis pca = PcaFiles.fromArrays(m);
        assertThat(pca.explainedVariance()).containsExactly(Float.NaN);
        assertThat(pca.totalVariance()).isNaN();
    }

    @Test
    void meanAndBasisPairRoundTripsWithoutVariances() throws IOException {
        PcaBasis pca = fitted();
        Path mean = dir.resolve("mean.npy");
        Path basis = dir.resolve("basis.npy");
        PcaFiles.writeMeanAndBasis(mean, basis, pca);
        assertThat(Npy.read(basis).shape()).containsExactly(3, 6);
        PcaBasis back = PcaFiles.readMeanAndBasis(mean, basis);
        assertThat(back.mean()).isEqualTo(pca.mean());
        assertThat(back.components()).isEqualTo(pca.components());
        assertThat(back.explainedVariance()).containsOnly(Float.NaN);
    }

    @Test
    void basisStoredAsColumnsIsTransposed() throws NpyFormatException {
        // P as L×r (the paper's notation): columns are components
        NpyArray mean = NpyArray.ofFloats(new int[] {3}, new float[] {1, 2, 3});
        NpyArray lByR = NpyArray.ofFloats(new int[] {3, 2}, new float[] {1, 0, 0, 0.6f, 0, 0.8f});
        PcaBasis pca = PcaFiles.fromMeanAndBasis(mean, lByR);
        assertThat(pca.dims()).isEqualTo(2);
        assertThat(pca.components()).containsExactly(1, 0, 0, 0, 0.6f, 0.8f);
    }

    @Test
    void inconsistentShapesAreRejectedWithExpectedAndActual() {
        NpyArray mean = NpyArray.ofFloats(new int[] {3}, new float[3]);
        assertThatThrownBy(() -> PcaFiles.fromMeanAndBasis(mean, NpyArray.ofFloats(new int[] {2, 4}, new float[8])))
                .isInstanceOf(NpyFormatException.class).hasMessageContaining("[r, 3]").hasMessageContaining("got (2, 4)");
        assertThatThrownBy(() -> PcaFiles.fromMeanAndBasis(NpyArray.ofFloats(new int[] {1, 3}, new float[3]), mean))
                .hasMessageContaining("mean must have shape (L,), got (1, 3)");
        assertThatThrownBy(() -> PcaFiles.fromMeanAndBasis(mean, NpyArray.ofInts(new int[] {1, 3}, new int[3])))
                .hasMessageContaining("must hold floats");
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("mean", mean);
        assertThatThrownBy(() -> PcaFiles.fromArrays(m)).hasMessageContaining("no array 'components'").hasMessageContaining("[mean]");
        m.put("components", NpyArray.ofFloats(new int[] {4, 3}, new float[12]));
        assertThatThrownBy(() -> PcaFiles.fromArrays(m)).hasMessageContaining("r <= L=3").hasMessageContaining("r=4");
        m.put("components", NpyArray.ofFloats(new int[] {2, 3}, new float[6]));
        m.put("explained_variance", NpyArray.ofFloats(new int[] {3}, new float[3]));
        assertThatThrownBy(() -> PcaFiles.fromArrays(m)).hasMessageContaining("shape (2,), got (3,)");
    }

    @Test
    void readingAPathNamesTheFile() throws IOException {
        Path p = dir.resolve("partial.npz");
        Npz.write(p, Map.of("mean", NpyArray.ofFloats(new int[] {2}, new float[2])));
        assertThatThrownBy(() -> PcaFiles.readNpz(p)).hasMessageContaining("partial.npz").hasMessageContaining("components");
    }
}
