package io.latentpatch.contracts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A filter over per-image labels, the {@code where} of {@link GenerationParams}: which source images
 * an attribute-constrained job may copy from.
 *
 * <p>Grammar (whitespace ignored, labels case-insensitive):
 * <pre>
 * filter      = clause { ("," | "&amp;") clause }      all clauses must hold
 * clause      = alternative { "|" alternative }      at least one alternative must hold
 * alternative = [ "!" ] label                        "!" negates
 * label       = [A-Za-z0-9_-]+
 * </pre>
 * Example: {@code woman, blond|brown, !glasses}: labelled woman, blond or brown, and not glasses.
 */
public final class AttributeFilter {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9_-]+");

    private record Term(String label, boolean negated) {
    }

    private final List<List<Term>> clauses;

    private AttributeFilter(List<List<Term>> clauses) {
        this.clauses = clauses;
    }

    /** Parses {@code expression}; throws {@link InvalidMessageException} showing the offending part. */
    public static AttributeFilter parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new InvalidMessageException("where: empty attribute filter; expected e.g. 'woman, blond|brown, !glasses'");
        }
        List<List<Term>> clauses = new ArrayList<>();
        for (String clauseText : expression.split("[,&]", -1)) {
            List<Term> clause = new ArrayList<>();
            for (String alt : clauseText.split("\\|", -1)) {
                String t = alt.strip().toLowerCase(Locale.ROOT);
                boolean negated = t.startsWith("!");
                String label = negated ? t.substring(1).strip() : t;
                if (!LABEL.matcher(label).matches()) {
                    throw new InvalidMessageException("where: '" + alt.strip() + "' in '" + expression
                            + "' is not a label; expected [!]label with label from [A-Za-z0-9_-], clauses joined by"
                            + " ',' or '&', alternatives by '|'");
                }
                clause.add(new Term(label, negated));
            }
            clauses.add(List.copyOf(clause));
        }
        return new AttributeFilter(List.copyOf(clauses));
    }

    /** True when an image with these labels passes the filter (labels compared case-insensitively). */
    public boolean matches(Collection<String> labels) {
        List<String> lower = new ArrayList<>(labels.size());
        for (String l : labels) {
            lower.add(l.toLowerCase(Locale.ROOT));
        }
        for (List<Term> clause : clauses) {
            boolean any = false;
            for (Term term : clause) {
                if (lower.contains(term.label()) != term.negated()) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    /** Indices {@code i} (ascending) of the images whose {@code labelsPerImage.get(i)} pass the filter. */
    public List<Integer> select(List<? extends Collection<String>> labelsPerImage) {
        List<Integer> selected = new ArrayList<>();
        for (int i = 0; i < labelsPerImage.size(); i++) {
            if (matches(labelsPerImage.get(i))) {
                selected.add(i);
            }
        }
        return selected;
    }

    /** Canonical form, e.g. {@code woman,blond|brown,!glasses}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (List<Term> clause : clauses) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            for (int i = 0; i < clause.size(); i++) {
                if (i > 0) {
                    sb.append('|');
                }
                sb.append(clause.get(i).negated() ? "!" : "").append(clause.get(i).label());
            }
        }
        return sb.toString();
    }
}
