package io.latentpatch.gateway.sourceset;

import io.latentpatch.contracts.SourceSetManifest.AlignRequest;
import io.latentpatch.gateway.problem.ApiProblem;

/**
 * The upload's optional text parts {@code align} ({@code true|false}, default false) and {@code alignFailures}
 * ({@code fail|skip}, default fail; only with {@code align=true}) as the manifest's {@link AlignRequest}. The gateway
 * only records the request; the encoder worker aligns the set when a first job encodes it.
 */
final class AlignParts {
    static final String ALIGN = "align";
    static final String ALIGN_FAILURES = "alignFailures";

    private AlignParts() {
    }

    /**
     * @return null when the set is not to be aligned
     * @throws ApiProblem (422) naming the part when a value is not one of the accepted ones
     */
    static AlignRequest request(String align, String failures) {
        boolean on;
        if (align == null || align.isBlank() || align.strip().equalsIgnoreCase("false")) {
            on = false;
        } else if (align.strip().equalsIgnoreCase("true")) {
            on = true;
        } else {
            throw ApiProblem.invalid(ALIGN, "align must be true or false, got '" + abbreviate(align) + "'");
        }
        if (failures == null || failures.isBlank()) return on ? new AlignRequest(AlignRequest.FAIL) : null;
        String f = failures.strip().toLowerCase(java.util.Locale.ROOT);
        if (!f.equals(AlignRequest.FAIL) && !f.equals(AlignRequest.SKIP)) {
            throw ApiProblem.invalid(ALIGN_FAILURES, "alignFailures must be 'fail' (a picture without a usable face fails"
                    + " the set's first job) or 'skip' (it is left out), got '" + abbreviate(failures) + "'");
        }
        if (!on) throw ApiProblem.invalid(ALIGN_FAILURES, "alignFailures needs align=true");
        return new AlignRequest(f);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
