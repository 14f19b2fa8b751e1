package io.latentpatch.core.labels;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV: comma separated, double-quoted fields may hold commas, quotes ({@code ""}) and newlines. */
final class Csv {
    /** One record and the line it starts on (1-based). */
    record Row(int line, List<String> fields) {}

    private Csv() {}

    static List<Row> parse(String text) {
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int rowLine = 1;
        int i = 0;
        int n = text.length();
        boolean pending = false; // something was read since the last record ended
        while (i < n) {
            char c = text.charAt(i);
            if (c == '"' && field.toString().isBlank()) {
                int quoteLine = line;
                field.setLength(0);
                i++;
                while (true) {
                    if (i >= n) throw new IllegalArgumentException("CSV line " + quoteLine + ": unterminated quoted field");
                    char q = text.charAt(i);
                    if (q == '"') {
                        if (i + 1 < n && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (q == '\n') line++;
                    field.append(q);
                    i++;
                }
                while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) i++;
                if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    throw new IllegalArgumentException("CSV line " + line + ": unexpected text after a closing quote");
                }
                pending = true;
                continue;
            }
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                pending = true;
                i++;
            } else if (c == '\n' || c == '\r') {
                fields.add(field.toString());
                field.setLength(0);
                rows.add(new Row(rowLine, List.copyOf(fields)));
                fields.clear();
                pending = false;
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') i++;
                i++;
                line++;
                rowLine = line;
            } else {
                field.append(c);
                pending = true;
                i++;
            }
        }
        if (pending) {
            fields.add(field.toString());
            rows.add(new Row(rowLine, List.copyOf(fields)));
        }
        return rows;
    }
}
