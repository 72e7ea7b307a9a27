package io.kanban.core.error;

/** A text argument longer than the board stores. */
public final class OversizeText extends ValidationError {
    private final int limit;

    public OversizeText(String field, int length, int limit) {
        super(field, "is " + length + " characters; the limit is " + limit);
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }

    @Override
    public String code() {
        return "oversize_text";
    }
}
