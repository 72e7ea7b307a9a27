package io.kanban.cli.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/rest-api.md is checked against the dashboard's OpenAPI document (the resource the dashboard serves verbatim
 * at /api/openapi.json; the dashboard's OpenApiTest holds it to the registered routes): the same routes, and in each
 * route's section every status code, parameter and request-body field the document lists.
 */
class RestApiDocTest {
    static final Path DOC = Path.of("docs", "rest-api.md");
    static final Path OPENAPI = Path.of("kanban-dashboard", "src", "main", "resources", "openapi.json");
    static final Pattern ROUTE = Pattern.compile("(?m)^### (GET|POST|PUT|PATCH|DELETE) (/\\S+)\\s*$");

    static JsonNode openapi() throws IOException {
        return new ObjectMapper().readTree(RepoRoot.find().resolve(OPENAPI).toFile());
    }

    /** "GET /api/board" -> the text of its section in rest-api.md. */
    static Map<String, String> documentedRoutes() throws IOException {
        String doc = Files.readString(RepoRoot.find().resolve(DOC));
        Map<String, String> sections = new LinkedHashMap<>();
        Matcher m = ROUTE.matcher(doc);
        List<int[]> spans = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1) + " " + m.group(2));
            spans.add(new int[] {m.end(), 0});
        }
        for (int i = 0; i < names.size(); i++) {
            int from = spans.get(i)[0];
            int to = i + 1 < names.size() ? doc.lastIndexOf("###", spans.get(i + 1)[0]) : doc.length();
            String section = doc.substring(from, to);
            int nextChapter = section.indexOf("\n## ");
            sections.put(names.get(i), nextChapter < 0 ? section : section.substring(0, nextChapter));
        }
        return sections;
    }

    @Test
    void the_doc_describes_exactly_the_routes_of_the_openapi_document() throws IOException {
        TreeSet<String> described = new TreeSet<>();
        openapi().get("paths").properties().forEach(p -> p.getValue().fieldNames()
                .forEachRemaining(verb -> described.add(verb.toUpperCase(Locale.ROOT) + " " + p.getKey())));
        assertTrue(described.size() >= 15, "openapi.json was read: " + described);
        assertEquals(described, new TreeSet<>(documentedRoutes().keySet()),
                "routes in openapi.json vs '### METHOD /path' headings in docs/rest-api.md");
    }

    @Test
    void each_route_section_names_its_status_codes_parameters_and_body_fields() throws IOException {
        Map<String, String> sections = documentedRoutes();
        List<String> missing = new ArrayList<>();
        openapi().get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            String route = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
            String section = sections.getOrDefault(route, "");
            op.getValue().get("responses").fieldNames().forEachRemaining(code -> {
                if (!section.contains("`" + code + "`")) {
                    missing.add(route + ": status `" + code + "`");
                }
            });
            for (JsonNode p : op.getValue().path("parameters")) {
                if (p.has("$ref")) {
                    continue; // a parameter every route shares (board): described once, checked below
                }
                if (!section.contains("`" + p.get("name").asText() + "`")) {
                    missing.add(route + ": parameter `" + p.get("name").asText() + "`");
                }
            }
            JsonNode props = op.getValue().at("/requestBody/content/application~1json/schema/properties");
            props.fieldNames().forEachRemaining(field -> {
                if (!section.contains("`" + field + "`")) {
                    missing.add(route + ": body field `" + field + "`");
                }
            });
        }));
        assertEquals(List.of(), missing, "what docs/rest-api.md leaves out of openapi.json");
    }

    @Test
    void the_parameters_every_route_shares_are_described_where_calling_it_is() throws IOException {
        String doc = Files.readString(RepoRoot.find().resolve(DOC));
        int from = doc.indexOf("## Calling it");
        String calling = doc.substring(from, doc.indexOf("\n## ", from + 1));
        List<String> missing = new ArrayList<>();
        openapi().at("/components/parameters").forEach(p -> {
            if (!calling.contains("`" + p.get("name").asText() + "`")) {
                missing.add(p.get("name").asText());
            }
        });
        assertEquals(List.of(), missing, "shared parameters not described under 'Calling it'");
    }
}
