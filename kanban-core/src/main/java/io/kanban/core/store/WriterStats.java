package io.kanban.core.store;

/**
 * What the group-committing writer of a SQLite board has done since the board opened: how many transactions it
 * committed, how many writes they carried, and where its time went. Counters only grow; subtract an earlier
 * reading with {@link #since} to describe one stretch of work.
 *
 * @param commits    transactions committed (or rolled back) by the writer
 * @param writes     writes they carried; writes per commit shows how well concurrent writers were grouped
 * @param busyNanos  time the writer spent running transactions, from BEGIN to the end of COMMIT, less the time
 *                   an open batch waited for more writes to arrive
 * @param commitNanos the part of it spent in COMMIT itself, which appends every changed page to the log
 */
public record WriterStats(long commits, long writes, long busyNanos, long commitNanos) {

    /**
     * The work done between {@code earlier} and this reading.
     *
     * @param earlier an earlier reading of the same writer
     * @return the difference
     */
    public WriterStats since(WriterStats earlier) {
        return new WriterStats(commits - earlier.commits, writes - earlier.writes, busyNanos - earlier.busyNanos,
                commitNanos - earlier.commitNanos);
    }

    /**
     * The mean number of writes one commit carried.
     *
     * @return writes per commit, 0 before the first commit
     */
    public double writesPerCommit() {
        return commits == 0 ? 0 : (double) writes / commits;
    }

    /**
     * Mean time of one COMMIT, in microseconds.
     *
     * @return the mean, 0 before the first commit
     */
    public double commitMicros() {
        return commits == 0 ? 0 : commitNanos / 1e3 / commits;
    }

    /**
     * The share of {@code wallNanos} the writer was busy, in percent.
     *
     * @param wallNanos the stretch of time, in nanoseconds
     * @return the percentage, 0 for an empty stretch
     */
    public double busyPercent(long wallNanos) {
        return wallNanos <= 0 ? 0 : 100.0 * busyNanos / wallNanos;
    }
}
