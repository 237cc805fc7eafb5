package vn.onduty.server.camera;

import java.time.Instant;
import java.util.List;

/**
 * A camera as people see it: never its username or password, only whether it has them.
 *
 * @param status the latest report of its agent's heartbeat, null before the first
 */
public record Camera(long id, long siteId, String name, String url, boolean hasUsername, boolean hasPassword,
                     int timeoutSeconds, boolean enabled, String note, Instant createdAt, Instant updatedAt,
                     List<CameraZone> zones, CameraStatus status) {

    /** As the audit log keeps it: the camera's settings, without zones or live status. */
    public Camera forAudit() {
        return new Camera(id, siteId, name, url, hasUsername, hasPassword, timeoutSeconds, enabled, note, createdAt,
                updatedAt, List.of(), null);
    }
}
