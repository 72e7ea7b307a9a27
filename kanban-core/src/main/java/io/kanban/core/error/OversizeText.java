package io.kanban.core.error;

/** A text argument longer than the board stores. */
public final class OversizeText extends ValidationError {
    /** What {@link #limit()} returns. */
    private final int limit;

    /**
     * Reports a text over the board's limit.
     *
     * @param field the argument at fault
     * @param length the text's length in characters
     * @param limit the longest text the board stores for this field
     */
    public OversizeText(String field, int length, int limit) {
        super(field, "is " + length + " characters; the limit is " + limit);
        this.limit = limit;
    }

    /**
     * @return the longest text the field accepts, in characters
     */
    public int limit() {
        return limit;
    }

    @Override
    public String code() {
        return "oversize_text";
    }
}
