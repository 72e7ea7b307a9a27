package io.kanban.core.error;

/** More bytes than the board's attachment cap; nothing was stored. The message is the reference's. */
public final class AttachmentTooLarge extends ValidationError {
    /** What {@link #limit()} returns. */
    private final long limit;

    /**
     * Reports an attachment over {@code limit} bytes.
     *
     * @param field the argument that carried the bytes
     * @param limit the board's cap in bytes
     */
    public AttachmentTooLarge(String field, long limit) {
        super(field, "attachment exceeds " + megabytes(limit) + " limit");
        this.limit = limit;
    }

    /**
     * @return the board's attachment cap in bytes
     */
    public long limit() {
        return limit;
    }

    private static String megabytes(long bytes) {
        long mib = 1024 * 1024;
        return bytes % mib == 0 ? bytes / mib + " MB" : bytes + " bytes";
    }

    @Override
    public String code() {
        return "attachment_too_large";
    }
}
