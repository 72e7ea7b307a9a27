package io.kanban.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps Javadoc examples compiling (Java 17 has no {@code @snippet}): the example of a type's Javadoc, its
 * {@code <pre>{@code ...}</pre>} block, must equal a region of a test source between {@code // example: NAME}
 * and {@code // end}, which the compiler checks and a test runs.
 */
public final class JavadocExample {
    private JavadocExample() {
    }

    /** The first {@code <pre>{@code ...}</pre>} block in {@code source}, without the comment's stars, dedented. */
    public static String in(Path source) {
        List<String> body = new ArrayList<>();
        boolean inside = false;
        for (String line : read(source).lines().toList()) {
            String text = line.replaceFirst("^\\s*\\* ?", "");
            if (!inside && text.strip().equals("<pre>{@code")) {
                inside = true;
            } else if (inside && text.strip().equals("}</pre>")) {
                return dedent(body);
            } else if (inside) {
                body.add(text);
            }
        }
        throw new IllegalStateException("no <pre>{@code ...}</pre> example in " + source);
    }

    /** The lines of {@code source} between {@code // example: name} and the next {@code // end}, dedented. */
    public static String region(Path source, String name) {
        List<String> body = new ArrayList<>();
        boolean inside = false;
        for (String line : read(source).lines().toList()) {
            if (!inside && line.strip().equals("// example: " + name)) {
                inside = true;
            } else if (inside && line.strip().equals("// end")) {
                return dedent(body);
            } else if (inside) {
                body.add(line);
            }
        }
        throw new IllegalStateException("no region '" + name + "' in " + source);
    }

    static String dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String l : lines) {
            out.append(l.isBlank() ? "" : l.substring(indent).stripTrailing()).append('\n');
        }
        return out.toString().strip();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
