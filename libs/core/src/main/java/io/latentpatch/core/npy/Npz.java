package io.latentpatch.core.npy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * NumPy {@code .npz} archives: a zip of {@code .npy} entries named {@code <key>.npy}, as {@code np.savez} writes.
 *
 * <p>Writing stores entries uncompressed (STORED, like {@code np.savez}) in map order with a fixed timestamp
 * (1980-01-01, the zip epoch), so the same arrays always give the same bytes.
 *
 * <p>Reading takes the complete archive into memory and accepts STORED and DEFLATED entries (so also
 * {@code np.savez_compressed}, and NumPy's zip64 entries). It returns the arrays by key in archive order with
 * the {@code .npy} suffix removed, and ignores entries not ending in {@code .npy}.
 */
public final class Npz {
    private static final LocalDateTime ZIP_EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    private Npz() {}

    /** Creates or replaces {@code file}. */
    public static void write(Path file, Map<String, NpyArray> arrays) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, arrays);
        }
    }

    /** Writes the archive to {@code out} and finishes it; does not close {@code out}. */
    public static void write(OutputStream out, Map<String, NpyArray> arrays) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
            String key = e.getKey();
            if (key == null || key.isEmpty()) throw new IllegalArgumentException(".npz keys must be non-empty");
            byte[] npy = Npy.toBytes(e.getValue());
            CRC32 crc = new CRC32();
            crc.update(npy);
            ZipEntry entry = new ZipEntry(key + ".npy");
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(npy.length);
            entry.setCompressedSize(npy.length);
            entry.setCrc(crc.getValue());
            entry.setTimeLocal(ZIP_EPOCH);
            zip.putNextEntry(entry);
            zip.write(npy);
            zip.closeEntry();
        }
        zip.finish();
    }

    /** The complete archive in memory. */
    public static byte[] toBytes(Map<String, NpyArray> arrays) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out, arrays);
        } catch (IOException e) {
            throw new AssertionError("in-memory stream cannot fail", e);
        }
        return out.toByteArray();
    }

    public static Map<String, NpyArray> read(Path file) throws IOException {
        try {
            return read(Files.readAllBytes(file));
        } catch (NpyFormatException e) {
            throw new NpyFormatException(file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the rest of {@code in} as one archive; does not close it. */
    public static Map<String, NpyArray> read(InputStream in) throws IOException {
        return read(in.readAllBytes());
    }

    /**
     * Reads a complete archive held in memory. The end-of-archive record must be present and list as many
     * entries as were read, so a truncated download fails instead of silently losing arrays.
     */
    public static Map<String, NpyArray> read(byte[] bytes) throws NpyFormatException {
        if (bytes.length >= 6 && (bytes[0] & 0xFF) == 0x93 && new String(bytes, 1, 5, StandardCharsets.ISO_8859_1).equals("NUMPY")) {
            throw new NpyFormatException("not a .npz file: this is a single .npy array; read it with Npy.read");
        }
        if (bytes.length < 4 || bytes[0] != 'P' || bytes[1] != 'K') {
            throw new NpyFormatException("not a .npz file: expected a zip archive (as written by np.savez) starting with 'PK', got "
                    + (bytes.length == 0 ? "an empty input" : HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(8, bytes.length))));
        }
        int declared = declaredEntryCount(bytes);
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        int entries = 0;
        String current = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries++;
                current = entry.getName();
                if (entry.isDirectory() || !current.endsWith(".npy")) continue;
                String key = current.substring(0, current.length() - 4);
                if (arrays.containsKey(key)) throw new NpyFormatException("corrupt .npz: entry '" + current + "' appears twice");
                try {
                    arrays.put(key, Npy.read(zip, true));
                } catch (NpyFormatException e) {
                    throw new NpyFormatException("entry '" + current + "' of the .npz: " + e.getMessage(), e);
                }
            }
        } catch (NpyFormatException e) {
            throw e;
        } catch (IOException e) { // ZipException (bad CRC, bad header) or EOFException
            throw new NpyFormatException("corrupt or truncated .npz archive"
                    + (current == null ? "" : " (at entry '" + current + "')") + ": " + e.getMessage(), e);
        }
        if (declared >= 0 && entries != declared) {
            throw new NpyFormatException("corrupt or truncated .npz archive: its directory lists " + declared
                    + " entries but " + entries + " could be read");
        }
        return arrays;
    }

    /** Entry count from the end-of-central-directory record, or −1 when it defers to a zip64 record. */
    private static int declaredEntryCount(byte[] b) throws NpyFormatException {
        int lowest = Math.max(0, b.length - 22 - 0xFFFF); // the record is 22 bytes plus a comment of at most 64 KiB
        for (int i = b.length - 22; i >= lowest; i--) {
            if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 5 && b[i + 3] == 6) {
                int total = (b[i + 10] & 0xFF) | (b[i + 11] & 0xFF) << 8;
                return total == 0xFFFF ? -1 : total;
            }
        }
        throw new NpyFormatException("corrupt or truncated .npz archive: the end-of-archive record is missing ("
                + b.length + " bytes read)");
    }

    /** The array stored under {@code key}, with an error listing the keys present when it is missing. */
    public static NpyArray require(Map<String, NpyArray> arrays, String key) throws NpyFormatException {
        NpyArray a = arrays.get(key);
        if (a == null) {
            throw new NpyFormatException(".npz has no array '" + key + "'; it holds " + arrays.keySet());
        }
        return a;
    }
}
