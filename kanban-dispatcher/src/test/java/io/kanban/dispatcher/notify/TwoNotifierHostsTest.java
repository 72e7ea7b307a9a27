package io.kanban.dispatcher.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.Board;
import io.kanban.core.model.Completion;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.TargetType;
import io.kanban.core.model.Task;
import io.kanban.core.notify.DeliveryPolicy;
import io.kanban.core.notify.NotifyRequest;
import io.kanban.core.notify.NotifyTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two notifier hosts, each with its own connections to one board file, never deliver an event twice. */
class TwoNotifierHostsTest {
    static final int TASKS = 40;

    @TempDir
    Path tmp;

    @Test
    void two_hosts_on_one_board_deliver_each_event_once() throws Exception {
        Path file = tmp.resolve("kanban.db");
        try (Receiver receiver = new Receiver(); Board writer = Board.open(file); Board hostA = Board.open(file);
             Board hostB = Board.open(file)) {
            receiver.delay(Duration.ofMillis(5));
            NotifyTarget team = NotifyTarget.of("team", "webhook", receiver.url("/"), null);
            NotifyConfig config = new NotifyConfig(Map.of("team", team),
                    DeliveryPolicy.DEFAULT.withRequestTimeout(Duration.ofSeconds(5)), Duration.ofMillis(50), null, true);
            List<String> subs = new ArrayList<>();
            subs.add(writer.notifySubscriptions().subscribe(NotifyRequest.board(TargetType.WEBHOOK, "team")).id());
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                tasks.add(writer.tasks().create(NewTask.titled("job " + i).assignee("w").build()).task());
            }
            for (int i = 0; i < 4; i++) {
                subs.add(writer.notifySubscriptions().subscribe(
                        NotifyRequest.task(tasks.get(i).id(), TargetType.WEBHOOK, "team")).id());
            }
            Notifier a = Notifier.start(hostA, config);
            Notifier b = Notifier.start(hostB, config);
            try {
                for (Task t : tasks) {
                    writer.claims().claim(t.id()).orElseThrow();
                    writer.claims().complete(t.id(), Completion.withSummary("ok"));
                }
                int expected = TASKS + 4;
                assertTrue(Receiver.eventually(() -> receiver.requests().size() >= expected, Duration.ofSeconds(60)),
                        "all delivered: " + receiver.requests().size());
                Thread.sleep(500); // room for a stray second delivery to show up
            } finally {
                a.stop(Duration.ofSeconds(10));
                b.stop(Duration.ofSeconds(10));
            }
            Set<String> seen = new HashSet<>();
            for (Receiver.Request r : receiver.requests()) {
                String key = r.json().get("subscription").asText() + "/" + r.eventId();
                assertTrue(seen.add(key), "delivered twice: " + key);
            }
            assertEquals(TASKS + 4, seen.size());
        }
    }
}
