package vn.onduty.server.camera;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;

/**
 * "The seat is empty now: sample it for this long" (default 60 s), or "the seat was empty in this snapshot:
 * take it as the reference", for a seat that is never still long enough to sample (a busy walkway behind it).
 */
public record CalibrateRequest(
        @Schema(description = "seconds to sample the empty seat now, 10-600 (default 60); not with snapshotId")
        @Min(10) @Max(600) Integer seconds,
        @Schema(description = "a snapshot of this camera (GET /api/cameras/{id}, not expired) in which the seat was "
                + "empty: its picture becomes the zone's empty-seat reference")
        @Positive Long snapshotId) {

    public static final int DEFAULT_SECONDS = 60;

    public int secondsOrDefault() {
        return seconds == null ? DEFAULT_SECONDS : seconds;
    }

    @Schema(hidden = true)
    @AssertTrue(message = "give seconds or snapshotId, not both")
    public boolean isOneWay() {
        return seconds == null || snapshotId == null;
    }
}
