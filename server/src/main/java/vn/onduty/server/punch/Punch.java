package vn.onduty.server.punch;

import java.time.Instant;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A recognised touch: when (agent clock), where (site, sensor, slot), and whose. {@code staffId} is the
 * officer enrolled at that moment, or the one an admin assigned ({@code resolvedBy} set); null when unresolved.
 *
 * @param timeFlag       why its device time was not believed when it arrived ({@code ahead}, {@code before_horizon});
 *                       null when it was. A flagged punch counts for attendance only once accepted.
 * @param timeAcceptedAt when an admin accepted its flagged time; null while not
 */
public record Punch(long id, Instant at, Long staffId, String staffName, String staffCode, long siteId,
                    String siteTimeZone, long agentId, long sensorId, String sensorName, int slot, int score,
                    Long resolvedBy, Instant receivedAt,
                    @Schema(description = "ahead (more than deviceTime.maxAhead after the server's clock when it arrived) "
                            + "or before_horizon (earlier than deviceTime.horizon); null: its time was believed",
                            allowableValues = {"ahead", "before_horizon"}, nullable = true)
                    String timeFlag,
                    Instant timeAcceptedAt) {

    /** Whether attendance counts it: its time was believed, or an admin accepted it. */
    public boolean counted() {
        return timeFlag == null || timeAcceptedAt != null;
    }
}
