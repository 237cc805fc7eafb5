package vn.onduty.server.camera;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A camera's latest state from its agent's heartbeat; {@code zones} as the agent sent them.
 *
 * @param state streaming, reconnecting or stopped as the agent said; null when its agent does not say
 * @param codec the video codec (h264, hevc...); this and the fields after it as {@link CameraReport} says them
 */
public record CameraStatus(long cameraId, long agentId, String state, boolean connected, Instant lastFrameAt,
                           Long framesAnalysed, Double keyframesPerMinute, Long reconnects, String lastError,
                           JsonNode zones, Instant reportedAt, Instant receivedAt, String codec, Integer width,
                           Integer height, Double keyframeIntervalSeconds, String analysis, Double cpuPercent) {}
