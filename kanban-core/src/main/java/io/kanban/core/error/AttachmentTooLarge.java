package io.kanban.core.error;

/** More bytes than the board's attachment cap; nothing was stored. The message is the reference's. */
public final class AttachmentTooLarge extends ValidationError {
    private final long limit;

    public AttachmentTooLarge(String field, long limit) {
        super(field, "attachment exceeds " + megabytes(limit) + " limit");
        this.limit = limit;
    }

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
