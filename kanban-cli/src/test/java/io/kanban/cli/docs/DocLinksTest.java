package io.kanban.cli.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every image the docs show exists and is an image; every relative link and same-page anchor leads somewhere. */
class DocLinksTest {
    static final Pattern LINK = Pattern.compile("(!?)\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    static final Pattern IMG_TAG = Pattern.compile("<img\\s[^>]*src=\"([^\"]+)\"");

    static List<Path> documents() throws IOException {
        Path root = RepoRoot.find();
        List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
        for (String tree : List.of("docs", "skills")) {
            try (Stream<Path> files = Files.walk(root.resolve(tree))) {
                files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
            }
        }
        return docs;
    }

    /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
    static String anchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    @Test
    void images_and_links_in_the_docs_resolve() throws IOException {
        List<String> broken = new ArrayList<>();
        int images = 0;
        for (Path doc : documents()) {
            String text = Files.readString(doc);
            Set<String> anchors = text.lines().filter(l -> l.startsWith("#")).map(l -> anchor(l.replaceFirst("^#+", "")))
                    .collect(Collectors.toSet());
            List<String[]> targets = new ArrayList<>();
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                targets.add(new String[] {m.group(1), m.group(2)});
            }
            Matcher img = IMG_TAG.matcher(text);
            while (img.find()) {
                targets.add(new String[] {"!", img.group(1)});
            }
            for (String[] t : targets) {
                boolean image = t[0].equals("!");
                String target = t[1];
                if (target.matches("^[a-z]+:.*")) {
                    continue;
                }
                if (target.startsWith("#")) {
                    if (!anchors.contains(target.substring(1))) {
                        broken.add(doc + ": no heading for " + target);
                    }
                    continue;
                }
                Path file = doc.getParent().resolve(target.replaceFirst("#.*$", "")).normalize();
                if (!Files.exists(file)) {
                    broken.add(doc + ": " + target + " does not exist");
                } else if (image) {
                    images++;
                    if (!isImage(file)) {
                        broken.add(doc + ": " + target + " is not a PNG, JPEG or SVG image");
                    }
                }
            }
        }
        assertEquals(List.of(), broken);
        assertTrue(images >= 4, "the tutorial's screenshots were found: " + images);
    }

    private static boolean isImage(Path file) throws IOException {
        byte[] head = Arrays.copyOf(Files.readAllBytes(file), 8);
        boolean png = head[0] == (byte) 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G';
        boolean jpeg = head[0] == (byte) 0xFF && head[1] == (byte) 0xD8;
        boolean svg = file.toString().endsWith(".svg") && Files.readString(file).contains("<svg");
        return (png || jpeg || svg) && Files.size(file) > 100;
    }
}
