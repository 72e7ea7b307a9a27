package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.HandlerType;
import io.javalin.router.ParsedEndpoint;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.model.AssigneeSummary;
import io.kanban.core.model.Attention;
import io.kanban.core.model.BoardStats;
import io.kanban.core.model.Comment;
import io.kanban.core.model.Event;
import io.kanban.core.model.NotifyScope;
import io.kanban.core.model.NotifySubscription;
import io.kanban.core.model.Run;
import io.kanban.core.model.Status;
import io.kanban.core.model.StuckCause;
import io.kanban.core.model.StuckTask;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskCard;
import io.kanban.core.model.TaskDetail;
import io.kanban.core.model.Workspace;
import io.kanban.core.wire.WireFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OpenApiTest {
    static final Set<HandlerType> VERBS = Set.of(HandlerType.GET, HandlerType.POST, HandlerType.PATCH,
            HandlerType.DELETE, HandlerType.PUT);

    @RegisterExtension
    final Dashboard d = new Dashboard();

    @Test
    void every_registered_api_route_is_described_and_nothing_else() {
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

    /** One record of each kind the API sends, as the core's wire format writes it. */
    static Map<String, Object> samples() {
        Instant at = Instant.parse("2026-03-02T10:00:00Z");
        Task task = new Task("t_1", "title", null, null, Status.READY, 0, null, "cli", at, null, null, Workspace.SCRATCH,
                null, null, null, null, 0, null, null, null, null, null, List.of(), null, 0, null, at, "gpt-5",
                "openai", "medium");
        Run run = new Run(1, "t_1", "pm", "running", null, null, null, null, null, at, null, null, null, null, null, null);
        Comment comment = new Comment(1, "t_1", "ann", "hi", at);
        Event event = new Event(1, "t_1", null, "created", null, at);
        StuckTask stuck = new StuckTask("t_1", "title", null, StuckCause.UNASSIGNED, null, at, null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Task", task);
        out.put("Run", run);
        out.put("Comment", comment);
        out.put("Event", event);
        out.put("Attachment", new io.kanban.core.model.Attachment(1, "t_1", "chart.png", "/b/kanban/attachments/t_1/chart.png",
                "image/png", 4, "analyst", at));
        out.put("Card", TaskCard.of(task));
        out.put("Fleet", new io.kanban.core.model.FleetStats(at, at, 3600, List.of(), List.of(), List.of(), Map.of()));
        out.put("FleetBucket", new io.kanban.core.model.FleetStats.Bucket(at, 2));
        out.put("FleetProfile", new io.kanban.core.model.FleetStats.ProfileTimes("dev", 1, 2L, 3L, 4L, 5, 6L, 7L, 8L));
        out.put("CardFacts", new io.kanban.core.model.CardFacts("t_1", at, 3, 1, 2, 4, "first line"));
        out.put("TaskDetail", new TaskDetail(task, List.of(), List.of(), List.of(), List.of(), List.of()));
        out.put("StuckTask", stuck);
        out.put("Stats", new BoardStats(Map.of(), Map.of(), null, at, List.of()));
        out.put("Assignee", new AssigneeSummary("pm", Map.of(), 0, at));
        out.put("Warning", new Attention("t_1", "title", Attention.Kind.STUCK_READY, "ready for 31 minutes"));
        out.put("Subscription", new NotifySubscription("n_1", "t_1", "kanban:webhook", "team", "", null, at, 0,
                NotifyScope.TASK, null, false, List.of("completed"), NotifySubscription.DeliveryState.FRESH));
        out.put("TickReport", new TickReport(List.of(), List.of(), List.of(), List.of(), 0, List.of(), List.of(),
                List.of(), false, 1, List.of()));
        out.put("Worker", new io.kanban.core.dispatch.WorkerInspection(1, "t_1", "pm", "running", 42L, true, true, at,
                null, 5, null, at, null, null));
        return out;
    }

    @Test
    void every_record_schema_lists_exactly_the_fields_the_wire_format_writes_in_order() throws Exception {
        ObjectMapper wire = WireFormat.newMapper();
        JsonNode schemas = d.get("/api/openapi.json").expect(200).json().at("/components/schemas");
        Map<String, JsonNode> written = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : samples().entrySet()) {
            written.put(e.getKey(), wire.readTree(wire.writeValueAsString(e.getValue())));
        }
        written.put("Lifecycle", d.get("/api/lifecycle").expect(200).json());
        for (Map.Entry<String, JsonNode> e : written.entrySet()) {
            JsonNode schema = schemas.get(e.getKey());
            List<String> required = new ArrayList<>();
            schema.get("required").forEach(n -> required.add(n.asText()));
            List<String> properties = new ArrayList<>();
            schema.get("properties").fieldNames().forEachRemaining(properties::add);
            List<String> fields = new ArrayList<>();
            e.getValue().fieldNames().forEachRemaining(fields::add);
            assertEquals(fields, required, e.getKey() + " required");
            assertEquals(fields, properties, e.getKey() + " properties");
            schema.get("properties").properties().forEach(p -> {
                if (p.getKey().endsWith("_at") || p.getKey().equals("now") || p.getKey().endsWith("_expires")
                        || p.getKey().equals("ready_since") || p.getKey().equals("scheduled_until")) {
                    assertEquals("integer", p.getValue().path("type").asText(), e.getKey() + "." + p.getKey());
                    assertTrue(p.getValue().path("description").asText().contains("epoch seconds"),
                            e.getKey() + "." + p.getKey());
                }
            });
        }
    }
}
