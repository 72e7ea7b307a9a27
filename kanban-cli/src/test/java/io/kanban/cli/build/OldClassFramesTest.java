package io.kanban.cli.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The jar step that makes picocli archivable: new frames that the JVM's verifier accepts, nothing else changed. */
class OldClassFramesTest {
    @TempDir
    Path dir;

    @Test
    void picocli_classes_become_java_8_class_files_that_verify_and_run() throws Exception {
        Path picocliJar = Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = dir.resolve("copy.jar");
        int old = 0;
        try (ZipFile in = new ZipFile(picocliJar.toFile());
             OutputStream file = Files.newOutputStream(jar);
             ZipOutputStream out = new ZipOutputStream(file)) {
            for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                byte[] data = in.getInputStream(entry).readAllBytes();
                if (entry.getName().endsWith(".class") && OldClassFrames.majorVersion(data) < 50
                        && OldClassFrames.majorVersion(data) > 0) {
                    old++;
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(data);
                out.closeEntry();
            }
        }
        assertTrue(old > 100, "picocli ships pre-Java-6 classes: " + old);

        Files.setPosixFilePermissions(jar, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(old, OldClassFrames.rewrite(jar));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(jar)), "the jar keeps its permissions");
        assertEquals(0, OldClassFrames.rewrite(jar), "a second run finds nothing left to do");
        try (ZipFile rewritten = new ZipFile(jar.toFile())) {
            byte[] main = rewritten.getInputStream(rewritten.getEntry("picocli/CommandLine.class")).readAllBytes();
            assertEquals(52, OldClassFrames.majorVersion(main));
        }

        // A fresh loader verifies the rewritten classes with the type-checking verifier (no fallback for Java 8).
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> specClass = Class.forName("picocli.CommandLine$Model$CommandSpec", true, loader);
            Class<?> optionClass = Class.forName("picocli.CommandLine$Model$OptionSpec", true, loader);
            Object option = optionClass.getMethod("builder", String[].class)
                    .invoke(null, (Object) new String[] {"--name"});
            java.lang.reflect.Method type = option.getClass().getMethod("type", Class.class);
            type.setAccessible(true); // declared on a package-private builder superclass
            type.invoke(option, String.class);
            Object spec = specClass.getMethod("create").invoke(null);
            specClass.getMethod("addOption", optionClass)
                    .invoke(spec, option.getClass().getMethod("build").invoke(option));
            Class<?> cli = Class.forName("picocli.CommandLine", true, loader);
            Object commandLine = cli.getConstructor(Object.class).newInstance(spec);
            cli.getMethod("parseArgs", String[].class).invoke(commandLine, (Object) new String[] {"--name", "x"});
            Object parsed = specClass.getMethod("findOption", String.class).invoke(spec, "--name");
            java.lang.reflect.Method value = parsed.getClass().getMethod("getValue");
            value.setAccessible(true);
            assertEquals("x", value.invoke(parsed));
            String usage = (String) cli.getMethod("getUsageMessage").invoke(commandLine);
            assertTrue(usage.contains("--name"), usage);
        }
    }
}
