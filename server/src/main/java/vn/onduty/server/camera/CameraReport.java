package vn.onduty.server.camera;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * One camera in the agent's heartbeat: how its stream is doing and what each zone is now.
 *
 * @param state          streaming, reconnecting or stopped; null from an agent that does not say (then
 *                       {@code connected} tells streaming from reconnecting)
 * @param framesAnalysed keyframes the agent analysed since it (re)started the camera; null when not said
 */
public record CameraReport(@NotNull Long id,
                           @Pattern(regexp = "streaming|reconnecting|stopped", message = "must be streaming, reconnecting or stopped")
                           String state,
                           boolean connected, Instant lastFrameAt,
                           @PositiveOrZero Long framesAnalysed, Double keyframesPerMinute,
                           Long reconnects, @Size(max = 1000) String lastError,
                           @Size(max = 64) List<@Valid @NotNull ZoneReport> zones) {

    public record ZoneReport(@NotNull Long id,
                             @Pattern(regexp = "occupied|empty|unknown", message = "must be occupied, empty or unknown")
                             String state,
                             Instant since, Double score) {}
}
