package vn.onduty.server.punch;

import java.time.Instant;

/**
 * A punch: when, where and whose. From a fingerprint sensor (a recognised touch, timed by the agent's clock:
 * {@code agentId}, {@code sensorId}, {@code sensorName}, {@code slot}, {@code score} set) or from a ZKTeco-family
 * terminal (a record of its attendance log, timed by its clock and read in the site's zone: {@code terminalId},
 * {@code terminalName}, {@code pin} and {@code state}, the punch state the terminal recorded, set). {@code staffId}
 * is the officer enrolled in the slot, or mapped to the PIN, at that moment, or the one an admin assigned
 * ({@code resolvedBy} set); null when unresolved.
 */
public record Punch(long id, Instant at, Long staffId, String staffName, String staffCode, long siteId,
                    String siteTimeZone, Long agentId, Long sensorId, String sensorName, Integer slot, Integer score,
                    Long terminalId, String terminalName, String pin, Integer state, Long resolvedBy,
                    Instant receivedAt) {

    /** The sensor's or the terminal's name, for lists. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public String deviceName() {
        return sensorName != null ? sensorName : terminalName;
    }
}
