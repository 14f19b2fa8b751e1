package io.latentpatch.alignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class DlibInputTest {

    /** dlib's pack_int: control byte (0x80 when negative | byte count), then the magnitude little-endian. */
    static void writeInt(ByteArrayOutputStream out, long v) {
        long m = Math.abs(v);
        byte[] b = new byte[8];
        int n = 0;
        do {
            b[n++] = (byte) (m & 0xff);
            m >>>= 8;
        } while (m != 0);
        out.write((v < 0 ? 0x80 : 0) | n);
        out.write(b, 0, n);
    }

    /** A float as dlib writes it: an exact (mantissa, exponent) pair. */
    static void writeFloat(ByteArrayOutputStream out, float f) {
        int exp = f == 0 ? 0 : Math.getExponent(f) - 23;
        long mantissa = f == 0 ? 0 : (long) Math.scalb((double) f, -exp);
        writeInt(out, mantissa);
        writeInt(out, exp);
    }

    static DlibInput input(ByteArrayOutputStream out) {
        return new DlibInput(new ByteArrayInputStream(out.toByteArray()), "test");
    }

    @Test
    void integersAndFloatsRoundTripThroughTheDlibEncoding() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long[] ints = {0, 1, -1, 255, 256, -70000, Integer.MAX_VALUE};
        float[] floats = {0f, 1f, -0.5f, 3.1415927f, 1e-7f, -12345.678f};
        for (long v : ints) writeInt(out, v);
        for (float f : floats) writeFloat(out, f);
        DlibInput in = input(out);
        for (long v : ints) assertThat(in.readSigned(8, "int")).isEqualTo(v);
        for (float f : floats) assertThat(in.readFloat("float")).isEqualTo(f);
        assertThat(in.atEnd()).isTrue();
    }

    @Test
    void theFirstBytesOfTheIbugModelAreVersionOneAndA136RowColumn() throws IOException {
        // 01 01 = int 1; 81 88 = -136 rows; 81 01 = -1 column (current dlib negates matrix sizes).
        byte[] head = {0x01, 0x01, (byte) 0x81, (byte) 0x88, (byte) 0x81, 0x01};
        DlibInput in = new DlibInput(new ByteArrayInputStream(head), "head");
        assertThat(in.readInt("version")).isEqualTo(1);
        assertThat(in.readSigned(8, "rows")).isEqualTo(-136);
        assertThat(in.readSigned(8, "cols")).isEqualTo(-1);
    }

    @Test
    void aControlByteWithReservedBitsIsRejectedWithTheOffset() {
        byte[] bad = {0x01, 0x05, 0x31};
        DlibInput in = new DlibInput(new ByteArrayInputStream(bad), "bad.dat");
        assertThatThrownBy(() -> {
            in.readInt("a");
            in.readInt("b");
        }).isInstanceOf(IOException.class).hasMessageContaining("bad.dat").hasMessageContaining("0x31")
                .hasMessageContaining("at byte 2");
    }

    @Test
    void aTruncatedFileSaysItEndsEarly() {
        byte[] cut = {0x02, 0x01};
        DlibInput in = new DlibInput(new ByteArrayInputStream(cut), "cut.dat");
        assertThatThrownBy(() -> in.readInt("x")).isInstanceOf(java.io.EOFException.class).hasMessageContaining("ends early");
    }
}
