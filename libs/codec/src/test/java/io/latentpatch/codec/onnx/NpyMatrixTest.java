package io.latentpatch.codec.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.codec.CodecException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NpyMatrixTest {

    private static final float[] SIX = {1f, -2f, 3.5f, 4f, 5f, -6.25f};

    @Test
    void readsLittleEndianFloat32InCOrder() {
        NpyMatrix m = NpyMatrix.parse(Npy.write("<f4", false, "3, 2", SIX), "codebook.npy");
        assertThat(m.rows()).isEqualTo(3);
        assertThat(m.cols()).isEqualTo(2);
        assertThat(m.data()).containsExactly(SIX);
    }

    @Test
    void refusesOtherDtypesAndOrders() {
        assertThatThrownBy(() -> NpyMatrix.parse(Npy.write("<f8", false, "3, 1", SIX), "cb.npy"))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("cb.npy holds dtype '<f8'")
                .hasMessageContaining("'<f4'");
        assertThatThrownBy(() -> NpyMatrix.parse(Npy.write(">f4", false, "3, 2", SIX), "cb.npy"))
                .hasMessageContaining("dtype '>f4'");
        assertThatThrownBy(() -> NpyMatrix.parse(Npy.write("<f4", true, "3, 2", SIX), "cb.npy"))
                .hasMessageContaining("Fortran order");
    }

    @Test
    void refusesWrongRankTruncationAndNonNpy() {
        assertThatThrownBy(() -> NpyMatrix.parse(Npy.write("<f4", false, "6,", SIX), "cb.npy"))
                .hasMessageContaining("has 1 dimensions but a codebook must be 2-D [K, L]");
        assertThatThrownBy(() -> NpyMatrix.parse(Npy.write("<f4", false, "1, 2, 3", SIX), "cb.npy"))
                .hasMessageContaining("has 3 dimensions");
        byte[] full = Npy.write("<f4", false, "3, 2", SIX);
        assertThatThrownBy(() -> NpyMatrix.parse(Arrays.copyOf(full, full.length - 4), "cb.npy"))
                .hasMessageContaining("should hold 24 data bytes for shape [3, 2] but holds 20");
        assertThatThrownBy(() -> NpyMatrix.parse("just some text, honestly".getBytes(), "cb.npy"))
                .hasMessageContaining("cb.npy is not a .npy file");
    }
}
