package io.kanban.core;

import io.kanban.core.error.StorageFailure;
import io.kanban.core.error.ValidationError;
import io.kanban.core.store.Dialect;
import io.kanban.core.store.RowCopy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A board's rows as plain values, to move a board to another file or server: cards, links, runs, comments, events
 * and attachments, with their ids, times and order. What does not travel is cleared on the way out, as the
 * reference's export does: claims and worker pids (no worker of this host will heartbeat elsewhere), host-local
 * paths (worker log paths keep only their file name, attachment paths are made anew, a {@code worktree} card's
 * path is chosen again), and notification subscriptions stay behind. Loading writes everything in one transaction
 * into an empty board, so a refused or failed load leaves it empty.
 */
public final class BoardRows {
    /** Per table, the columns an export clears. */
    public static final Map<String, Set<String>> CLEARED = Map.of(
            "tasks", Set.of("claim_lock", "claim_expires", "worker_pid", "worker_started_at"),
            "task_runs", Set.of("claim_lock", "claim_expires", "worker_pid", "worker_started_at"),
            "task_attachments", Set.of("stored_path"));
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final BoardContext ctx;

    BoardRows(BoardContext ctx) {
        this.ctx = ctx;
    }

    /**
     * The tables in the order they are exported and loaded.
     *
     * @return the table names
     */
    public static List<String> tables() {
        return List.copyOf(RowCopy.TABLES.keySet());
    }

    /**
     * Every row of every table, read in one snapshot, cleared as described above; without {@code attachments} the
     * attachment rows are left out too.
     *
     * @param attachments whether attachment rows are exported
     * @return the rows by table, each row a column-to-value map
     */
    public Map<String, List<Map<String, Object>>> export(boolean attachments) {
        return ctx.db.read(tx -> {
            Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
            for (String table : RowCopy.TABLES.keySet()) {
                if (table.equals("task_attachments") && !attachments) {
                    out.put(table, List.of());
                    continue;
                }
                List<Map<String, Object>> rows = new ArrayList<>();
                for (Map<String, Object> row : RowCopy.read(tx, table)) {
                    rows.add(cleared(table, row));
                }
                out.put(table, rows);
            }
            return out;
        });
    }

    private static Map<String, Object> cleared(String table, Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>(row);
        out.remove("rowid"); // PostgreSQL's explicit insertion order; the order of the rows carries it
        for (String c : CLEARED.getOrDefault(table, Set.of())) {
            if (out.containsKey(c)) {
                out.put(c, null);
            }
        }
        if (table.equals("tasks") && "worktree".equals(out.get("workspace_kind"))) {
            out.put("workspace_path", null);
        }
        if (table.equals("task_runs") && out.get("log_path") instanceof String path) {
            out.put("log_path", Path.of(path).getFileName().toString());
        }
        return out;
    }

    /** Where a load finds what is not in the rows. */
    public interface Files {
        /**
         * The bytes of attachment {@code id} of the export.
         *
         * @param id the attachment's id in the export
         * @return the bytes
         * @throws IOException if they cannot be read
         */
        byte[] attachment(long id) throws IOException;

        /**
         * The log file the export carried under this name, if any.
         *
         * @param name the log's name in the export
         * @return the log file, or empty
         */
        java.util.Optional<Path> log(String name);
    }

    /**
     * Loads exported rows into this board, which must be empty. Attachment bytes go where this board keeps them
     * (files under its attachments root, or the database on PostgreSQL); worker log names become paths in
     * {@code logsDir} when the export carried that log, else nothing.
     *
     * @throws ValidationError if the board is not empty or a row is malformed (a missing id, an unsafe file name)
     * @param tables the exported rows by table
     * @param files where the attachment bytes and logs are
     * @param logsDir where this board keeps worker logs
     */
    public void load(Map<String, List<Map<String, Object>>> tables, Files files, Path logsDir) {
        long present = ctx.db.read(tx -> RowCopy.count(tx, "tasks") + RowCopy.count(tx, "task_events"));
        if (present > 0) {
            throw new ValidationError("board", "an import needs an empty board; "
                    + BoardLocation.shown(ctx.db.location()) + " already has cards or events");
        }
        for (Map.Entry<String, List<Map<String, Object>>> e : tables.entrySet()) {
            if (!RowCopy.TABLES.containsKey(e.getKey())) {
                throw new ValidationError("archive", "unknown table '" + e.getKey() + "'");
            }
            e.getValue().forEach(row -> check(e.getKey(), row));
        }
        List<Map<String, Object>> attachments = tables.getOrDefault("task_attachments", List.of());
        boolean inDatabase = ctx.options.dialect() == Dialect.POSTGRES;
        Path root = inDatabase ? null : ctx.options.attachmentsDirectory();
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        List<Path> written = new ArrayList<>();
        Map<Long, String> storedPaths = new HashMap<>();
        try {
            for (Map<String, Object> row : attachments) {
                long id = (Long) row.get("id");
                String taskId = (String) row.get("task_id");
                String name = (String) row.get("filename");
                byte[] bytes = files.attachment(id);
                if (inDatabase) {
                    String stored = "attachments/" + taskId + "/" + name;
                    blobs.putIfAbsent(stored, bytes);
                    storedPaths.put(id, stored);
                } else {
                    Path target = root.resolve(taskId).resolve(name).normalize();
                    if (!target.startsWith(root)) {
                        throw new ValidationError("archive", "attachment " + id + " would leave the attachments root");
                    }
                    if (!java.nio.file.Files.exists(target)) {
                        java.nio.file.Files.createDirectories(target.getParent());
                        java.nio.file.Files.write(target, bytes, java.nio.file.StandardOpenOption.CREATE_NEW);
                        written.add(target);
                    }
                    storedPaths.put(id, target.toString());
                }
            }
            ctx.db.write(tx -> {
                for (String table : RowCopy.TABLES.keySet()) {
                    List<String> columns = RowCopy.columns(tx, table);
                    for (Map<String, Object> row : tables.getOrDefault(table, List.of())) {
                        Map<String, Object> values = new LinkedHashMap<>(row);
                        if (table.equals("task_attachments")) {
                            values.put("stored_path", storedPaths.get((Long) row.get("id")));
                        }
                        if (table.equals("task_runs")) {
                            values.put("log_path", logPath(row.get("log_path"), files, logsDir));
                        }
                        RowCopy.insert(tx, table, columns, values);
                    }
                }
                blobs.forEach((stored, bytes) -> RowCopy.insertBlob(tx, stored, bytes));
                RowCopy.continueAfterCopy(tx);
                return null;
            });
        } catch (IOException | RuntimeException e) {
            for (Path p : written) {
                try {
                    java.nio.file.Files.deleteIfExists(p);
                    java.nio.file.Files.deleteIfExists(p.getParent());
                } catch (IOException ignored) {
                    // a folder another file still uses stays
                }
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new StorageFailure("cannot load the board's attachments: " + e.getMessage(), e);
        }
    }

    private static String logPath(Object name, Files files, Path logsDir) {
        if (!(name instanceof String n) || logsDir == null) {
            return null;
        }
        return files.log(n).map(p -> logsDir.resolve(n).toString()).orElse(null);
    }

    /** A row from an archive is data, not trusted: plain values only, ids present, names safe for paths. */
    private static void check(String table, Map<String, Object> row) {
        for (Map.Entry<String, Object> e : row.entrySet()) {
            Object v = e.getValue();
            if (v != null && !(v instanceof String) && !(v instanceof Long) && !(v instanceof Double)) {
                throw new ValidationError("archive", table + "." + e.getKey() + " holds a "
                        + v.getClass().getSimpleName() + ", not a plain value");
            }
        }
        switch (table) {
            case "tasks" -> safeId(table, row.get("id"));
            case "task_links" -> {
                safeId(table, row.get("parent_id"));
                safeId(table, row.get("child_id"));
            }
            case "task_attachments" -> {
                if (!(row.get("id") instanceof Long)) {
                    throw new ValidationError("archive", "an attachment row has no id");
                }
                safeId(table, row.get("task_id"));
                Object name = row.get("filename");
                if (!(name instanceof String n) || !n.equals(AttachmentNames.clean(n)) || n.equals("..")) {
                    throw new ValidationError("archive", "attachment " + row.get("id") + " has an unsafe file name");
                }
            }
            case "task_runs" -> {
                Object log = row.get("log_path");
                if (log != null && !(log instanceof String s && SAFE_LOG.matcher(s).matches())) {
                    throw new ValidationError("archive", "run " + row.get("id") + " has an unsafe log name");
                }
            }
            default -> {
            }
        }
    }

    private static final Pattern SAFE_LOG = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}");

    private static void safeId(String table, Object id) {
        if (!(id instanceof String s) || !SAFE_ID.matcher(s).matches()) {
            throw new ValidationError("archive", table + " has a row whose task id is missing or unsafe");
        }
    }
}
