package io.latentpatch.gateway;

import io.latentpatch.gateway.problem.ApiProblem;
import io.latentpatch.gateway.problem.Problem.FieldError;
import io.latentpatch.storage.ObjectInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code offset} and {@code limit} query parameters of a list endpoint, checked: offset &gt;= 0,
 * limit 1..{@link #MAX_LIMIT} (default {@link #DEFAULT_LIMIT}). Bad values are a 422 naming the parameter.
 */
public record Paging(int offset, int limit) {

    /** Items per page when {@code limit} is absent. */
    public static final int DEFAULT_LIMIT = 20;
    /** Most items per page. */
    public static final int MAX_LIMIT = 100;

    /** Parses the raw query values (null when absent). */
    public static Paging of(String offset, String limit) {
        List<FieldError> errors = new ArrayList<>();
        int o = parse("offset", offset, 0, 0, Integer.MAX_VALUE, errors);
        int l = parse("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT, errors);
        if (!errors.isEmpty()) throw ApiProblem.validation(errors);
        return new Paging(o, l);
    }

    /** The link to the page after this one, or null when {@code total} items end on this page. */
    public String next(String path, int total) {
        return offset + limit < total ? path + "?offset=" + (offset + limit) + "&limit=" + limit : null;
    }

    /**
     * Items {@code offset .. offset+limit} of {@code objects}, most recent first: ordered by the store's object time, which
     * has whole seconds, and within a second that reaches into the page by each item's own {@code createdAt}. Reads only
     * the documents of the page (and of its boundary seconds); unreadable ones are left out.
     */
    public static <T> List<T> recentFirst(List<ObjectInfo> objects, int offset, int limit, Function<ObjectInfo, Optional<T>> read,
                                          Function<T, Instant> createdAt) {
        List<ObjectInfo> sorted = new ArrayList<>(objects);
        sorted.sort(Comparator.comparing(ObjectInfo::lastModified, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(ObjectInfo::key));
        int end = Math.min(sorted.size(), offset + limit);
        int from = Math.min(offset, sorted.size());
        while (from > 0 && from < sorted.size() && sameSecond(sorted.get(from - 1), sorted.get(from))) from--;
        int to = end;
        while (to > 0 && to < sorted.size() && sameSecond(sorted.get(to - 1), sorted.get(to))) to++;
        List<T> window = new ArrayList<>();
        for (int i = from; i < to; i++) read.apply(sorted.get(i)).ifPresent(window::add);
        window.sort(Comparator.comparing(createdAt).reversed());
        int skip = Math.min(offset - from, window.size());
        return new ArrayList<>(window.subList(skip, Math.min(skip + Math.max(0, end - offset), window.size())));
    }

    private static boolean sameSecond(ObjectInfo a, ObjectInfo b) {
        return a.lastModified() != null && b.lastModified() != null
                && a.lastModified().getEpochSecond() == b.lastModified().getEpochSecond();
    }

    private static int parse(String name, String raw, int absent, int min, int max, List<FieldError> errors) {
        if (raw == null || raw.isEmpty()) return absent;
        try {
            int v = Integer.parseInt(raw.trim());
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(name, name + " must be an integer in " + min + ".." + (max == Integer.MAX_VALUE ? "" : max)
                + ", got '" + raw + "'"));
        return absent;
    }

    /**
     * One page of a list.
     *
     * @param items  the page, most recent first
     * @param offset index of the first item
     * @param limit  page size asked for
     * @param total  items in all
     * @param next   link to the next page, null on the last
     */
    public record Page<T>(List<T> items, int offset, int limit, int total, String next) {
    }
}
