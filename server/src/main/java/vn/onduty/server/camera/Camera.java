package vn.onduty.server.camera;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * A camera as people see it: never its username or password, only whether it has them.
 *
 * @param agentId  the device agent that watches it (the only one given it and heard about it); null: none yet
 * @param status   the latest report of its agent's heartbeat, null before the first
 * @param health   what an admin should read from {@code status} now, agent silence included
 * @param advice   what to change in the camera's own settings, from what its agent measured ({@link StreamAdvice})
 * @param refusals events of it the server refused from agents that do not watch it, per agent
 */
public record Camera(long id, long siteId,
                     @Schema(description = "the device agent that watches this camera: the only one given it in "
                             + "GET /api/agent/cameras and whose occupancy events for it are taken; null when none is set")
                     Long agentId,
                     String name, String url, boolean hasUsername, boolean hasPassword,
                     int timeoutSeconds, boolean enabled, String note, Instant createdAt, Instant updatedAt,
                     List<CameraZone> zones, CameraStatus status,
                     @Schema(description = "streaming, reconnecting (see status.lastError), stopped (enabled but not "
                             + "watched by its agent), silent (its agent has not reported it for camera.agentSilentAfter, "
                             + "60 s by default), not_reported (never reported) or disabled",
                             allowableValues = {"streaming", "reconnecting", "stopped", "silent", "not_reported", "disabled"},
                             type = "string")
                     CameraHealth health,
                     @Schema(description = "what to change in the camera's own settings, from what its agent measured: "
                             + "keyframe_interval (keyframes more than 2 s apart: set the I-frame interval to 1-2 s), "
                             + "smart_codec (more than 4 s apart, as H.264+/H.265+/Smart Codec make them: turn it off on "
                             + "the sub-stream used; meanwhile the agent decodes every frame and analyses one every 2 s), "
                             + "sub_stream (a picture larger than 1280x720: use the camera's sub-stream)")
                     List<StreamAdvice> advice,
                     @Schema(description = "occupancy and zone events of this camera refused because the agent that sent "
                             + "them does not watch it, counted per agent with the last reason")
                     List<CameraRefusal> refusals) {

    /** As the audit log keeps it: the camera's settings, without zones, live status or refusals. */
    public Camera forAudit() {
        return new Camera(id, siteId, agentId, name, url, hasUsername, hasPassword, timeoutSeconds, enabled, note,
                createdAt, updatedAt, List.of(), null, null, List.of(), List.of());
    }

    /** Events refused from one agent: how many, when last and why. */
    public record CameraRefusal(long agentId, String agentName, long refused, Instant lastRefusedAt, String lastReason) {}
}
