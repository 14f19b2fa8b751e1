package io.latentpatch.e2e.fuzz;

/**
 * One malformed (or borderline) request of the fuzz, with the statuses it may get besides the rule every case
 * obeys (never 5xx, every 4xx a problem document).
 *
 * @param category the part of the grammar it comes from (the summary counts by it)
 * @param label    what it tries, for reports
 * @param tenant   whose key it carries by default ({@link #NO_KEY} for none), see {@link FuzzTargets#keyOf}
 */
public record FuzzCase(String category, String label, String tenant, RawRequest request, Expect expect) {

    /** The tenant of a case that sends no key of its own choosing (it sets its own auth headers, or none). */
    public static final String NO_KEY = "";

    /**
     * Statuses a case accepts: {@code min..max} inclusive. {@code decoder}: the request breaks HTTP/1.1 framing or
     * syntax (a request target with a bad percent-escape, a space or a backslash; a Content-Length that is not one
     * number; a bad chunk), which Vert.x's decoder refuses before any gateway code runs: with a bare 400/414/431 and
     * no body, or by closing the connection. Such answers are tallied apart, not as findings; a 5xx still is one.
     */
    public record Expect(int min, int max, boolean decoder) {
        /** Anything but a server error (the request may be valid after all). */
        public static Expect any() {
            return new Expect(100, 499, false);
        }

        /** A 4xx: the request is wrong and must be refused. */
        public static Expect refused() {
            return new Expect(400, 499, false);
        }

        public static Expect exactly(int status) {
            return new Expect(status, status, false);
        }

        /** Malformed HTTP: a 4xx, possibly the decoder's bare one, or a closed connection. */
        public static Expect httpDecoder() {
            return new Expect(400, 499, true);
        }

        public boolean accepts(int status) {
            return status >= min && status <= max;
        }

        @Override
        public String toString() {
            String range = min == max ? Integer.toString(min) : min == 400 && max == 499 ? "4xx" : "< 500";
            return decoder ? range + " (or the HTTP decoder's refusal)" : range;
        }
    }
}
