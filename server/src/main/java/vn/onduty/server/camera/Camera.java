package vn.onduty.server.camera;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * A camera as people see it: never its username or password, only whether it has them.
 *
 * @param status the latest report of its agent's heartbeat, null before the first
 * @param health what an admin should read from {@code status} now, agent silence included
 */
public record Camera(long id, long siteId, String name, String url, boolean hasUsername, boolean hasPassword,
                     int timeoutSeconds, boolean enabled, String note, Instant createdAt, Instant updatedAt,
                     List<CameraZone> zones, CameraStatus status,
                     @Schema(description = "streaming, reconnecting (see status.lastError), stopped (enabled but not "
                             + "watched by its agent), silent (its agent has not reported it for camera.agentSilentAfter, "
                             + "60 s by default), not_reported (never reported) or disabled",
                             allowableValues = {"streaming", "reconnecting", "stopped", "silent", "not_reported", "disabled"},
                             type = "string")
                     CameraHealth health) {

    /** As the audit log keeps it: the camera's settings, without zones or live status. */
    public Camera forAudit() {
        return new Camera(id, siteId, name, url, hasUsername, hasPassword, timeoutSeconds, enabled, note, createdAt,
                updatedAt, List.of(), null, null);
    }
}
