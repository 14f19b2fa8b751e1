package io.latentpatch.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** zlib's inflater is the reference decoder: whatever we write, it must read back byte for byte. */
class DeflateEncoderTest {

    @Test
    void emptyInputRoundTrips() throws Exception {
        assertRoundTrip(new byte[0]);
    }

    @Test
    void singleByteRoundTrips() throws Exception {
        assertRoundTrip(new byte[] {42});
    }

    @Test
    void longRunsLongerThanTheMaximumMatchRoundTripAndShrink() throws Exception {
        byte[] data = new byte[100_003];
        java.util.Arrays.fill(data, (byte) 7);
        byte[] packed = assertRoundTrip(data);
        assertThat(packed.length).isLessThan(data.length / 50);
    }

    @Test
    void incompressibleDataLargerThanTheWindowRoundTrips() throws Exception {
        byte[] data = new byte[70_001];
        new Random(3).nextBytes(data);
        assertRoundTrip(data);
    }

    @Test
    void repetitiveTextWithDistantRepeatsRoundTrips() throws Exception {
        StringBuilder s = new StringBuilder();
        Random r = new Random(9);
        String[] words = {"latent", "patch", "portrait", "eye", "mouth", "the", "a", "hair"};
        while (s.length() < 90_000) s.append(words[r.nextInt(words.length)]).append(r.nextInt(3) == 0 ? '\n' : ' ');
        assertRoundTrip(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void skewedAlphabetThatNeedsLengthLimitedCodesRoundTrips() throws Exception {
        // Fibonacci-like symbol counts make an unlimited Huffman tree deeper than 15 bits
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long a = 1, b = 1;
        Random r = new Random(5);
        byte[] symbols = new byte[0];
        for (int s = 0; s < 22; s++) {
            int n = (int) Math.min(a, 40_000);
            byte[] grown = java.util.Arrays.copyOf(symbols, symbols.length + n);
            java.util.Arrays.fill(grown, symbols.length, grown.length, (byte) (s * 11));
            symbols = grown;
            long t = a + b;
            a = b;
            b = t;
        }
        for (int i = symbols.length - 1; i > 0; i--) {   // shuffle so LZ77 finds few matches
            int j = r.nextInt(i + 1);
            byte t = symbols[i];
            symbols[i] = symbols[j];
            symbols[j] = t;
        }
        out.writeBytes(symbols);
        assertRoundTrip(out.toByteArray());
    }

    @Test
    void codeLengthsRespectTheLimitAndFormAPrefixCode() {
        int[] freq = new int[40];
        long a = 1, b = 1;
        for (int s = 0; s < freq.length; s++) {
            freq[s] = (int) Math.min(a, 1_000_000_000L);
            long t = a + b;
            a = b;
            b = t;
        }
        int[] lengths = DeflateEncoder.codeLengths(freq, 15);
        double kraft = 0;
        for (int len : lengths) {
            assertThat(len).isBetween(1, 15);
            kraft += Math.pow(2, -len);
        }
        assertThat(kraft).isLessThanOrEqualTo(1.0);
    }

    @Test
    void sameInputGivesSameBytes() {
        byte[] data = new byte[50_000];
        new Random(1).nextBytes(data);
        for (int i = 0; i < data.length; i += 3) data[i] = 0;
        assertThat(DeflateEncoder.deflate(data)).isEqualTo(DeflateEncoder.deflate(data.clone()));
    }

    private static byte[] assertRoundTrip(byte[] data) throws DataFormatException {
        byte[] packed = DeflateEncoder.deflate(data);
        Inflater inflater = new Inflater(true);
        inflater.setInput(packed);
        byte[] back = new byte[data.length + 16];
        int n = 0;
        while (!inflater.finished()) {
            int got = inflater.inflate(back, n, back.length - n);
            if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) break;
            n += got;
        }
        assertThat(inflater.finished()).as("stream complete").isTrue();
        assertThat(inflater.getRemaining()).as("no trailing bytes").isZero();
        assertThat(java.util.Arrays.copyOf(back, n)).isEqualTo(data);
        inflater.end();
        return packed;
    }
}
