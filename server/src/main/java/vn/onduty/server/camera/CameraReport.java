package vn.onduty.server.camera;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * One camera in the agent's heartbeat: how its stream is doing and what each zone is now.
 *
 * @param state          streaming, reconnecting or stopped; null from an agent that does not say (then
 *                       {@code connected} tells streaming from reconnecting)
 * @param framesAnalysed pictures the agent analysed since it (re)started the camera; null when not said
 * @param codec          the video codec as FFmpeg names it (h264, hevc...); this and the fields after it are null
 *                       from an agent that does not say, or before the stream was first opened
 * @param width          the picture width the camera sends
 * @param height         its height
 * @param keyframeIntervalSeconds the longest of the latest keyframe intervals the agent measured
 * @param analysis       keyframes (decoded alone) or bounded (every packet decoded, a picture analysed every 2 s)
 * @param cpuPercent     CPU of the camera's thread over about the last minute, in % of one core
 */
public record CameraReport(@NotNull Long id,
                           @Pattern(regexp = "streaming|reconnecting|stopped", message = "must be streaming, reconnecting or stopped")
                           String state,
                           boolean connected, Instant lastFrameAt,
                           @PositiveOrZero Long framesAnalysed, Double keyframesPerMinute,
                           Long reconnects, @Size(max = 1000) String lastError,
                           @Size(max = 64) List<@Valid @NotNull ZoneReport> zones,
                           @Size(min = 1, max = 32) String codec, @Positive Integer width, @Positive Integer height,
                           @Positive Double keyframeIntervalSeconds,
                           @Pattern(regexp = "keyframes|bounded", message = "must be keyframes or bounded")
                           String analysis,
                           @PositiveOrZero Double cpuPercent) {

    public record ZoneReport(@NotNull Long id,
                             @Pattern(regexp = "occupied|empty|unknown", message = "must be occupied, empty or unknown")
                             String state,
                             Instant since, Double score) {}
}
