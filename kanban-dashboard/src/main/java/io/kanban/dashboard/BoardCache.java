package io.kanban.dashboard;

import io.kanban.core.model.BoardVersion;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last board rendered for each filter, with the {@link BoardVersion} it was read at. Every change to a task
 * moves that version; {@link BoardHandler} serves an entry only while the board is as it was, or changed only in
 * ways no card shows. A few filters are kept, least recently used first out, to bound memory (each entry is a few
 * MB on a large board).
 */
final class BoardCache {
    static final int DEFAULT_ENTRIES = 4;

    record Filter(String tenant, String assignee, boolean archived, String search, int limit) {
    }

    record Entry(BoardVersion version, byte[] json) {
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

    /** The last board rendered for {@code filter}, whatever version it was read at; null if none. */
    synchronized Entry get(Filter filter) {
        return entries.get(filter);
    }

    synchronized void put(Filter filter, BoardVersion version, byte[] json) {
        entries.put(filter, new Entry(version, json));
    }
}
