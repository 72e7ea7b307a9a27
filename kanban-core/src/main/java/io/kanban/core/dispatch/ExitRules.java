package io.kanban.core.dispatch;

import io.kanban.core.spi.WorkerExit;
import java.util.Locale;
import java.util.Optional;

/**
 * The reference's rules for a worker that died while its task was still running (HERMES-UPSTREAM §5): what its
 * exit code means and how its error is grouped. Exit 75 (EX_TEMPFAIL) is a provider's rate limit, not the task's
 * fault; exit 78 (EX_CONFIG) a terminal provider error (credential revoked, model gone) that no retry heals; exit 0
 * without a report a protocol violation with a budget of its own; anything else a crash.
 */
public final class ExitRules {
    /** The worker's exit code for "provider rate-limited or unavailable": requeued without counting a failure. */
    public static final int RATE_LIMIT_EXIT_CODE = 75;
    /** The worker's exit code for "the provider rejected this profile's credential or model": trips at once. */
    public static final int TERMINAL_PROVIDER_EXIT_CODE = 78;
    /** Clean exits without a report in a row (rate limits between them not counting) that trip the breaker. */
    public static final int PROTOCOL_VIOLATION_LIMIT = 3;
    /** Crashes with one error fingerprint in one tick that trip the breaker at once: the cause is systemic. */
    public static final int IDENTICAL_ERRORS_LIMIT = 3;
    /** How much of an error the fingerprint keeps. */
    static final int FINGERPRINT_CHARS = 80;
    /** How much of the worker's last output the recorded error carries. */
    static final int OUTPUT_CHARS = 400;

    static final String PROTOCOL_VIOLATION_ERROR = "worker exited cleanly (rc=0) without kanban_complete, kanban_block"
            + " or kanban_request_review: protocol violation. If an earlier run already did the work, check it and"
            + " report it with kanban_complete (or kanban_request_review); a run without a final kanban call counts"
            + " as failed whatever it did.";

    private ExitRules() {
    }

    /** What an exit means. */
    public enum Kind {
        /** Exit 0 while the task was still running. */
        CLEAN_EXIT,
        /** Exit 75. */
        RATE_LIMITED,
        /** Exit 78. */
        TERMINAL_PROVIDER,
        /** Any other exit code. */
        NONZERO_EXIT,
        /** Killed by a signal, or nobody saw how it ended. */
        UNKNOWN;

        /**
         * @return the lower-case name
         */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * What an exit code means.
         *
         * @param exitCode the exit code, or null when unknown
         * @return the kind
         */
        public static Kind of(Integer exitCode) {
            if (exitCode == null) {
                return UNKNOWN;
            }
            return switch (exitCode) {
                case 0 -> CLEAN_EXIT;
                case RATE_LIMIT_EXIT_CODE -> RATE_LIMITED;
                case TERMINAL_PROVIDER_EXIT_CODE -> TERMINAL_PROVIDER;
                default -> NONZERO_EXIT;
            };
        }
    }

    /**
     * A dead worker judged: its kind, exit code (or null) and the error its run records. {@code informative}: the
     * error says more than "this pid is gone" (an exit code or the worker's output), so identical errors point to
     * one cause; bare disappearances (a host restart takes every worker at once) never count as identical errors.
     */
    public record Judged(Kind kind, Integer exitCode, String error, boolean informative) {
    }

    /**
     * Judges a dead worker from what the host knows of its exit.
     *
     * @param pid the worker's process id
     * @param exit how it exited, when the host knows
     * @return the judgement
     */
    public static Judged judge(long pid, Optional<WorkerExit> exit) {
        Integer code = exit.map(WorkerExit::exitCode).orElse(null);
        Kind kind = Kind.of(code);
        String output = exit.map(WorkerExit::lastOutput).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.length() <= OUTPUT_CHARS ? s : s.substring(s.length() - OUTPUT_CHARS)).orElse(null);
        String error = switch (kind) {
            case CLEAN_EXIT -> PROTOCOL_VIOLATION_ERROR;
            case RATE_LIMITED -> "pid " + pid + " exited rate-limited (exit " + code
                    + "): requeued without counting a failure";
            case TERMINAL_PROVIDER -> "pid " + pid + " exited on a terminal provider error (exit " + code
                    + "): the provider rejected this profile's credential or model; fix the configuration, then"
                    + " unblock";
            case NONZERO_EXIT -> "pid " + pid + " exited with code " + code;
            case UNKNOWN -> "pid " + pid + " exited without reporting";
        };
        if (output != null && kind != Kind.RATE_LIMITED) {
            error = error + (error.endsWith(".") ? "" : ".") + " Worker's last output: " + output;
        }
        return new Judged(kind, code, error, code != null || output != null);
    }

    /**
     * The error with what varies between workers taken out (pids, epoch timestamps), so errors with one root cause
     * group together.
     *
     * @param error the error
     * @return the fingerprint
     */
    public static String fingerprint(String error) {
        String head = error.length() <= FINGERPRINT_CHARS ? error : error.substring(0, FINGERPRINT_CHARS);
        return head.replaceAll("\\bpid \\d+\\b", "pid N").replaceAll("\\b\\d{10,}\\b", "<TS>")
                .toLowerCase(Locale.ROOT).strip();
    }
}
