package vn.onduty.server.org.agent;

import java.time.Instant;
import vn.onduty.server.org.activation.Activatable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A device agent: the machine identity of one site computer. {@code tokenPrefix} identifies its token without
 * revealing it.
 *
 * @param clockOffsetMs how far the agent's clock was ahead of the server's (negative: behind) at its last heartbeat
 *                          that was measured ({@code clockCheckedAt}); null before the first
 */
public record Agent(long id, long siteId, String name, String tokenPrefix, boolean active,
                    Instant createdAt, Instant updatedAt, Instant lastSeenAt,
                    @Schema(description = "the agent's clock minus the server's at its last measured heartbeat, in ms; "
                            + "punches stamped more than deviceTime.maxAhead ahead are flagged", nullable = true)
                    Long clockOffsetMs,
                    Instant clockCheckedAt) implements Activatable {

    /** Whether its clock is off by more than a minute, when the agent itself warns. */
    public boolean clockOff() {
        return clockOffsetMs != null && Math.abs(clockOffsetMs) > 60_000;
    }
}
