package io.kanban.core.model;

import java.time.Instant;

/**
 * What a rich card shows beyond its row, read in bulk for the cards on screen: since when it stands in its column
 * ({@code inColumnSince}, the newest status-setting event, else its creation), its children done of all
 * ({@code childrenDone}/{@code children}), its unfinished and all parents, its comments, the first line of its
 * latest run summary ({@code latestSummary}, null when no run left one). Failures, skills and the due time are
 * on the card itself ({@link TaskCard}).
 */
public record CardFacts(
        String taskId,
        Instant inColumnSince,
        int children,
        int childrenDone,
        int parents,
        int comments,
        String latestSummary) {

    /** The longest summary line a card carries. */
    public static final int SUMMARY_LINE_MAX = 200;

    /**
     * The first line of {@code text}, at most {@code max} characters; null stays null.
     *
     * @param text the text, or null
     * @param max the most characters kept
     * @return the shortened first line, or null
     */
    public static String firstLine(String text, int max) {
        if (text == null) {
            return null;
        }
        String line = text.strip();
        int nl = line.indexOf('\n');
        if (nl >= 0) {
            line = line.substring(0, nl).strip();
        }
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}
