package io.kanban.dashboard;

import io.kanban.core.model.BoardVersion;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last board rendered for each filter, with the {@link BoardVersion} it was read at. Every change to a task
 * moves that version, so an entry is served only while the board is exactly as it was; a page reloading an idle
 * 10,000-task board costs a version check instead of a full read. A few filters are kept, least recently used
 * first out, to bound memory (each entry is a few MB on a large board).
 */
final class BoardCache {
    static final int DEFAULT_ENTRIES = 4;

    record Filter(String tenant, String assignee, boolean archived) {
    }

    private record Entry(BoardVersion version, byte[] json) {
    }

    private final int capacity;
    private final Map<Filter, Entry> entries;

    BoardCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Filter, Entry> eldest) {
                return size() > BoardCache.this.capacity;
            }
        };
    }

    /** The rendered board for {@code filter} if it was read at {@code current}, else null. */
    synchronized byte[] get(Filter filter, BoardVersion current) {
        Entry e = entries.get(filter);
        return e != null && e.version().equals(current) ? e.json() : null;
    }

    synchronized void put(Filter filter, BoardVersion version, byte[] json) {
        entries.put(filter, new Entry(version, json));
    }
}
