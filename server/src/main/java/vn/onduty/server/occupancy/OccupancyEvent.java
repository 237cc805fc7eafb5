package vn.onduty.server.occupancy;

import java.time.Instant;

/** A validated {@code occupancy} event of the agent protocol: from {@code at} on, the zone is in {@code state}. */
public record OccupancyEvent(String stream, long seq, long cameraId, long zoneId, long counterId, String state,
                             String reason, Double score, Instant at) {}
