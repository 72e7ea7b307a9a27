package io.kanban.core.notify;

import io.kanban.core.spi.ProcessProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The name a notifier writes into the leases it holds: {@code host:pid:salt@machine}. The salt tells apart
 * notifiers sharing one JVM. {@code machine} names the kernel boot and PID namespace the process runs in, so a
 * notifier can tell that a lease holder's pid is one it can look up itself: two containers or two computers with
 * the same host name never match, because their boot ids or namespaces differ. Where that cannot be read
 * (no {@code /proc}), the machine is {@value #UNKNOWN_MACHINE} and no lease is ever taken over early.
 *
 * @param machine a hash of {@code /proc/sys/kernel/random/boot_id} and the {@code /proc/self/ns/pid} link
 */
public record LeaseOwner(String host, long pid, String salt, String machine) {
    /** The machine key where {@code /proc} cannot tell it. */
    public static final String UNKNOWN_MACHINE = "-";

    /**
     * Checks the parts, so the name reads back.
     *
     * @param host the notifier's host name, without ':' or '@'
     * @param pid its process id
     * @param salt what tells it from other notifiers in its JVM
     * @param machine a hash of {@code /proc/sys/kernel/random/boot_id} and the {@code /proc/self/ns/pid} link
     * @throws IllegalArgumentException if a part is empty or holds a separator
     */
    public LeaseOwner {
        if (host.isEmpty() || host.contains(":") || host.contains("@")) {
            throw new IllegalArgumentException("host must be a name without ':' or '@': " + host);
        }
        if (salt.isEmpty() || salt.contains(":") || salt.contains("@") || machine.isEmpty() || machine.contains("@")) {
            throw new IllegalArgumentException("salt and machine must be non-empty words");
        }
    }

    /**
     * A fresh owner name for a notifier in this process: this host and pid, a random salt, this machine.
     *
     * @param host this host's name ({@code @} is replaced)
     * @param salt what tells this notifier from others in the JVM
     * @return the owner
     */
    public static LeaseOwner forThisProcess(String host, String salt) {
        return new LeaseOwner(host.replace('@', '_'), ProcessHandle.current().pid(), salt, MachineKey.THIS);
    }

    /**
     * Reads an owner name; empty for names in another form (older notifiers), which are never taken over early.
     *
     * @param text the name as stored
     * @return the owner, or empty
     */
    public static Optional<LeaseOwner> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int at = text.lastIndexOf('@');
        int saltColon = at < 0 ? -1 : text.lastIndexOf(':', at);
        int pidColon = saltColon < 0 ? -1 : text.lastIndexOf(':', saltColon - 1);
        if (pidColon <= 0) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(text.substring(pidColon + 1, saltColon));
            return Optional.of(new LeaseOwner(text.substring(0, pidColon), pid, text.substring(saltColon + 1, at),
                    text.substring(at + 1)));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }

    /**
     * True only when {@code holder} provably cannot deliver any more: it ran on this machine (same host, boot and
     * PID namespace, so its pid means the same process here) and the probe finds that pid dead. A holder whose pid
     * was reused by another process counts as alive, so the lease is waited out: the safe side.
     *
     * @param holder the lease's holder
     * @param probe says whether a pid lives
     * @return whether the holder is provably dead
     */
    public boolean seesDead(LeaseOwner holder, ProcessProbe probe) {
        if (UNKNOWN_MACHINE.equals(machine) || !machine.equals(holder.machine) || !host.equals(holder.host)) {
            return false;
        }
        if (holder.equals(this)) {
            return false;
        }
        return probe.probe(holder.pid).isDead();
    }

    @Override
    public String toString() {
        return host + ":" + pid + ":" + salt + "@" + machine;
    }

    /** This process's machine key, read once. */
    static final class MachineKey {
        static final String THIS = read(Path.of("/proc"));

        private MachineKey() {
        }

        static String read(Path proc) {
            try {
                String boot = Files.readString(proc.resolve("sys/kernel/random/boot_id")).strip();
                String pidNamespace = Files.readSymbolicLink(proc.resolve("self/ns/pid")).toString();
                if (boot.isEmpty() || pidNamespace.isEmpty()) {
                    return UNKNOWN_MACHINE;
                }
                byte[] hash = MessageDigest.getInstance("SHA-256")
                        .digest((boot + "\n" + pidNamespace).getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(hash, 0, 6);
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return UNKNOWN_MACHINE;
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK always has SHA-256", e);
            }
        }
    }
}
