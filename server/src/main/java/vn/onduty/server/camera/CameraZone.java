package vn.onduty.server.camera;

import java.time.Instant;
import java.util.List;

/**
 * The seat of one counter in one camera's image, with what the agent's last calibration found and
 * whether the agent thinks the zone needs a new one.
 */
public record CameraZone(long id, long cameraId, long counterId, int counterNumber, String counterName,
                         List<List<Double>> polygon, boolean calibrated, Integer calibrationSamples,
                         Double calibrationMean, Double calibrationSd, Double calibrationThreshold,
                         Instant calibratedAt, String attentionReason, Instant attentionAt,
                         Instant createdAt, Instant updatedAt, Instant removedAt) {}
