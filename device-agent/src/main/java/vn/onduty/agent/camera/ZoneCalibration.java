package vn.onduty.agent.camera;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A zone's empty-seat reference and the statistics of its empty scores, built from keyframes taken
 * while the seat was empty. The threshold is {@code mean + K × sd}, never below {@link #MIN_THRESHOLD}:
 * a perfectly still synthetic scene has sd 0, and a real one needs room for compression noise.
 *
 * @param reference  the working-size picture (whole frame; only the zone's pixels are compared)
 * @param frameMean  the reference picture's mean brightness, for brightness matching
 * @param polygon    the polygon the reference was made for; a changed polygon needs a new calibration
 * @param snapshotId the admin's snapshot the reference was made from ({@link #fromSnapshot}); null when sampled
 */
public record ZoneCalibration(GrayImage reference, double frameMean, List<ZoneSpec.Point> polygon, int samples,
                              double mean, double sd, double threshold, Instant calibratedAt, Long snapshotId) {

    public static final double K = 5.0;
    public static final double MIN_THRESHOLD = 0.08;
    /** Mean empty score above which the samples cannot have been of an empty, still seat. */
    public static final double MAX_EMPTY_MEAN = 0.25;
    public static final int MIN_SAMPLES = 3;
    /**
     * The threshold of a reference made from one snapshot, which has no spread of empty scores to learn from:
     * room for a picture taken another way (a JPEG scaled by the agent rather than the decoder's own picture)
     * and for people passing behind the seat, while a seated person changes most of a seat zone.
     */
    public static final double SNAPSHOT_THRESHOLD = 0.15;

    public ZoneCalibration {
        polygon = List.copyOf(polygon);
    }

    /** The calibration failed: too few keyframes, or the seat did not look empty and still. */
    public static final class CalibrationException extends Exception {
        private static final long serialVersionUID = 1L;

        public CalibrationException(String message) {
            super(message);
        }
    }

    /** Builds the reference from keyframes of the empty seat, in the order they were taken. */
    public static ZoneCalibration from(List<GrayImage> keyframes, ZoneSpec zone, ZoneMask mask, Instant at)
            throws CalibrationException {
        if (keyframes.size() < MIN_SAMPLES) {
            throw new CalibrationException("only " + keyframes.size() + " pictures arrived while sampling; at least "
                    + MIN_SAMPLES + " are needed (is the camera streaming?)");
        }
        if (mask.isEmpty()) {
            throw new CalibrationException("the zone's polygon covers no pixel of the picture");
        }
        GrayImage reference = GrayImage.mean(keyframes);
        double frameMean = reference.mean();
        List<Double> scores = new ArrayList<>();
        GrayImage previous = null;
        for (GrayImage keyframe : keyframes) {
            scores.add(ZoneScorer.score(keyframe, previous, mask, reference, frameMean));
            previous = keyframe;
        }
        double mean = scores.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double variance = scores.stream().mapToDouble(s -> (s - mean) * (s - mean)).sum() / scores.size();
        double sd = Math.sqrt(variance);
        if (mean > MAX_EMPTY_MEAN) {
            throw new CalibrationException(String.format(java.util.Locale.ROOT,
                    "the zone kept changing while it was sampled (mean score %.3f): was the seat empty and the "
                            + "camera still?", mean));
        }
        double threshold = Math.max(MIN_THRESHOLD, mean + K * sd);
        return new ZoneCalibration(reference, frameMean, zone.polygon(), keyframes.size(), mean, sd, threshold, at, null);
    }

    /**
     * The reference an admin picked: a snapshot taken while the seat was empty, already at working size
     * ({@link SnapshotReference}). One picture, so the statistics are those of one empty sample (mean and sd 0)
     * and the threshold is {@link #SNAPSHOT_THRESHOLD}.
     */
    public static ZoneCalibration fromSnapshot(GrayImage reference, ZoneSpec zone, ZoneMask mask, Instant at,
                                               long snapshotId) throws CalibrationException {
        if (mask.isEmpty()) {
            throw new CalibrationException("the zone's polygon covers no pixel of the picture");
        }
        return new ZoneCalibration(reference, reference.mean(), zone.polygon(), 1, 0, 0, SNAPSHOT_THRESHOLD, at,
                snapshotId);
    }

    public boolean fits(ZoneSpec zone, GrayImage image) {
        return polygon.equals(zone.polygon()) && reference.sameSize(image);
    }

    public ZoneCalibration withReference(GrayImage newReference) {
        return new ZoneCalibration(newReference, frameMean, polygon, samples, mean, sd, threshold, calibratedAt,
                snapshotId);
    }
}
