package vn.onduty.server.occupancy;

import java.time.Instant;

/**
 * A stretch of time in which one zone (the seat of {@code counterId} in one camera) was occupied,
 * empty or unknown. {@code end} is null while it lasts; {@code reason} says why an unknown one is.
 */
public record OccupancyInterval(long id, long zoneId, long counterId, long cameraId, String state, String reason,
                                Instant start, Instant end) {}
