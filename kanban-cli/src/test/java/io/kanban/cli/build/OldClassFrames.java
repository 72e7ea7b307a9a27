package io.kanban.cli.build;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * A build step for the CLI jar (run by the pom after shading): gives classes compiled for Java 5 or older the
 * stack map frames of Java 8 class files. The JVM's class-data-sharing archive leaves pre-Java-6 classes out, and
 * picocli ships Java 5 bytecode, so without this its ~170 classes are read, parsed and verified on every
 * {@code kanban} call. The rewrite keeps every instruction; only the frames are computed and the version raised.
 */
public final class OldClassFrames {
    /** Class file major version of Java 6, the first that CDS archives. */
    static final int FIRST_ARCHIVABLE = 50;

    private OldClassFrames() {
    }

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        int rewritten = rewrite(jar);
        // Silent when it worked, like every other build step (`mvn -q` prints nothing); none rewritten means
        // picocli's bytecode changed and bin/kanban's class-data sharing no longer covers it: worth a line.
        if (rewritten == 0) {
            System.err.println("[kanban-cli] warning: no pre-Java-6 classes found in " + jar.getFileName()
                    + "; check that picocli still needs OldClassFrames");
        }
    }

    /** Rewrites the jar in place; returns how many classes changed. */
    static int rewrite(Path jar) throws IOException {
        Path tmp = Files.createTempFile(jar.toAbsolutePath().getParent(), jar.getFileName().toString(), ".tmp");
        int rewritten = 0;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
             ZipFile in = new ZipFile(jar.toFile());
             OutputStream file = Files.newOutputStream(tmp);
             ZipOutputStream out = new ZipOutputStream(file)) {
            for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                byte[] data = in.getInputStream(entry).readAllBytes();
                if (entry.getName().endsWith(".class") && majorVersion(data) > 0
                        && majorVersion(data) < FIRST_ARCHIVABLE) {
                    data = withFrames(data, loader);
                    rewritten++;
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(data);
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(jar)); // a temp file starts private
        } catch (UnsupportedOperationException notPosix) {
            // Nothing to keep on such file systems.
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        return rewritten;
    }

    /** The class as a Java 8 class file with computed frames; {@code loader} resolves common superclasses. */
    static byte[] withFrames(byte[] classFile, ClassLoader loader) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return loader;
            }
        };
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }

    /** The class file's major version, or -1 when the bytes are not a class file. */
    static int majorVersion(byte[] data) {
        if (data.length < 8 || (data[0] & 0xff) != 0xca || (data[1] & 0xff) != 0xfe || (data[2] & 0xff) != 0xba
                || (data[3] & 0xff) != 0xbe) {
            return -1;
        }
        return ((data[6] & 0xff) << 8) | (data[7] & 0xff);
    }
}
