package vn.onduty.server.attendance;

import java.time.Instant;
import java.time.LocalDate;

/**
 * An officer's request to correct a day, and its decision. {@code inAt}/{@code outAt} are the punches a
 * MISSING_PUNCH or SENSOR_FAILURE adds when approved; {@code parts} the sessions an OFFICIAL_BUSINESS covers.
 */
public record Correction(long id, long staffId, String staffCode, String staffName, long siteId, long departmentId,
                         LocalDate workDate, Kind kind, Instant inAt, Instant outAt, Parts parts, String reason,
                         Status status, long requestedBy, String requestedByName, Instant requestedAt, Long decidedBy,
                         String decidedByName, Instant decidedAt, String decisionComment) {

    public enum Kind { MISSING_PUNCH, SENSOR_FAILURE, OFFICIAL_BUSINESS }

    public enum Parts { MORNING, AFTERNOON, BOTH }

    public enum Status { PENDING, APPROVED, REJECTED, CANCELLED }

    /** What a supervisor decides. */
    public enum Decision { APPROVE, REJECT }

    public boolean addsPunches() {
        return kind != Kind.OFFICIAL_BUSINESS;
    }
}
