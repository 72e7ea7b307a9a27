package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.HandlerType;
import io.javalin.router.ParsedEndpoint;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenApiTest {
    static final Set<HandlerType> VERBS = Set.of(HandlerType.GET, HandlerType.POST, HandlerType.PATCH,
            HandlerType.DELETE, HandlerType.PUT);

    @TempDir
    Path dir;

    @Test
    void every_registered_api_route_is_described_and_nothing_else() {
        try (Dashboard d = new Dashboard(dir)) {
            Set<String> registered = new TreeSet<>();
            for (ParsedEndpoint e : d.dashboard.app().unsafe.internalRouter.allHttpHandlers()) {
                if (VERBS.contains(e.endpoint.method) && e.endpoint.path.startsWith("/api")) {
                    registered.add(e.endpoint.method.name().toLowerCase(Locale.ROOT) + " " + e.endpoint.path);
                }
            }
            assertTrue(registered.size() >= 20, "route table read: " + registered);
            JsonNode doc = d.get("/api/openapi.json").expect(200).json();
            assertEquals("3.0.3", doc.get("openapi").asText());
            Set<String> described = new TreeSet<>();
            doc.get("paths").properties().forEach(p -> p.getValue().fieldNames()
                    .forEachRemaining(verb -> described.add(verb + " " + p.getKey())));
            assertEquals(registered, described);
            doc.get("paths").forEach(item -> item.forEach(op -> {
                assertTrue(op.hasNonNull("summary"), op.toString());
                assertTrue(op.get("responses").size() > 0, op.toString());
            }));
        }
    }
}
