package vn.onduty.server.camera;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A camera's latest state from its agent's heartbeat; {@code zones} as the agent sent them. */
public record CameraStatus(long cameraId, long agentId, boolean connected, Instant lastFrameAt,
                           Double keyframesPerMinute, Long reconnects, String lastError, JsonNode zones,
                           Instant reportedAt, Instant receivedAt) {}
