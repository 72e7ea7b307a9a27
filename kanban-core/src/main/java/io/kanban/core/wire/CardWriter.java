package io.kanban.core.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.kanban.core.model.Status;
import io.kanban.core.model.TaskCard;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A board card: {@code id, title, assignee, status, priority, tenant, skills, created_at, consecutive_failures,
 * last_failure_error, scheduled_until, completed_at, moves}, where {@code moves} lists the statuses it may be
 * moved to by hand ({@link BoardColumns#moves}). Written field by field with pre-encoded names rather than through {@link Shape},
 * since a board streams ten thousand of them; registered in {@link WireFormat#module()} so single cards come out
 * the same.
 */
public final class CardWriter extends StdSerializer<TaskCard> {
    private static final SerializableString ID = new SerializedString("id");
    private static final SerializableString TITLE = new SerializedString("title");
    private static final SerializableString ASSIGNEE = new SerializedString("assignee");
    private static final SerializableString STATUS = new SerializedString("status");
    private static final SerializableString PRIORITY = new SerializedString("priority");
    private static final SerializableString TENANT = new SerializedString("tenant");
    private static final SerializableString SKILLS = new SerializedString("skills");
    private static final SerializableString CREATED_AT = new SerializedString("created_at");
    private static final SerializableString FAILURES = new SerializedString("consecutive_failures");
    private static final SerializableString LAST_ERROR = new SerializedString("last_failure_error");
    private static final SerializableString MOVES = new SerializedString("moves");
    private static final SerializableString SCHEDULED_UNTIL = new SerializedString("scheduled_until");
    private static final SerializableString COMPLETED_AT = new SerializedString("completed_at");
    /** The legal moves depend on the status alone: each list is rendered once. */
    private static final Map<Status, String> MOVES_JSON = movesJson();

    CardWriter() {
        super(TaskCard.class);
    }

    @Override
    public void serialize(TaskCard card, JsonGenerator gen, SerializerProvider provider) throws IOException {
        // Through a mapper the target may be a token buffer (valueToTree), which keeps raw text as an opaque value.
        write(card, gen, false);
    }

    /**
     * Writes one card as a JSON object at the position of {@code g}, a generator that writes JSON text.
     *
     * @param c the card
     * @param g the generator
     * @throws IOException if writing fails
     */
    public static void write(TaskCard c, JsonGenerator g) throws IOException {
        write(c, g, true);
    }

    private static void write(TaskCard c, JsonGenerator g, boolean raw) throws IOException {
        g.writeStartObject();
        g.writeFieldName(ID);
        g.writeString(c.id());
        g.writeFieldName(TITLE);
        g.writeString(c.title());
        g.writeFieldName(ASSIGNEE);
        g.writeString(c.assignee());
        g.writeFieldName(STATUS);
        g.writeString(c.status().wire());
        g.writeFieldName(PRIORITY);
        g.writeNumber(c.priority());
        g.writeFieldName(TENANT);
        g.writeString(c.tenant());
        g.writeFieldName(SKILLS);
        g.writeStartArray();
        for (String skill : c.skills()) {
            g.writeString(skill);
        }
        g.writeEndArray();
        g.writeFieldName(CREATED_AT);
        if (c.createdAt() == null) {
            g.writeNull();
        } else {
            g.writeNumber(c.createdAt().getEpochSecond());
        }
        g.writeFieldName(FAILURES);
        g.writeNumber(c.consecutiveFailures());
        g.writeFieldName(LAST_ERROR);
        g.writeString(c.lastFailureError());
        g.writeFieldName(SCHEDULED_UNTIL);
        if (c.scheduledUntil() == null) {
            g.writeNull();
        } else {
            g.writeNumber(c.scheduledUntil().getEpochSecond());
        }
        g.writeFieldName(COMPLETED_AT);
        if (c.completedAt() == null) {
            g.writeNull();
        } else {
            g.writeNumber(c.completedAt().getEpochSecond());
        }
        g.writeFieldName(MOVES);
        if (raw) {
            g.writeRawValue(MOVES_JSON.get(c.status()));
        } else {
            g.writeStartArray();
            for (Status s : BoardColumns.moves(c.status())) {
                g.writeString(s.wire());
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static Map<Status, String> movesJson() {
        Map<Status, String> out = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            // Status wire names are lower-case ASCII words: nothing to escape.
            out.put(s, BoardColumns.moves(s).stream().map(m -> "\"" + m.wire() + "\"")
                    .collect(Collectors.joining(",", "[", "]")));
        }
        return out;
    }
}
