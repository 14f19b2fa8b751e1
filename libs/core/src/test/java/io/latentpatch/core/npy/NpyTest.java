package io.latentpatch.core.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.core.grid.LatentGrid;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    // ---- fixtures built byte by byte, exactly as np.save (NumPy 2.x) lays them out ----

    /** Magic, version, little-endian header length, then the header padded with spaces to {@code headerLength - 1} and a newline. */
    private static byte[] file(int major, String dict, int headerLength, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x93);
        out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
        out.write(major);
        out.write(0);
        out.write(headerLength & 0xFF);
        out.write((headerLength >>> 8) & 0xFF);
        if (major >= 2) {
            out.write((headerLength >>> 16) & 0xFF);
            out.write((headerLength >>> 24) & 0xFF);
        }
        StringBuilder h = new StringBuilder(dict);
        while (h.length() < headerLength - 1) h.append(' ');
        h.append('\n');
        out.writeBytes(h.toString().getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }

    // 1.0f = 3F800000, -2.0f = C0000000, 0.5f = 3F000000, 3.0f = 40400000, 0.25f = 3E800000, -0.0f = 80000000
    private static final byte[] SIX_FLOATS_LE = bytes(
            0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x3F,
            0x00, 0x00, 0x40, 0x40, 0x00, 0x00, 0x80, 0x3E, 0x00, 0x00, 0x00, 0x80);
    private static final float[] SIX_FLOATS = {1.0f, -2.0f, 0.5f, 3.0f, 0.25f, -0.0f};
    private static final String F4_2X3 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";

    @Test
    void writesFloat32ByteForByteLikeNumPy() {
        // np.save(np.array([[1, -2, .5], [3, .25, -0.]], '<f4')): 10-byte prefix + 118-byte header = 128
        byte[] expected = file(1, F4_2X3, 118, SIX_FLOATS_LE);
        assertThat(expected).hasSize(128 + 24);
        assertThat(Npy.toBytes(NpyArray.ofFloats(new int[] {2, 3}, SIX_FLOATS))).isEqualTo(expected);
    }

    @Test
    void writesInt32AndRankZeroAndRankOneHeadersLikeNumPy() {
        byte[] ints = Npy.toBytes(NpyArray.ofInts(new int[] {2}, new int[] {1, -2}));
        assertThat(ints).isEqualTo(file(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", 118,
                bytes(0x01, 0, 0, 0, 0xFE, 0xFF, 0xFF, 0xFF)));
        byte[] scalar = Npy.toBytes(NpyArray.ofFloats(new int[0], new float[] {1.0f}));
        assertThat(scalar).isEqualTo(file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }", 118,
                bytes(0x00, 0x00, 0x80, 0x3F)));
    }

    @Test
    void longHeadersStayAlignedTo64Bytes() {
        int[] shape = new int[20];
        Arrays.fill(shape, 1);
        shape[0] = 123456;
        byte[] b = Npy.toBytes(NpyArray.ofFloats(shape, new float[123456]));
        int headerLength = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
        assertThat((10 + headerLength) % 64).isZero();
        assertThat(headerLength).isGreaterThan(118);
        assertThat(b[10 + headerLength - 1]).isEqualTo((byte) '\n');
        assertThat(b.length).isEqualTo(10 + headerLength + 123456 * 4);
    }

    @Test
    void readsNumPyLittleEndianFloat32() throws IOException {
        NpyArray a = Npy.read(file(1, F4_2X3, 118, SIX_FLOATS_LE));
        assertThat(a.shape()).containsExactly(2, 3);
        assertThat(a.type()).isEqualTo(NpyArray.Type.FLOAT32);
        assertThat(raw(a.floats())).isEqualTo(raw(SIX_FLOATS));
    }

    @Test
    void readsBigEndianFloat32AndInt32() throws IOException {
        NpyArray f = Npy.read(file(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", 118,
                bytes(0x3F, 0x80, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00)));
        assertThat(f.floats()).containsExactly(1.0f, -2.0f);
        NpyArray i = Npy.read(file(1, "{'descr': '>i4', 'fortran_order': False, 'shape': (3,), }", 118,
                bytes(0, 0, 0, 7, 0xFF, 0xFF, 0xFF, 0xFE, 0x7F, 0xFF, 0xFF, 0xFF)));
        assertThat(i.type()).isEqualTo(NpyArray.Type.INT32);
        assertThat(i.ints()).containsExactly(7, -2, Integer.MAX_VALUE);
    }

    @Test
    void readsFormatVersions2And3() throws IOException {
        // versions 2.0 and 3.0 have a 4-byte header length: 12-byte prefix + 116 = 128
        NpyArray v2 = Npy.read(file(2, F4_2X3, 116, SIX_FLOATS_LE));
        NpyArray v3 = Npy.read(file(3, F4_2X3, 116, SIX_FLOATS_LE));
        assertThat(raw(v2.floats())).isEqualTo(raw(SIX_FLOATS));
        assertThat(v3).isEqualTo(v2);
    }

    @Test
    void readsOlderHeaderSpellings() throws IOException {
        // double quotes, another key order, Python 2 longs, no trailing comma, no padding: all seen in the wild
        String dict = "{\"shape\": (2L, 3L), \"fortran_order\": False, \"descr\": \"<f4\"}";
        NpyArray a = Npy.read(file(1, dict, dict.length() + 1, SIX_FLOATS_LE));
        assertThat(a.shape()).containsExactly(2, 3);
        assertThat(a.floats()[3]).isEqualTo(3.0f);
    }

    @Test
    void convertsFloat64AndInt64() throws IOException {
        // 0.1 as a double is 3FB999999999999A; little endian below, then -1.5 = BFF8000000000000
        NpyArray f = Npy.read(file(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 118,
                bytes(0x9A, 0x99, 0x99, 0x99, 0x99, 0x99, 0xB9, 0x3F, 0, 0, 0, 0, 0, 0, 0xF8, 0xBF)));
        assertThat(f.type()).isEqualTo(NpyArray.Type.FLOAT32);
        assertThat(f.floats()).containsExactly(0.1f, -1.5f);
        NpyArray i = Npy.read(file(1, "{'descr': '>i8', 'fortran_order': False, 'shape': (2,), }", 118,
                bytes(0xFF, 0xFF, 0xFF, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5)));
        assertThat(i.ints()).containsExactly(Integer.MIN_VALUE, 5);
    }

    @Test
    void refusesInt64ThatDoesNotFitInt32() {
        byte[] big = file(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", 118,
                bytes(0, 0, 0, 0, 1, 0, 0, 0)); // 2^32
        assertThatThrownBy(() -> Npy.read(big)).isInstanceOf(NpyFormatException.class)
                .hasMessageContaining("4294967296").hasMessageContaining("does not fit in int32");
    }

    @Test
    void refusesFloat64BeyondFloat32Range() {
        byte[] huge = file(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", 118,
                bytes(0, 0, 0, 0, 0, 0, 0xF0, 0x7E)); // about 1.3e303
        assertThatThrownBy(() -> Npy.read(huge)).hasMessageContaining("beyond the float32 range");
    }

    @Test
    void refusesFortranOrderWithAClearMessage() {
        byte[] f = file(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", 118, SIX_FLOATS_LE);
        assertThatThrownBy(() -> Npy.read(f)).isInstanceOf(NpyFormatException.class)
                .hasMessageContaining("Fortran-order").hasMessageContaining("np.ascontiguousarray");
    }

    @Test
    void refusesUnsupportedDtypesListingTheSupportedOnes() {
        byte[] f2 = file(1, "{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }", 118, bytes(0, 0, 0, 0));
        assertThatThrownBy(() -> Npy.read(f2)).hasMessageContaining("'<f2'").hasMessageContaining("'<f4', '>f4'");
        byte[] u1 = file(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }", 118, bytes(0, 0));
        assertThatThrownBy(() -> Npy.read(u1)).hasMessageContaining("unsupported .npy dtype '|u1'");
        byte[] rec = file(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", 118, bytes(0, 0, 0, 0));
        assertThatThrownBy(() -> Npy.read(rec)).hasMessageContaining("structured");
    }

    @Test
    void corruptInputsGiveClearErrors() {
        byte[] good = file(1, F4_2X3, 118, SIX_FLOATS_LE);
        assertThatThrownBy(() -> Npy.read(new byte[0])).hasMessageContaining("empty input");
        assertThatThrownBy(() -> Npy.read("hello, world".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("not a .npy file").hasMessageContaining("68 65 6c 6c");
        assertThatThrownBy(() -> Npy.read(Arrays.copyOf(good, 5))).hasMessageContaining("truncated .npy file: only 5 bytes");
        assertThatThrownBy(() -> Npy.read(Arrays.copyOf(good, 60))).hasMessageContaining("header should be 118 bytes, only 50");
        assertThatThrownBy(() -> Npy.read(Arrays.copyOf(good, good.length - 4)))
                .hasMessageContaining("needs 24 data bytes, only 20 present");
        byte[] longer = Arrays.copyOf(good, good.length + 3);
        assertThatThrownBy(() -> Npy.read(longer)).hasMessageContaining("3 unexpected bytes after the data");
        byte[] v4 = good.clone();
        v4[6] = 4;
        assertThatThrownBy(() -> Npy.read(v4)).hasMessageContaining("version 4.0");
        byte[] zip = {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0};
        assertThatThrownBy(() -> Npy.read(zip)).hasMessageContaining("zip archive").hasMessageContaining("Npz.read");
    }

    @Test
    void malformedHeadersNameTheProblem() {
        assertThatThrownBy(() -> Npy.read(file(1, "{'descr': '<f4', 'shape': (2, 3), }", 118, SIX_FLOATS_LE)))
                .hasMessageContaining("descr, fortran_order and shape");
        assertThatThrownBy(() -> Npy.read(file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'x': 1}", 118,
                SIX_FLOATS_LE))).hasMessageContaining("unexpected key 'x'");
        assertThatThrownBy(() -> Npy.read(file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }", 118,
                SIX_FLOATS_LE))).hasMessageContaining("non-negative integer");
        assertThatThrownBy(() -> Npy.read(file(1, "{'descr': '<f4' 'fortran_order': False}", 118, SIX_FLOATS_LE)))
                .hasMessageContaining("expected ',' or '}'");
        byte[] hugeHeader = file(2, F4_2X3, 116, SIX_FLOATS_LE);
        hugeHeader[11] = 0x7F; // header length about 2 GB
        assertThatThrownBy(() -> Npy.read(hugeHeader)).hasMessageContaining("exceeds the limit");
    }

    // ---- round trips ----

    @Test
    void roundTripsEveryRankBitExactThroughFilesStreamsAndBytes() throws IOException {
        SplittableRandom rnd = new SplittableRandom(7);
        int[][] shapes = {{}, {0}, {1}, {7}, {3, 0, 2}, {2, 3}, {1, 5, 3, 3}, {2, 1, 3, 1, 2}, {70000}};
        for (int[] shape : shapes) {
            int n = (int) NpyArray.elementCount(shape);
            float[] f = new float[n];
            int[] i = new int[n];
            for (int k = 0; k < n; k++) {
                f[k] = (float) rnd.nextGaussian();
                i[k] = rnd.nextInt();
            }
            if (n > 3) {
                f[0] = Float.NaN;
                f[1] = Float.NEGATIVE_INFINITY;
                f[2] = -0.0f;
                f[3] = Float.MIN_VALUE;
            }
            NpyArray fa = NpyArray.ofFloats(shape, f);
            NpyArray ia = NpyArray.ofInts(shape, i);

            Path p = dir.resolve("a.npy");
            Npy.writeFloat(p, shape, f);
            assertThat(raw(Npy.read(p).floats())).as("file %s", fa).isEqualTo(raw(f));
            Npy.writeInt(p, shape, i);
            assertThat(Npy.read(p).ints()).isEqualTo(i);

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Npy.writeFloat(out, shape, f);
            Npy.writeInt(out, shape, i);
            ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
            NpyArray first = Npy.read(in);
            NpyArray second = Npy.read(in);
            assertThat(first.shape()).isEqualTo(shape);
            assertThat(raw(first.floats())).isEqualTo(raw(f));
            assertThat(second).isEqualTo(ia);
            assertThat(in.available()).isZero();

            assertThat(Npy.read(Npy.toBytes(fa)).shapeString()).isEqualTo(fa.shapeString());
        }
    }

    @Test
    void readingAPathNamesTheFileInErrors() throws IOException {
        Path p = dir.resolve("broken.npy");
        Files.write(p, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> Npy.read(p)).isInstanceOf(NpyFormatException.class).hasMessageContaining("broken.npy");
    }

    // ---- latent grids ----

    @Test
    void gridsMapToChannelsFirstArraysWithoutReordering() throws IOException {
        LatentGrid g = new LatentGrid(2, 3, ramp(18));
        NpyArray a = NpyArray.of(g);
        assertThat(a.shape()).containsExactly(2, 3, 3);
        Path p = dir.resolve("grid.npy");
        Npy.writeGrid(p, g);
        LatentGrid back = Npy.readGrid(p);
        assertThat(back).isEqualTo(g);
        assertThat(back.get(1, 2, 0)).isEqualTo(g.get(1, 2, 0)).isEqualTo(15f); // (c*M + y)*M + x = (1*3+2)*3+0
    }

    @Test
    void batchesOfGridsRoundTripAsBLMM() throws IOException {
        List<LatentGrid> grids = List.of(new LatentGrid(2, 2, ramp(8)), new LatentGrid(2, 2, ramp(8)).copy(),
                new LatentGrid(2, 2, new float[] {9, 8, 7, 6, 5, 4, 3, 2}));
        NpyArray batch = NpyArray.ofGrids(grids);
        assertThat(batch.shape()).containsExactly(3, 2, 2, 2);
        assertThat(batch.floats()[16]).isEqualTo(9f);
        NpyArray back = Npy.read(Npy.toBytes(batch));
        assertThat(back.toGrids()).containsExactlyElementsOf(grids);
        assertThat(back.grid(2)).isEqualTo(grids.get(2));
    }

    @Test
    void gridConversionsCheckShapes() {
        assertThatThrownBy(() -> NpyArray.ofFloats(new int[] {2, 3, 4}, new float[24]).toGrid())
                .hasMessageContaining("[L, M, M], got (2, 3, 4)");
        assertThatThrownBy(() -> NpyArray.ofFloats(new int[] {2, 2}, new float[4]).toGrids())
                .hasMessageContaining("[B, L, M, M], got (2, 2)");
        assertThatThrownBy(() -> NpyArray.ofInts(new int[] {1, 1, 1}, new int[1]).toGrid())
                .hasMessageContaining("holds int32 values, expected float32");
        assertThatThrownBy(() -> NpyArray.ofGrids(List.of(LatentGrid.zeros(2, 2), LatentGrid.zeros(2, 3))))
                .hasMessageContaining("grid 1 is LatentGrid[2x3x3] but grid 0 is LatentGrid[2x2x2]");
        assertThatThrownBy(() -> NpyArray.ofFloats(new int[] {2, 3}, new float[5]))
                .hasMessageContaining("shape (2, 3) needs 6 elements, data has 5");
    }

    static float[] ramp(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = i;
        return f;
    }

    static int[] raw(float[] f) {
        int[] r = new int[f.length];
        for (int i = 0; i < f.length; i++) r[i] = Float.floatToRawIntBits(f[i]);
        return r;
    }
}
