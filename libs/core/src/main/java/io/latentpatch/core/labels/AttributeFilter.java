package io.latentpatch.core.labels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A conjunction of attribute conditions, e.g. {@code blond=true,glasses!=yes}, that selects the sources used for
 * attribute-constrained generation.
 *
 * <p>Syntax: conditions separated by commas, each {@code name=value} or {@code name!=value} ({@code ==} is read
 * as {@code =}); blanks around names and values are ignored. Matching: attribute names ignore case; when both
 * values are booleans ({@code true/false/yes/no/1/0}, any case) they compare as booleans, otherwise as strings
 * ignoring case. A source with no value for an attribute matches neither {@code =} nor {@code !=} on it.
 */
public final class AttributeFilter {
    /** Comparison of one condition. */
    public enum Op {
        EQUALS("="), NOT_EQUALS("!=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** One {@code attribute op value} term. */
    public record Condition(String attribute, Op op, String value) {
        public Condition {
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(value, "value");
        }

        /** True when a source whose value is {@code actual} (null: no value) satisfies this condition. */
        public boolean test(String actual) {
            if (actual == null) return false;
            return sameValue(actual, value) == (op == Op.EQUALS);
        }

        @Override
        public String toString() {
            return attribute + op.symbol + value;
        }
    }

    private final List<Condition> conditions;

    private AttributeFilter(List<Condition> conditions) {
        this.conditions = List.copyOf(conditions);
    }

    /** Parses {@code blond=true,glasses!=true}; fails with the offending condition on bad syntax. */
    public static AttributeFilter parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty attribute filter; expected conditions like blond=true,glasses!=true");
        }
        List<Condition> conditions = new ArrayList<>();
        for (String part : spec.split(",", -1)) {
            String term = part.strip();
            if (term.isEmpty()) {
                throw new IllegalArgumentException("attribute filter '" + spec + "' has an empty condition (stray comma?)");
            }
            int at = term.indexOf('=');
            if (at < 0) {
                throw new IllegalArgumentException("condition '" + term + "' in attribute filter '" + spec
                        + "' has no '=' or '!='; expected e.g. blond=true");
            }
            Op op = Op.EQUALS;
            int nameEnd = at;
            int valueStart = at + 1;
            if (at > 0 && term.charAt(at - 1) == '!') {
                op = Op.NOT_EQUALS;
                nameEnd = at - 1;
            } else if (valueStart < term.length() && term.charAt(valueStart) == '=') {
                valueStart++; // "==" reads as "="
            }
            String name = term.substring(0, nameEnd).strip();
            String value = term.substring(valueStart).strip();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("condition '" + term + "' in attribute filter '" + spec + "' has no attribute name");
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException("condition '" + term + "' in attribute filter '" + spec + "' has no value");
            }
            if (name.indexOf('!') >= 0 || value.indexOf('=') >= 0) {
                throw new IllegalArgumentException("condition '" + term + "' in attribute filter '" + spec
                        + "' is malformed; expected name=value or name!=value");
            }
            conditions.add(new Condition(name, op, value));
        }
        return new AttributeFilter(conditions);
    }

    public List<Condition> conditions() {
        return conditions;
    }

    /** True when the labels (attribute → value, names compared ignoring case) satisfy every condition. */
    public boolean matches(Map<String, String> labels) {
        for (Condition c : conditions) {
            String actual = null;
            for (Map.Entry<String, String> e : labels.entrySet()) {
                if (e.getKey().equalsIgnoreCase(c.attribute())) actual = e.getValue();
            }
            if (!c.test(actual)) return false;
        }
        return true;
    }

    /**
     * Indices (ascending) into {@code sourceNames} of the sources whose labels satisfy this filter. Sources are
     * looked up with {@link SourceLabels#find(String, int)}.
     *
     * @throws IllegalArgumentException when the filter names an attribute the labels do not have (the message
     *     lists the known ones), when some sources have no labels (named in the message), or when fewer than two
     *     sources match (the message gives the count and the filter)
     */
    public int[] matching(List<String> sourceNames, SourceLabels labels) {
        for (Condition c : conditions) {
            if (!labels.hasAttribute(c.attribute())) {
                throw new IllegalArgumentException("unknown attribute '" + c.attribute() + "' in filter '" + this
                        + "'; known attributes: " + String.join(", ", labels.attributes()));
            }
        }
        List<String> unlabelled = new ArrayList<>();
        int[] hits = new int[sourceNames.size()];
        int count = 0;
        for (int i = 0; i < sourceNames.size(); i++) {
            Map<String, String> raw = labels.lookup(sourceNames.get(i), i);
            if (raw == null) {
                unlabelled.add(sourceNames.get(i));
                continue;
            }
            boolean ok = true;
            for (Condition c : conditions) {
                if (!c.test(labels.value(raw, c.attribute()))) {
                    ok = false;
                    break;
                }
            }
            if (ok) hits[count++] = i;
        }
        if (!unlabelled.isEmpty()) {
            List<String> shown = unlabelled.size() > 10 ? unlabelled.subList(0, 10) : unlabelled;
            throw new IllegalArgumentException("no labels for " + unlabelled.size() + " of " + sourceNames.size() + " sources: "
                    + String.join(", ", shown) + (unlabelled.size() > 10 ? ", ..." : "")
                    + " (labels are keyed by file name or index, e.g. " + labels.sampleKeys() + ")");
        }
        if (count < 2) {
            throw new IllegalArgumentException(count + " of " + sourceNames.size() + " sources match the attribute filter '"
                    + this + "'; generation needs at least 2");
        }
        return Arrays.copyOf(hits, count);
    }

    /** Canonical form, e.g. {@code blond=true,glasses!=true}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Condition c : conditions) {
            if (!sb.isEmpty()) sb.append(',');
            sb.append(c);
        }
        return sb.toString();
    }

    private static boolean sameValue(String a, String b) {
        Boolean x = asBoolean(a);
        Boolean y = asBoolean(b);
        if (x != null && y != null) return x.equals(y);
        return a.strip().equalsIgnoreCase(b.strip());
    }

    /** {@code true/yes/1} → true, {@code false/no/0} → false (ignoring case), anything else → null. */
    static Boolean asBoolean(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> Boolean.TRUE;
            case "false", "no", "0" -> Boolean.FALSE;
            default -> null;
        };
    }
}
