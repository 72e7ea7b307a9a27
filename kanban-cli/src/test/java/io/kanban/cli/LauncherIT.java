package io.kanban.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/kanban as users run it, on the packaged jar (so it runs after {@code package}, under failsafe): the cache
 * entry it keeps per jar and JVM, the class-data archive its training run makes, and what happens when that
 * cannot be made.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("..", "bin", "kanban").toAbsolutePath().normalize();
    private static final Path JAR = Path.of("target", "kanban-cli.jar").toAbsolutePath();

    @TempDir
    Path dir;

    private record Exit(int code, String out, String err) {
    }

    private Exit kanban(Path jar, Map<String, String> extraEnv, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("KANBAN_") || k.startsWith("HERMES_"));
        env.put("HOME", dir.toString());
        env.put("KANBAN_CACHE_DIR", dir.resolve("cache").toString());
        env.put("KANBAN_CLI_JAR", jar.toString());
        env.putAll(extraEnv);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "bin/kanban did not finish: " + cmd);
        return new Exit(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /** The cache's entries: one folder per jar build and JVM. */
    private List<Path> entries() throws IOException {
        Path cache = dir.resolve("cache");
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(Files::isDirectory).toList();
        }
    }

    private Path onlyEntry() throws IOException {
        List<Path> entries = entries();
        assertEquals(1, entries.size(), "one cache entry: " + entries);
        return entries.get(0);
    }

    @Test
    void the_first_call_trains_an_archive_that_every_later_call_maps() throws Exception {
        String board = dir.resolve("kanban.db").toString();
        Exit init = kanban(JAR, Map.of(), "--db", board, "init");
        assertEquals(0, init.code(), init.toString());
        Path entry = onlyEntry();
        assertTrue(Files.size(entry.resolve("kanban-cli.jsa")) > 0, "the training run left an archive");
        if (onPath("unzip")) { // the launcher unpacks SQLite's library with unzip, and goes without when it is missing
            assertTrue(Files.exists(entry.resolve("libsqlitejdbc.so")), "SQLite's library unpacked once");
        }
        assertFalse(Files.exists(entry.resolve("no-archive")));
        try (Stream<Path> leftovers = Files.list(dir.resolve("cache"))) {
            assertEquals(List.of(entry), leftovers.toList(), "the training board and its folder are gone");
        }

        // -Xshare:on makes the JVM refuse to start unless it maps the archive: the archive fits this jar and JVM.
        Map<String, String> strict = Map.of("KANBAN_JAVA_OPTS", "-Xshare:on");
        Exit create = kanban(JAR, strict, "--db", board, "create", "ship it", "--json");
        assertEquals(0, create.code(), create.toString());
        String id = new ObjectMapper().readTree(create.out()).get("task").get("id").asText();
        Exit list = kanban(JAR, strict, "--db", board, "list");
        assertEquals(0, list.code(), list.toString());
        assertTrue(list.out().contains(id) && list.out().contains("ship it"), list.out());
        assertEquals(List.of(entry), entries(), "later calls reuse the entry");
    }

    @Test
    void a_failed_training_run_is_recorded_and_not_repeated_on_every_call() throws Exception {
        // A jar whose training class is missing: the training run fails, the commands themselves still work.
        Path jar = dir.resolve("no-training.jar");
        copyJarWithout(JAR, jar, "io/kanban/cli/ClassDataTraining.class");
        String board = dir.resolve("kanban.db").toString();
        Exit init = kanban(jar, Map.of(), "--db", board, "init");
        assertEquals(0, init.code(), init.toString());
        Path entry = onlyEntry();
        Path marker = entry.resolve("no-archive");
        assertTrue(Files.exists(marker), "the failure is recorded");
        assertFalse(Files.exists(entry.resolve("kanban-cli.jsa")));

        FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(marker, old);
        Exit list = kanban(jar, Map.of(), "--db", board, "list");
        assertEquals(0, list.code(), list.toString());
        assertEquals("no tasks", list.out().strip());
        assertEquals(old, Files.getLastModifiedTime(marker), "no second training run");
        assertFalse(Files.exists(entry.resolve("kanban-cli.jsa")));
    }

    @Test
    void kanban_cds_0_runs_without_an_archive() throws Exception {
        Exit list = kanban(JAR, Map.of("KANBAN_CDS", "0"), "--db", dir.resolve("kanban.db").toString(), "list");
        assertEquals(0, list.code(), list.toString());
        Path entry = onlyEntry();
        assertFalse(Files.exists(entry.resolve("kanban-cli.jsa")));
        assertFalse(Files.exists(entry.resolve("no-archive")));
    }

    @Test
    void a_rebuilt_jar_gets_a_fresh_entry_and_the_old_one_goes() throws Exception {
        Path jar = dir.resolve("kanban-cli.jar");
        Files.copy(JAR, jar);
        String board = dir.resolve("kanban.db").toString();
        Map<String, String> noArchive = Map.of("KANBAN_CDS", "0");
        assertEquals(0, kanban(jar, noArchive, "--db", board, "list").code());
        Path first = onlyEntry();
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        assertEquals(0, kanban(jar, noArchive, "--db", board, "list").code());
        Path second = onlyEntry();
        assertFalse(first.equals(second), "a new entry for the rebuilt jar");
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }

    private static void copyJarWithout(Path from, Path to, String dropped) throws IOException {
        try (InputStream in = Files.newInputStream(from);
             ZipInputStream zin = new ZipInputStream(in);
             OutputStream out = Files.newOutputStream(to);
             ZipOutputStream zout = new ZipOutputStream(out)) {
            Map<String, Boolean> seen = new HashMap<>();
            for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
                if (e.getName().equals(dropped) || seen.putIfAbsent(e.getName(), true) != null) {
                    continue;
                }
                zout.putNextEntry(new ZipEntry(e.getName()));
                zin.transferTo(zout);
                zout.closeEntry();
            }
        }
    }
}
