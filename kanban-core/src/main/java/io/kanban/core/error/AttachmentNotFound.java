package io.kanban.core.error;

public final class AttachmentNotFound extends KanbanException {
    private final long attachmentId;

    public AttachmentNotFound(long attachmentId) {
        super("no attachment with id " + attachmentId);
        this.attachmentId = attachmentId;
    }

    public AttachmentNotFound(long attachmentId, String why) {
        super("attachment " + attachmentId + " cannot be read: " + why);
        this.attachmentId = attachmentId;
    }

    public long attachmentId() {
        return attachmentId;
    }

    @Override
    public String code() {
        return "attachment_not_found";
    }
}
