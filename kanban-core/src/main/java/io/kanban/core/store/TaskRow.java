package io.kanban.core.store;

import io.kanban.core.error.StorageFailure;
import java.time.Duration;
import java.time.Instant;

/**
 * Reads a task row that the database packed into one JSON array ({@code json_array} on SQLite,
 * {@code json_build_array} on PostgreSQL), value by value in column order.
 *
 * <p>Why one column: the SQLite driver pays for every column of every execution (names fetched again, one
 * native call per value), about half a microsecond each. A task has 24 columns and the claim path reads two
 * tasks per cycle; one packed column cost a third as much when measured. Values are only strings, integers
 * and nulls, so this reader knows just those.
 */
final class TaskRow {
    private final String json;
    private int pos;

    TaskRow(String json) {
        if (json == null || json.isEmpty() || json.charAt(0) != '[') {
            throw malformed("a JSON array", json);
        }
        this.json = json;
        this.pos = 1;
    }

    String text() {
        skipSeparator();
        if (json.startsWith("null", pos)) {
            pos += 4;
            return null;
        }
        if (json.charAt(pos) != '"') {
            // A number where text was expected (a column of another kernel's making): keep its digits.
            int start = pos;
            skipNumber();
            return json.substring(start, pos);
        }
        pos++;
        StringBuilder out = null;
        int start = pos;
        while (true) {
            char c = json.charAt(pos);
            if (c == '"') {
                String s = out == null ? json.substring(start, pos) : out.append(json, start, pos).toString();
                pos++;
                return s;
            }
            if (c == '\\') {
                if (out == null) {
                    out = new StringBuilder();
                }
                out.append(json, start, pos);
                pos++;
                char e = json.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(json, pos, pos + 4, 16));
                        pos += 4;
                    }
                    default -> throw malformed("a JSON escape", json);
                }
                start = pos;
            } else {
                pos++;
            }
        }
    }

    Long number() {
        skipSeparator();
        if (json.startsWith("null", pos)) {
            pos += 4;
            return null;
        }
        int start = pos;
        skipNumber();
        String digits = json.substring(start, pos);
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return (long) Double.parseDouble(digits); // an integer column another kernel stored as real
        }
    }

    int integer() {
        Long v = number();
        return v == null ? 0 : v.intValue();
    }

    Instant instant() {
        Long v = number();
        return v == null ? null : Instant.ofEpochSecond(v);
    }

    Duration seconds() {
        Long v = number();
        return v == null ? null : Duration.ofSeconds(v);
    }

    private void skipSeparator() {
        while (true) {
            char c = json.charAt(pos);
            if (c == ',' || c == ' ' || c == '\n' || c == '\t' || c == '\r') {
                pos++;
            } else {
                return;
            }
        }
    }

    private void skipNumber() {
        while (pos < json.length()) {
            char c = json.charAt(pos);
            if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
                pos++;
            } else {
                return;
            }
        }
    }

    private static StorageFailure malformed(String expected, String json) {
        String shown = json == null ? "null" : json.length() > 80 ? json.substring(0, 77) + "..." : json;
        return new StorageFailure("unreadable task row, expected " + expected + ": " + shown, null);
    }
}
