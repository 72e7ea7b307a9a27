package io.kanban.core.error;

/** No attachment with this id on the board (or in the caller's tenant), or its stored bytes cannot be read. */
public final class AttachmentNotFound extends KanbanException {
    /** What {@link #attachmentId()} returns. */
    private final long attachmentId;

    /**
     * No attachment has this id.
     *
     * @param attachmentId the id asked for
     */
    public AttachmentNotFound(long attachmentId) {
        super("no attachment with id " + attachmentId);
        this.attachmentId = attachmentId;
    }

    /**
     * The attachment's row exists but its bytes cannot be read.
     *
     * @param attachmentId the attachment's id
     * @param why what went wrong, for the message
     */
    public AttachmentNotFound(long attachmentId, String why) {
        super("attachment " + attachmentId + " cannot be read: " + why);
        this.attachmentId = attachmentId;
    }

    /**
     * @return the id of the attachment that was not found
     */
    public long attachmentId() {
        return attachmentId;
    }

    @Override
    public String code() {
        return "attachment_not_found";
    }
}
