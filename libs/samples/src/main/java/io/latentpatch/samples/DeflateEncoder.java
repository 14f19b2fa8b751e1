package io.latentpatch.samples;

import java.util.Arrays;

/**
 * A small, self-contained DEFLATE (RFC 1951) compressor: greedy-with-lazy LZ77 over a 32 KiB window, then one
 * dynamic-Huffman block per {@value #BLOCK_TOKENS} tokens.
 *
 * <p>Why not {@link java.util.zip.Deflater}: its output depends on the zlib build the JDK links against (bundled,
 * system zlib, zlib-ng…), so the same pixels could give different PNG bytes on another machine. This encoder is
 * plain Java integer code, so its bytes depend on the input alone.
 */
final class DeflateEncoder {
    private static final int WINDOW = 1 << 15;
    private static final int HASH_BITS = 15;
    private static final int MIN_MATCH = 3;
    private static final int MAX_MATCH = 258;
    private static final int MAX_CHAIN = 64;
    private static final int BLOCK_TOKENS = 1 << 14;

    private static final int[] LENGTH_BASE = {
            3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195,
            227, 258};
    private static final int[] LENGTH_EXTRA = {
            0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
    private static final int[] DIST_BASE = {
            1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
            4097, 6145, 8193, 12289, 16385, 24577};
    private static final int[] DIST_EXTRA = {
            0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
    /** Order in which code-length code lengths are written (RFC 1951 §3.2.7). */
    private static final int[] CL_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

    private DeflateEncoder() {
    }

    /** Raw DEFLATE stream (no zlib header) of {@code data}. */
    static byte[] deflate(byte[] data) {
        int[] lengths = new int[data.length + 1];   // 0 = literal, else match length; distances alongside
        int[] dists = new int[data.length + 1];
        int[] values = new int[data.length + 1];
        int tokens = tokenize(data, values, lengths, dists);

        BitWriter out = new BitWriter(data.length / 2 + 64);
        int start = 0;
        do {
            int end = Math.min(tokens, start + BLOCK_TOKENS);
            writeBlock(out, values, lengths, dists, start, end, end == tokens);
            start = end;
        } while (start < tokens);
        return out.toByteArray();
    }

    // ---- LZ77 -------------------------------------------------------------------------------------------------

    /** Fills parallel token arrays: literal {@code values[i]} when {@code lengths[i] == 0}, else a match. */
    private static int tokenize(byte[] data, int[] values, int[] lengths, int[] dists) {
        int n = data.length;
        int[] head = new int[1 << HASH_BITS];
        int[] prev = new int[WINDOW];
        Arrays.fill(head, -1);
        int count = 0;
        int i = 0;
        int[] match = new int[2];
        while (i < n) {
            longestMatch(data, i, head, prev, match);
            if (match[0] >= MIN_MATCH) {
                // lazy step: if the next position has a longer match, emit one literal first
                insert(data, i, head, prev);
                int len = match[0], dist = match[1];
                if (i + 1 < n && len < 32) {
                    longestMatch(data, i + 1, head, prev, match);
                    if (match[0] > len) {
                        values[count] = data[i] & 0xFF;
                        count++;
                        i++;
                        len = match[0];
                        dist = match[1];
                        insert(data, i, head, prev);
                    }
                }
                lengths[count] = len;
                dists[count] = dist;
                count++;
                for (int k = 1; k < len; k++) insert(data, i + k, head, prev);
                i += len;
            } else {
                values[count] = data[i] & 0xFF;
                count++;
                insert(data, i, head, prev);
                i++;
            }
        }
        return count;
    }

    private static int hash(byte[] d, int i) {
        return (((d[i] & 0xFF) << 10) ^ ((d[i + 1] & 0xFF) << 5) ^ (d[i + 2] & 0xFF)) & ((1 << HASH_BITS) - 1);
    }

    private static void insert(byte[] d, int i, int[] head, int[] prev) {
        if (i + MIN_MATCH > d.length) return;
        int h = hash(d, i);
        prev[i & (WINDOW - 1)] = head[h];
        head[h] = i;
    }

    /** Longest earlier occurrence of the bytes at {@code i}, as {length, distance}; length 0 when none. */
    private static void longestMatch(byte[] d, int i, int[] head, int[] prev, int[] result) {
        result[0] = 0;
        result[1] = 0;
        if (i + MIN_MATCH > d.length) return;
        int limit = Math.min(MAX_MATCH, d.length - i);
        int candidate = head[hash(d, i)];
        int chain = MAX_CHAIN;
        while (candidate >= 0 && i - candidate <= WINDOW && chain-- > 0) {
            if (candidate < i) {
                int len = 0;
                while (len < limit && d[candidate + len] == d[i + len]) len++;
                if (len > result[0]) {
                    result[0] = len;
                    result[1] = i - candidate;
                    if (len == limit) return;
                }
            }
            int next = prev[candidate & (WINDOW - 1)];
            if (next >= candidate) break;   // slot overwritten by a newer position: chain ends
            candidate = next;
        }
    }

    // ---- Huffman blocks ---------------------------------------------------------------------------------------

    private static void writeBlock(BitWriter out, int[] values, int[] lengths, int[] dists, int from, int to,
                                   boolean last) {
        int[] litFreq = new int[286];
        int[] distFreq = new int[30];
        for (int t = from; t < to; t++) {
            if (lengths[t] == 0) {
                litFreq[values[t]]++;
            } else {
                litFreq[257 + lengthCode(lengths[t])]++;
                distFreq[distCode(dists[t])]++;
            }
        }
        litFreq[256] = 1;
        ensureTwoSymbols(litFreq);
        ensureTwoSymbols(distFreq);
        int[] litLen = codeLengths(litFreq, 15);
        int[] distLen = codeLengths(distFreq, 15);
        int hlit = 286;
        while (hlit > 257 && litLen[hlit - 1] == 0) hlit--;
        int hdist = 30;
        while (hdist > 1 && distLen[hdist - 1] == 0) hdist--;

        // run-length encode the concatenated code lengths with symbols 16 (repeat), 17 and 18 (zeros)
        int[] all = new int[hlit + hdist];
        System.arraycopy(litLen, 0, all, 0, hlit);
        System.arraycopy(distLen, 0, all, hlit, hdist);
        int[] rleSym = new int[all.length];
        int[] rleExtra = new int[all.length];
        int rle = 0;
        for (int i = 0; i < all.length; ) {
            int v = all[i];
            int run = 1;
            while (i + run < all.length && all[i + run] == v) run++;
            if (v == 0 && run >= 3) {
                int r = Math.min(run, 138);
                rleSym[rle] = r >= 11 ? 18 : 17;
                rleExtra[rle++] = r >= 11 ? r - 11 : r - 3;
                i += r;
            } else if (v != 0 && run >= 4) {
                rleSym[rle] = v;
                rleExtra[rle++] = 0;
                int r = Math.min(run - 1, 6);
                rleSym[rle] = 16;
                rleExtra[rle++] = r - 3;
                i += 1 + r;
            } else {
                rleSym[rle] = v;
                rleExtra[rle++] = 0;
                i++;
            }
        }
        int[] clFreq = new int[19];
        for (int k = 0; k < rle; k++) clFreq[rleSym[k]]++;
        ensureTwoSymbols(clFreq);
        int[] clLen = codeLengths(clFreq, 7);
        int hclen = 19;
        while (hclen > 4 && clLen[CL_ORDER[hclen - 1]] == 0) hclen--;

        out.write(last ? 1 : 0, 1);
        out.write(2, 2);   // dynamic Huffman
        out.write(hlit - 257, 5);
        out.write(hdist - 1, 5);
        out.write(hclen - 4, 4);
        for (int k = 0; k < hclen; k++) out.write(clLen[CL_ORDER[k]], 3);
        int[] clCode = canonicalCodes(clLen);
        for (int k = 0; k < rle; k++) {
            int s = rleSym[k];
            out.writeCode(clCode[s], clLen[s]);
            if (s == 16) out.write(rleExtra[k], 2);
            else if (s == 17) out.write(rleExtra[k], 3);
            else if (s == 18) out.write(rleExtra[k], 7);
        }

        int[] litCode = canonicalCodes(litLen);
        int[] distCode = canonicalCodes(distLen);
        for (int t = from; t < to; t++) {
            if (lengths[t] == 0) {
                out.writeCode(litCode[values[t]], litLen[values[t]]);
            } else {
                int lc = lengthCode(lengths[t]);
                out.writeCode(litCode[257 + lc], litLen[257 + lc]);
                out.write(lengths[t] - LENGTH_BASE[lc], LENGTH_EXTRA[lc]);
                int dc = distCode(dists[t]);
                out.writeCode(distCode[dc], distLen[dc]);
                out.write(dists[t] - DIST_BASE[dc], DIST_EXTRA[dc]);
            }
        }
        out.writeCode(litCode[256], litLen[256]);
    }

    private static int lengthCode(int length) {
        int c = LENGTH_BASE.length - 1;
        while (LENGTH_BASE[c] > length) c--;
        return c;
    }

    private static int distCode(int dist) {
        int c = DIST_BASE.length - 1;
        while (DIST_BASE[c] > dist) c--;
        return c;
    }

    /** A complete prefix code needs two symbols; zlib rejects a lone code in the literal/length alphabet. */
    private static void ensureTwoSymbols(int[] freq) {
        int used = 0;
        for (int f : freq) if (f > 0) used++;
        for (int s = 0; used < 2 && s < freq.length; s++) {
            if (freq[s] == 0) {
                freq[s] = 1;
                used++;
            }
        }
    }

    /**
     * Huffman code lengths for {@code freq}, none longer than {@code maxBits}: build the tree, and while it is too
     * deep halve the frequencies (keeping every used symbol at least 1) and build again.
     */
    static int[] codeLengths(int[] freq, int maxBits) {
        int[] f = freq.clone();
        while (true) {
            int[] lengths = huffmanLengths(f);
            int max = 0;
            for (int len : lengths) max = Math.max(max, len);
            if (max <= maxBits) return lengths;
            for (int s = 0; s < f.length; s++) if (f[s] > 0) f[s] = Math.max(1, f[s] >> 1);
        }
    }

    /** Unlimited Huffman depths by the two-queue method over leaves sorted by (frequency, symbol). */
    private static int[] huffmanLengths(int[] freq) {
        int n = 0;
        for (int v : freq) if (v > 0) n++;
        int[] lengths = new int[freq.length];
        long[] leaves = new long[n];
        int k = 0;
        for (int s = 0; s < freq.length; s++) if (freq[s] > 0) leaves[k++] = ((long) freq[s] << 16) | s;
        Arrays.sort(leaves);
        // nodes 0..n-1 leaves, n..2n-2 internal; parent[] links let us read depths afterwards
        long[] weight = new long[2 * n - 1];
        int[] parent = new int[2 * n - 1];
        for (int i = 0; i < n; i++) weight[i] = leaves[i] >>> 16;
        int leafNext = 0, innerNext = n, innerEnd = n;
        for (int made = n; made < 2 * n - 1; made++) {
            int[] pick = new int[2];
            for (int p = 0; p < 2; p++) {
                if (leafNext < n && (innerNext >= innerEnd || weight[leafNext] <= weight[innerNext])) {
                    pick[p] = leafNext++;
                } else {
                    pick[p] = innerNext++;
                }
            }
            weight[made] = weight[pick[0]] + weight[pick[1]];
            parent[pick[0]] = made;
            parent[pick[1]] = made;
            innerEnd = made + 1;
        }
        int[] depth = new int[2 * n - 1];
        for (int i = 2 * n - 3; i >= 0; i--) depth[i] = depth[parent[i]] + 1;
        for (int i = 0; i < n; i++) lengths[(int) (leaves[i] & 0xFFFF)] = depth[i];
        return lengths;
    }

    /** Canonical codes (RFC 1951 §3.2.2), stored MSB-first in the low {@code lengths[s]} bits. */
    static int[] canonicalCodes(int[] lengths) {
        int[] blCount = new int[16];
        for (int len : lengths) if (len > 0) blCount[len]++;
        int[] next = new int[16];
        int code = 0;
        for (int bits = 1; bits < 16; bits++) {
            code = (code + blCount[bits - 1]) << 1;
            next[bits] = code;
        }
        int[] codes = new int[lengths.length];
        for (int s = 0; s < lengths.length; s++) if (lengths[s] > 0) codes[s] = next[lengths[s]]++;
        return codes;
    }

    /** LSB-first bit packer, as DEFLATE wants; Huffman codes are reversed on the way in. */
    private static final class BitWriter {
        private byte[] buf;
        private int size;
        private long bits;
        private int count;

        BitWriter(int capacity) {
            buf = new byte[Math.max(64, capacity)];
        }

        void write(int value, int n) {
            if (n == 0) return;
            bits |= ((long) value & ((1L << n) - 1)) << count;
            count += n;
            while (count >= 8) {
                put((byte) bits);
                bits >>>= 8;
                count -= 8;
            }
        }

        void writeCode(int code, int n) {
            write(Integer.reverse(code) >>> (32 - n), n);
        }

        private void put(byte b) {
            if (size == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
            buf[size++] = b;
        }

        byte[] toByteArray() {
            if (count > 0) {
                put((byte) bits);
                bits = 0;
                count = 0;
            }
            return Arrays.copyOf(buf, size);
        }
    }
}
