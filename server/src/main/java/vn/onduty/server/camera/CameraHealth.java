package vn.onduty.server.camera;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * How a camera is doing as an admin needs to read it at a glance: what its agent last said, unless the
 * agent has stopped saying anything. Silence uses the live board's rule ({@code camera.agentSilentAfter}
 * since the server last received the camera's report), so the admin's page and the board agree.
 */
public enum CameraHealth {
    /** Its agent reports keyframes arriving. */
    STREAMING,
    /** Its agent is opening the stream again after a failure; the status's {@code lastError} says which. */
    RECONNECTING,
    /** Enabled, but its agent reports it watches nothing (its pipeline ended, or the agent has not taken the change). */
    STOPPED,
    /** Its agent has not reported it for longer than {@code camera.agentSilentAfter}: agent down, or cut off. */
    SILENT,
    /** Enabled, and no agent has ever reported it. */
    NOT_REPORTED,
    /** Turned off by an admin: nothing is expected of it. */
    DISABLED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether an admin should look at it: anything but streaming or disabled. */
    public boolean needsAttention() {
        return this != STREAMING && this != DISABLED;
    }

    static CameraHealth of(boolean enabled, CameraStatus status, Instant now, Duration silentAfter) {
        if (!enabled) {
            return DISABLED;
        }
        if (status == null) {
            return NOT_REPORTED;
        }
        if (status.receivedAt().isBefore(now.minus(silentAfter))) {
            return SILENT;
        }
        if (status.state() == null) {
            return status.connected() ? STREAMING : RECONNECTING;
        }
        return valueOf(status.state().toUpperCase(Locale.ROOT));
    }
}
