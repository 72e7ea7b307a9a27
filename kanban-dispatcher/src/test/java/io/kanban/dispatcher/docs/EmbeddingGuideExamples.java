package io.kanban.dispatcher.docs;

import io.kanban.core.Board;
import io.kanban.core.BoardOptions;
import io.kanban.core.metrics.KanbanMetrics;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskFilter;
import io.kanban.dispatcher.ConfigFile;
import io.kanban.dispatcher.DispatcherConfig;
import io.kanban.dispatcher.DispatcherService;
import io.kanban.dispatcher.notify.Notifier;
import io.kanban.dispatcher.notify.NotifyConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The code of docs/embedding.md: each block between an {@code // embedding: NAME} line and the next
 * {@code // end} is the guide's block {@code NAME}, word for word (EmbeddingGuideTest checks), so every line the
 * guide shows compiles; the test runs those that need no server.
 */
public final class EmbeddingGuideExamples {
    private EmbeddingGuideExamples() {
    }

    static List<Task> openFile(Path dataDir) {
        // embedding: open-file
        try (Board board = Board.open(dataDir.resolve("kanban.db"))) {   // created, or migrated, on open
            board.tasks().create(NewTask.titled("Write the spec").assignee("pm").build());
            return board.tasks().list(TaskFilter.all());
        }
        // end
    }

    static Board openUrl(Map<String, String> env) {
        // embedding: open-url
        // e.g. jdbc:postgresql://db.internal:5432/ops?user=kanban&password=secret&currentSchema=kanban
        Board board = Board.open(env.get("KANBAN_DB"));
        // end
        return board;
    }

    static Board openDataSource(DataSource dataSource) {
        // embedding: open-datasource
        BoardOptions options = BoardOptions.at("jdbc:postgresql://db.internal:5432/ops?currentSchema=kanban");
        Board board = Board.open(dataSource, options);     // connections come from dataSource, not from the URL
        // end
        return board;
    }

    static Board openWithOptions(Path dataDir, Clock clock) {
        // embedding: open-options
        BoardOptions options = BoardOptions.at(dataDir.resolve("kanban.db"))
                .withClock(clock)                          // your service's clock (tests: a settable one)
                .withClaimTtl(Duration.ofMinutes(5));      // a claim without a heartbeat for 5 min is reclaimed
        Board board = Board.open(options);
        // end
        return board;
    }

    static List<Task> tenants(Board board) {
        // embedding: tenants
        Board acme = board.forTenant("acme");              // shares the board's connections; close the board
        Board globex = board.forTenant("globex");
        acme.tasks().create(NewTask.titled("Invoice run").assignee("billing").build());
        List<Task> seenByGlobex = globex.tasks().list(TaskFilter.all());   // empty: acme's task is not globex's
        // end
        return seenByGlobex;
    }

    record Service(DispatcherService dispatcher, Notifier notifier) {
    }

    static Service start(Board board, Map<String, String> env) {
        // embedding: service
        DispatcherConfig config = ConfigFile.load(env);   // $HERMES_HOME/config.yaml, or the defaults
        DispatcherService dispatcher = DispatcherService.start(board, config);
        Notifier notifier = Notifier.start(board, NotifyConfig.load(env));
        // end
        return new Service(dispatcher, notifier);
    }

    static void stop(DispatcherService dispatcher, Notifier notifier, KanbanMetrics metrics, Board board) {
        // embedding: shutdown
        notifier.stop(Duration.ofSeconds(10));              // sends nothing new, gives up its leases
        dispatcher.stop(Duration.ofSeconds(30));            // starts no tick, lets the current one finish
        metrics.close();                                    // stops timing claims and ticks
        board.close();                                      // last: everything above uses it
        // end
    }

    static DispatcherService customLauncher(Board board) throws InterruptedException {
        // embedding: custom-launcher
        InProcessLauncher launcher = new InProcessLauncher(board, request -> "done: " + request.task().title());
        DispatcherConfig config = DispatcherConfig.builder().dispatchInterval(Duration.ofSeconds(5)).build();
        DispatcherService dispatcher = DispatcherService.create(board, config, launcher, launcher);
        dispatcher.tickOnce();                              // or dispatcher.start() for the periodic loop
        launcher.close();                                   // waits for the jobs this tick started
        // end
        return dispatcher;
    }

    static KanbanMetrics metrics(Board board, MeterRegistry registry) {
        // embedding: metrics
        KanbanMetrics metrics = new KanbanMetrics(board);   // reads the board at most every 5 s
        metrics.bindTo(registry);                           // your service's registry: Prometheus, OTLP, JMX...
        // end
        return metrics;
    }
}
