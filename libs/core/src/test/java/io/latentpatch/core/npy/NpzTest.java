package io.latentpatch.core.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
    @TempDir
    Path dir;

    private static Map<String, NpyArray> sample() {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("mean", NpyArray.ofFloats(new int[] {3}, new float[] {0.5f, -1f, 2f}));
        m.put("components", NpyArray.ofFloats(new int[] {2, 3}, new float[] {1, 0, 0, 0, 0.6f, 0.8f}));
        m.put("provenance", NpyArray.ofInts(new int[] {2, 2}, new int[] {0, 1, 2, -1}));
        return m;
    }

    @Test
    void roundTripsArraysInOrderThroughFileAndBytes() throws IOException {
        Path p = dir.resolve("x.npz");
        Npz.write(p, sample());
        Map<String, NpyArray> back = Npz.read(p);
        assertThat(back).containsExactlyEntriesOf(sample());
        assertThat(Npz.read(Npz.toBytes(sample()))).containsExactlyEntriesOf(sample());
    }

    @Test
    void writesStoredNpyEntriesWithAFixedTimestampSoBytesAreReproducible() throws IOException {
        byte[] a = Npz.toBytes(sample());
        byte[] b = Npz.toBytes(sample());
        assertThat(a).isEqualTo(b);
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(a))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                names.add(e.getName());
                assertThat(e.getMethod()).isEqualTo(ZipEntry.STORED);
                assertThat(e.getTimeLocal().getYear()).isEqualTo(1980);
                assertThat(Npy.read(zip.readAllBytes())).isEqualTo(sample().get(e.getName().replace(".npy", "")));
            }
        }
        assertThat(names).containsExactly("mean.npy", "components.npy", "provenance.npy");
    }

    @Test
    void readsArchivesWrittenByNumPySavezAndSavezCompressed() throws IOException {
        for (String name : List.of("pca-numpy.npz", "pca-numpy-compressed.npz")) {
            Map<String, NpyArray> m = Npz.read(resource(name));
            assertThat(m.keySet()).as(name).containsExactly("mean", "components", "explained_variance", "total_variance");
            assertThat(m.get("mean").floats()).containsExactly(0.5f, -1f, 2f);
            assertThat(m.get("components").shape()).containsExactly(2, 3);
            assertThat(m.get("components").floats()).containsExactly(1f, 0f, 0f, 0f, 0.6f, 0.8f);
            assertThat(m.get("total_variance").shape()).isEmpty();
            assertThat(m.get("total_variance").floats()).containsExactly(4.5f);
        }
    }

    @Test
    void readsNumPyDefaultFloat64AndInt64Arrays() throws IOException {
        Map<String, NpyArray> m = Npz.read(resource("defaults-numpy.npz"));
        NpyArray latents = m.get("latents");
        assertThat(latents.shape()).containsExactly(1, 3, 2, 2);
        assertThat(latents.toGrids().get(0).get(2, 1, 1)).isEqualTo(11 / 4f);
        assertThat(m.get("provenance").ints()).containsExactly(0, 1, 2, -1);
    }

    @Test
    void ignoresEntriesThatAreNotNpy() throws IOException {
        byte[] zip = Npz.toBytes(Map.of("a", NpyArray.ofInts(new int[] {1}, new int[] {4})));
        // rename a.npy to a.txt in the archive (same length, so local and central headers stay consistent)
        byte[] renamed = replaceAll(zip, "a.npy".getBytes(), "a.txt".getBytes());
        assertThat(Npz.read(renamed)).isEmpty();
    }

    @Test
    void corruptArchivesGiveClearErrors() {
        byte[] good = Npz.toBytes(sample());
        assertThatThrownBy(() -> Npz.read("not a zip at all".getBytes()))
                .isInstanceOf(NpyFormatException.class).hasMessageContaining("not a .npz file");
        assertThatThrownBy(() -> Npz.read(Npy.toBytes(sample().get("mean"))))
                .hasMessageContaining("single .npy array");
        assertThatThrownBy(() -> Npz.read(Arrays.copyOf(good, 200)))
                .isInstanceOf(NpyFormatException.class).hasMessageContaining("truncated");
        byte[] flipped = good.clone();
        flipped[indexOf(good, "NUMPY".getBytes()) - 1 + 128] ^= 0x55; // first data byte of mean.npy: CRC mismatch
        assertThatThrownBy(() -> Npz.read(flipped)).isInstanceOf(NpyFormatException.class)
                .hasMessageContaining("at entry 'mean.npy'").hasMessageContaining("CRC");
        assertThatThrownBy(() -> Npz.read(Arrays.copyOf(good, good.length - 30)))
                .hasMessageContaining("end-of-archive record is missing");
        byte[] badEntry = replaceAll(good, "NUMPY".getBytes(), "NUMPX".getBytes());
        assertThatThrownBy(() -> Npz.read(badEntry)).hasMessageContaining("entry 'mean.npy'");
    }

    @Test
    void requireListsTheKeysPresent() {
        assertThatThrownBy(() -> Npz.require(sample(), "basis"))
                .hasMessageContaining("no array 'basis'").hasMessageContaining("[mean, components, provenance]");
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = NpzTest.class.getResourceAsStream("/npy/" + name)) {
            assertThat(in).as("test resource " + name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static int indexOf(byte[] data, byte[] what) {
        for (int i = 0; i + what.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + what.length, what, 0, what.length)) return i;
        }
        throw new AssertionError("pattern not found");
    }

    private static byte[] replaceAll(byte[] data, byte[] from, byte[] to) {
        byte[] out = data.clone();
        for (int i = 0; i + from.length <= out.length; i++) {
            if (Arrays.equals(out, i, i + from.length, from, 0, from.length)) System.arraycopy(to, 0, out, i, to.length);
        }
        return out;
    }

    @Test
    void writesAFileThatReplacesAnOldOne() throws IOException {
        Path p = dir.resolve("y.npz");
        Files.write(p, new byte[10_000]);
        Npz.write(p, sample());
        assertThat(Npz.read(p)).hasSize(3);
    }
}
