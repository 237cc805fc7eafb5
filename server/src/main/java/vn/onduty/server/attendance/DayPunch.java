package vn.onduty.server.attendance;

import java.time.Instant;

/** A punch as attendance counts it: a sensor's ({@code correctionId} null) or a manual one an approved correction added. */
public record DayPunch(Instant at, Long correctionId) {

    public static DayPunch sensor(Instant at) {
        return new DayPunch(at, null);
    }

    public boolean manual() {
        return correctionId != null;
    }
}
