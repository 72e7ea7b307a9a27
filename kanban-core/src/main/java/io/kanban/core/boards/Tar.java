package io.kanban.core.boards;

import io.kanban.core.error.BadArchive;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The few parts of the POSIX ustar format a board archive needs, with the JDK only: regular files with short
 * relative names. The reader refuses everything else (links, devices, extension headers, names that climb out with
 * {@code ..} or start at {@code /}) and any entry larger than its limit, before reading its content.
 */
final class Tar {
    static final int BLOCK = 512;
    static final char FILE = '0';
    static final char DIRECTORY = '5';

    private Tar() {
    }

    /** Writes archive entries. */
    static final class Writer {
        private final OutputStream out;
        private final long mtime;

        Writer(OutputStream out, long mtimeEpochSeconds) {
            this.out = out;
            this.mtime = mtimeEpochSeconds;
        }

        void file(String name, byte[] content) throws IOException {
            out.write(header(name, content.length, FILE, mtime));
            out.write(content);
            pad(content.length);
        }

        void file(String name, long size, InputStream content) throws IOException {
            out.write(header(name, size, FILE, mtime));
            long copied = content.transferTo(out);
            if (copied != size) {
                throw new IOException(name + " changed size while it was archived");
            }
            pad(size);
        }

        private void pad(long size) throws IOException {
            int rest = (int) (size % BLOCK);
            if (rest != 0) {
                out.write(new byte[BLOCK - rest]);
            }
        }

        void finish() throws IOException {
            out.write(new byte[2 * BLOCK]);
        }
    }

    /** A ustar header block; {@code type} '0' regular, '2' symbolic link, and so on. */
    static byte[] header(String name, long size, char type, long mtime) {
        byte[] h = new byte[BLOCK];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (n.length > 100) {
            throw new IllegalArgumentException("archive name too long: " + name);
        }
        System.arraycopy(n, 0, h, 0, n.length);
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtime);
        h[156] = (byte) type;
        byte[] magic = "ustar\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, h, 257, magic.length);
        h[263] = '0';
        h[264] = '0';
        Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        String chk = String.format("%06o", sum);
        System.arraycopy(chk.getBytes(StandardCharsets.US_ASCII), 0, h, 148, 6);
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    private static void octal(byte[] h, int offset, int length, long value) {
        String text = Long.toOctalString(value);
        if (text.length() > length - 1) {
            throw new IllegalArgumentException("value too large for the ustar header: " + value);
        }
        String padded = "0".repeat(length - 1 - text.length()) + text;
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, h, offset, length - 1);
        h[offset + length - 1] = 0;
    }

    /** One entry as read: its checked name, type and declared size. */
    record Entry(String name, char type, long size) {
    }

    /** Reads entries one after the other; after {@link #next}, {@link #content} streams that entry's bytes. */
    static final class Reader {
        private final InputStream in;
        private long remaining;
        private long padding;

        Reader(InputStream in) {
            this.in = in;
        }

        /** The next entry, or null at the end of the archive. Its content must be read or skipped before the next. */
        Entry next(long maxSize) throws IOException {
            skip(remaining + padding);
            remaining = 0;
            padding = 0;
            byte[] h = in.readNBytes(BLOCK);
            if (h.length == 0) {
                return null;
            }
            if (h.length < BLOCK) {
                throw new BadArchive("the archive is truncated");
            }
            if (allZero(h)) {
                return null;
            }
            checkSum(h);
            char type = (char) h[156];
            String name = string(h, 0, 100);
            if (string(h, 257, 5).equals("ustar")) {
                String prefix = string(h, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
            }
            checkName(name);
            if (type != FILE && type != 0 && type != DIRECTORY) {
                throw new BadArchive("archive entry " + name + " is " + kind(type) + "; only plain files are accepted");
            }
            long size = size(h, name);
            if (size > maxSize) {
                throw new BadArchive("archive entry " + name + " is " + size + " bytes, over the limit of " + maxSize);
            }
            remaining = type == DIRECTORY ? 0 : size;
            padding = (BLOCK - remaining % BLOCK) % BLOCK;
            return new Entry(name, type == 0 ? FILE : type, remaining);
        }

        /** The current entry's bytes (exactly its declared size, or the archive is truncated). */
        void content(OutputStream out) throws IOException {
            byte[] buf = new byte[64 * 1024];
            while (remaining > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
                if (n < 0) {
                    throw new BadArchive("the archive is truncated");
                }
                out.write(buf, 0, n);
                remaining -= n;
            }
        }

        private void skip(long n) throws IOException {
            try {
                in.skipNBytes(n);
            } catch (EOFException e) {
                throw new BadArchive("the archive is truncated", e);
            }
        }
    }

    private static String kind(char type) {
        return switch (type) {
            case '1' -> "a hard link";
            case '2' -> "a symbolic link";
            case '3', '4' -> "a device";
            case '6' -> "a FIFO";
            case 'x', 'g' -> "an extended header";
            case 'L', 'K' -> "a long-name header";
            default -> "of type '" + type + "'";
        };
    }

    static void checkName(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains("\0")) {
            throw new BadArchive("archive entry '" + name + "' has an absolute or malformed path");
        }
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw new BadArchive("archive entry '" + name + "' climbs out with '..'");
            }
        }
    }

    private static long size(byte[] h, String name) {
        if ((h[124] & 0x80) != 0) {
            // base-256: used only for sizes past 8 GiB
            long value = 0;
            for (int i = 125; i < 136; i++) {
                if (value > (Long.MAX_VALUE >> 8)) {
                    return Long.MAX_VALUE;
                }
                value = (value << 8) | (h[i] & 0xff);
            }
            return value;
        }
        String text = string(h, 124, 12).strip();
        try {
            return text.isEmpty() ? 0 : Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            throw new BadArchive("archive entry " + name + " has a malformed size");
        }
    }

    private static void checkSum(byte[] h) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        String text = string(h, 148, 8).strip();
        try {
            if (text.isEmpty() || Long.parseLong(text, 8) != sum) {
                throw new BadArchive("the archive is corrupt (a header's checksum does not match)");
            }
        } catch (NumberFormatException e) {
            throw new BadArchive("the archive is corrupt (a header's checksum is malformed)");
        }
    }

    private static boolean allZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String string(byte[] h, int offset, int length) {
        int end = offset;
        while (end < offset + length && h[end] != 0) {
            end++;
        }
        return new String(h, offset, end - offset, StandardCharsets.UTF_8);
    }
}
