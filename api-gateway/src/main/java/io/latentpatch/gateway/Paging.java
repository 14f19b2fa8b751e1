package io.latentpatch.gateway;

import io.latentpatch.gateway.problem.ApiProblem;
import io.latentpatch.gateway.problem.Problem.FieldError;
import java.util.ArrayList;
import java.util.List;

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
