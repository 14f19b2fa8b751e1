package io.latentpatch.gateway.sourceset;

import io.latentpatch.contracts.labels.LabelsReader;
import io.latentpatch.core.labels.SourceLabels;
import io.latentpatch.gateway.problem.ApiProblem;
import io.latentpatch.gateway.problem.Problem.FieldError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The labels part of an upload (CSV or JSON, parsed by {@link LabelsReader}) turned into the
 * manifest's per-image attribute maps, after checking that every entry names an uploaded image.
 *
 * <p>An entry is matched to an image by the engine's own rule, {@link SourceLabels#keyFor}: the
 * image's file name, then its name without extension, then its index ({@code 0..B-1}). An entry that matches no image,
 * or two entries that match the same image, is an error: silently dropped labels would make an
 * attribute filter select the wrong sources.
 */
public final class UploadLabels {

    /** Attribute names the manifest accepts (they may end up in file names and URLs downstream). */
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    private UploadLabels() {
    }

    /**
     * Per-image attributes, one map per file name (empty for images without labels).
     *
     * @param text      the labels file as text
     * @param fileNames the uploaded images' names, in upload order (distinct)
     * @param pointer   where the labels came from, for error entries (e.g. {@code labels})
     * @throws ApiProblem 422 when the labels do not parse, name unknown images or use bad attribute names
     */
    public static List<Map<String, String>> resolve(String text, List<String> fileNames, String pointer) {
        SourceLabels labels;
        try {
            labels = LabelsReader.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(pointer, "the labels do not parse: " + e.getMessage()
                    + " (expected CSV with a header 'file,attr1,...' or JSON {\"a.png\": {\"attr\": true}})");
        }
        List<FieldError> errors = new ArrayList<>();
        for (String attribute : labels.attributes()) {
            if (!ATTRIBUTE.matcher(attribute).matches()) {
                errors.add(new FieldError(pointer, "attribute name '" + attribute + "' is not allowed; use letters, digits,"
                        + " '_' and '-', starting with a letter or digit"));
            }
        }
        Map<String, Integer> usedBy = new HashMap<>();
        for (int i = 0; i < fileNames.size(); i++) {
            String key = labels.keyFor(fileNames.get(i), i).orElse(null);
            if (key == null) {
                continue;
            }
            Integer other = usedBy.putIfAbsent(key, i);
            if (other != null) {
                errors.add(new FieldError(pointer, "label entry '" + key + "' matches two images, '" + fileNames.get(other)
                        + "' and '" + fileNames.get(i) + "'; key the labels by full file name or by index"));
            }
        }
        Set<String> unknown = new TreeSet<>();
        for (String key : labels.keys()) {
            if (!usedBy.containsKey(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            errors.add(new FieldError(pointer, "labels name " + unknown.size() + " image(s) that were not uploaded or are"
                    + " shadowed by another entry for the same image: " + abbreviate(unknown) + "; uploaded: "
                    + abbreviate(fileNames) + " (or indices 0.." + (fileNames.size() - 1) + ")"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        List<Map<String, String>> perImage = new ArrayList<>(fileNames.size());
        for (int i = 0; i < fileNames.size(); i++) {
            perImage.add(labels.find(fileNames.get(i), i).map(LinkedHashMap::new).map(m -> (Map<String, String>) m)
                    .orElse(Map.of()));
        }
        return perImage;
    }

    /** Sorted attribute names used by any image. */
    public static List<String> attributes(List<Map<String, String>> perImage) {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        if (perImage != null) {
            perImage.forEach(m -> names.addAll(m.keySet()));
        }
        return List.copyOf(names);
    }

    private static String abbreviate(java.util.Collection<String> items) {
        List<String> list = new ArrayList<>(items);
        return list.size() <= 8 ? String.join(", ", list) : String.join(", ", list.subList(0, 8)) + ", ... ("
                + list.size() + " in all)";
    }
}
