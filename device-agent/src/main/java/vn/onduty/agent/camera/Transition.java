package vn.onduty.agent.camera;

import java.time.Instant;

/**
 * A zone entered {@code state} at {@code at} (the start of the dwell that confirmed it).
 *
 * @param reason why the state is unknown ({@code agent_start}, {@code stream_lost}, {@code global_change},
 *               {@code not_calibrated}, {@code camera_removed}); null for occupied and empty
 */
public record Transition(ZoneState state, Instant at, double score, String reason) {

    public static final String AGENT_START = "agent_start";
    public static final String STREAM_LOST = "stream_lost";
    public static final String GLOBAL_CHANGE = "global_change";
    public static final String NOT_CALIBRATED = "not_calibrated";
    public static final String CAMERA_REMOVED = "camera_removed";
}
