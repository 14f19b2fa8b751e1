package io.latentpatch.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The part of the target latent grid an edit job regenerates: either named regions of an aligned
 * face, or a mask image in the object store.
 *
 * <p>JSON: an array of names ({@code ["eyes", "mouth"]}) or a string holding the object key of a
 * mask PNG ({@code "jobs/{id}/mask.png"}; white = regenerate). Exactly one of {@link #names()}
 * and {@link #maskKey()} is non-null. Which names exist, and the cells they cover, is the
 * engine's business; here a name is only checked to be a lower-case token.
 *
 * @param names   named regions, non-empty, each {@code [a-z][a-z0-9_-]*}; or null
 * @param maskKey object key of a mask PNG; or null
 */
public record Region(List<String> names, String maskKey) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");

    public Region {
        if ((names == null) == (maskKey == null)) {
            throw new InvalidMessageException("region: give either a list of region names or a mask object key, not "
                    + (names == null ? "neither" : "both"));
        }
        if (names != null) {
            names = Checks.copyOrNull("region", names);
            if (names.isEmpty()) {
                throw new InvalidMessageException("region: the list of region names is empty; expected e.g. [\"eyes\", \"mouth\"]");
            }
            for (String n : names) {
                if (!NAME.matcher(n).matches()) {
                    throw new InvalidMessageException("region: '" + n + "' is not a region name; expected a lower-case"
                            + " token such as eyes or mouth");
                }
            }
        } else {
            Checks.key("region", maskKey);
        }
    }

    /** Named regions, e.g. {@code Region.named("eyes", "mouth")}. */
    public static Region named(String... names) {
        return new Region(List.of(names), null);
    }

    /** A mask PNG stored under {@code key}. */
    public static Region mask(String key) {
        return new Region(null, key);
    }

    /** True for a mask-image region. */
    public boolean isMask() {
        return maskKey != null;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Region fromJson(JsonNode node) {
        if (node.isTextual()) {
            return mask(node.asText());
        }
        if (node.isArray()) {
            List<String> names = new ArrayList<>();
            for (JsonNode n : node) {
                if (!n.isTextual()) {
                    throw new InvalidMessageException("region: expected region names as strings, got " + n);
                }
                names.add(n.asText());
            }
            return new Region(names, null);
        }
        throw new InvalidMessageException("region: expected an array of names or a mask object key string, got " + node);
    }

    @JsonValue
    Object toJson() {
        return names != null ? names : maskKey;
    }
}
