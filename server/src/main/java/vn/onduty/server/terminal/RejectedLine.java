package vn.onduty.server.terminal;

import java.time.Instant;

/**
 * A line a terminal sent that could not be read, as received, with why ({@code reasonCode} names the kind of problem:
 * fields, pin, time, year, state, verify, workCode, long, userPin, record, rtlog; {@code reason} says it in English),
 * and how often it came.
 */
public record RejectedLine(long id, String tableName, String line, String reasonCode, String reason, Instant firstSeenAt,
                           Instant lastSeenAt, int timesSeen) {}
