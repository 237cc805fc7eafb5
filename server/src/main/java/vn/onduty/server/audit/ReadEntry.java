package vn.onduty.server.audit;

import java.time.Instant;

/**
 * One look at an officer's records by someone else, as the officer is shown it: when, the account (and the officer
 * behind it, when the account has one), what was read ({@code action} is {@code read.<what>}) and which records.
 */
public record ReadEntry(long id, Instant at, String actor, String actorName, String action, String entityType,
                        String label) {

    /** What was read, e.g. "timesheet", "leave_attachment": the key of its name on the pages. */
    public String what() {
        return action.startsWith("read.") ? action.substring("read.".length()) : action;
    }
}
