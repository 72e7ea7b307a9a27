package io.kanban.core;

import io.kanban.core.error.ValidationError;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The reference's rules for an attachment's name, which is also the last part of its blob path: the basename only,
 * printable characters only, no leading dots, at most {@value #MAX_CHARS} characters; a name already on the card
 * becomes {@code name (1).ext}. Whatever comes in ({@code ../}, NUL, control characters, kilobytes of text), what
 * comes out is one safe path segment.
 */
final class AttachmentNames {
    public static final int MAX_CHARS = 200;
    /** Filesystems cap a name at 255 bytes; room is left for a clash suffix such as " (12)". */
    static final int MAX_UTF8_BYTES = 240;
    /** What a name with nothing printable left becomes. */
    public static final String FALLBACK = "attachment";
    private static final Pattern CONTENT_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}/"
            + "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(;[ -~]{0,100})?");

    private AttachmentNames() {
    }

    /** One safe path segment made from whatever name a client sent. */
    public static String clean(String requested) {
        String name = requested == null ? "" : requested;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        StringBuilder printable = new StringBuilder();
        name.codePoints().filter(AttachmentNames::printable).forEach(printable::appendCodePoint);
        name = printable.toString().strip();
        int dots = 0;
        while (dots < name.length() && name.charAt(dots) == '.') {
            dots++;
        }
        name = name.substring(dots).strip();
        name = shorten(name);
        return name.isEmpty() ? FALLBACK : name;
    }

    /** {@code name}, or {@code name (1).ext}, {@code name (2).ext}… : the first not in {@code taken}. */
    public static String unique(String name, Set<String> taken) {
        if (!taken.contains(name)) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int n = 1; ; n++) {
            String candidate = stem + " (" + n + ")" + ext;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }

    /** A content type as a client gave it, checked to be one {@code type/subtype[; params]}; null or blank: guessed. */
    public static String contentType(String given, String filename) {
        if (given != null && !given.isBlank()) {
            String value = given.strip();
            if (!CONTENT_TYPE.matcher(value).matches()) {
                throw new ValidationError("content_type", "'" + abbreviate(value)
                        + "' is not a media type such as text/plain or image/png");
            }
            return value.toLowerCase(java.util.Locale.ROOT);
        }
        String guessed = java.net.URLConnection.guessContentTypeFromName(filename);
        if (guessed == null) {
            guessed = byExtension(filename);
        }
        return guessed == null ? "application/octet-stream" : guessed;
    }

    /** Types the JDK does not map; the common ones a worker hands over. */
    private static String byExtension(String filename) {
        String lower = filename.toLowerCase(java.util.Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        String ext = dot < 0 ? "" : lower.substring(dot + 1);
        return switch (ext) {
            case "md", "markdown" -> "text/markdown";
            case "json" -> "application/json";
            case "csv" -> "text/csv";
            case "log", "txt", "diff", "patch" -> "text/plain";
            case "svg" -> "image/svg+xml";
            case "webp" -> "image/webp";
            case "pdf" -> "application/pdf";
            case "html", "htm" -> "text/html";
            case "yaml", "yml" -> "application/yaml";
            default -> null;
        };
    }

    private static boolean printable(int cp) {
        if (Character.isISOControl(cp) || cp == '/' || cp == '\\') {
            return false;
        }
        int type = Character.getType(cp);
        return type != Character.FORMAT && type != Character.SURROGATE && type != Character.PRIVATE_USE
                && type != Character.UNASSIGNED && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR;
    }

    /** At most MAX_CHARS characters and MAX_UTF8_BYTES bytes, keeping a short extension. */
    private static String shorten(String name) {
        if (fits(name)) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
        String stem = name.substring(0, name.length() - ext.length());
        while (!stem.isEmpty() && !fits(stem + ext)) {
            int cut = stem.offsetByCodePoints(stem.length(), -1);
            stem = stem.substring(0, cut);
        }
        return (stem.strip() + ext).strip();
    }

    private static boolean fits(String name) {
        return name.codePointCount(0, name.length()) <= MAX_CHARS
                && name.getBytes(StandardCharsets.UTF_8).length <= MAX_UTF8_BYTES;
    }

    private static String abbreviate(String value) {
        return value.length() <= 60 ? value : value.substring(0, 57) + "...";
    }
}
