package vn.onduty.server.punch;

import java.time.Instant;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A punch: when, where and whose. From a fingerprint sensor (a recognised touch, timed by the agent's clock:
 * {@code agentId}, {@code sensorId}, {@code sensorName}, {@code slot}, {@code score} set) or from a ZKTeco-family
 * terminal (a record of its attendance log, timed by its clock and read in the site's zone: {@code terminalId},
 * {@code terminalName}, {@code pin} and {@code state}, the punch state the terminal recorded, set). {@code staffId}
 * is the officer enrolled in the slot, or mapped to the PIN, at that moment, or the one an admin assigned
 * ({@code resolvedBy} set); null when unresolved.
 *
 * @param timeFlag       why its device time was not believed when it arrived ({@code ahead}, {@code before_horizon});
 *                       null when it was. A flagged punch counts for attendance only once accepted.
 * @param timeAcceptedAt when an admin accepted its flagged time; null while not
 */
public record Punch(long id, Instant at, Long staffId, String staffName, String staffCode, long siteId,
                    String siteTimeZone, Long agentId, Long sensorId, String sensorName, Integer slot, Integer score,
                    Long terminalId, String terminalName, String pin, Integer state, Long resolvedBy,
                    Instant receivedAt,
                    @Schema(description = "ahead (more than deviceTime.maxAhead after the server's clock when it arrived) "
                            + "or before_horizon (earlier than deviceTime.horizon); null: its time was believed",
                            allowableValues = {"ahead", "before_horizon"}, nullable = true)
                    String timeFlag,
                    Instant timeAcceptedAt) {

    /** Whether attendance counts it: its time was believed, or an admin accepted it. */
    public boolean counted() {
        return timeFlag == null || timeAcceptedAt != null;
    }

    /** The sensor's or the terminal's name, for lists. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public String deviceName() {
        return sensorName != null ? sensorName : terminalName;
    }
}
