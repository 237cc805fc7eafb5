package vn.onduty.agent.camera;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One zone inside a running camera: scores each keyframe against the zone's empty-seat reference, feeds
 * its {@link OccupancyStateMachine}, runs calibrations, and lets the reference follow slow changes
 * while (and only while) the seat is confirmed empty. Used on the camera's thread under the camera's lock.
 */
final class ZoneWatch {

    /** How far the reference moves towards a settled-empty keyframe: half-life of about a minute at 2 s keyframes. */
    static final double LEARNING_RATE = 0.02;

    private final CameraSpec camera;
    private final ZoneSpec zone;
    private final ZoneMask mask;
    private final OccupancyStateMachine machine;
    private final CalibrationStore store;
    private final ZoneEvents events;
    private final Duration autoCalibrateAfter;
    private ZoneCalibration calibration;
    private Sampling sampling;
    /** Keyframes of an unbroken still spell, for auto-calibration; null when auto-calibration is off. */
    private List<GrayImage> stillSpell;
    private Instant stillSpellStart;

    /** A calibration command in progress. */
    private static final class Sampling {
        final long commandId;
        final Duration length;
        final Instant deadline;
        final CalibrationProgress progress;
        final List<GrayImage> keyframes = new ArrayList<>();
        Instant start;
        long lastReportedSecond = -10;

        Sampling(long commandId, Duration length, Instant deadline, CalibrationProgress progress) {
            this.commandId = commandId;
            this.length = length;
            this.deadline = deadline;
            this.progress = progress;
        }
    }

    /**
     * @param autoCalibrateAfter when not null, a zone with no usable calibration takes its first still
     *                           spell this long as the empty-seat reference (agent.yml camera.autoCalibrate)
     */
    ZoneWatch(CameraSpec camera, ZoneSpec zone, ZoneMask mask, OccupancyStateMachine machine, CalibrationStore store,
              ZoneEvents events, Duration autoCalibrateAfter) {
        this.camera = camera;
        this.zone = zone;
        this.mask = mask;
        this.machine = machine;
        this.store = store;
        this.events = events;
        this.autoCalibrateAfter = autoCalibrateAfter;
        this.calibration = store.load(camera.id(), zone.id()).filter(c -> c.polygon().equals(zone.polygon())).orElse(null);
        if (calibration == null && autoCalibrateAfter != null && !zone.calibrated()) {
            stillSpell = new ArrayList<>();
        }
    }

    ZoneSpec zone() {
        return zone;
    }

    OccupancyStateMachine machine() {
        return machine;
    }

    boolean calibrated() {
        return calibration != null;
    }

    /** One keyframe (blurred, working size) taken at {@code at}; {@code previous} is the keyframe before it. */
    void frame(Instant at, GrayImage image, GrayImage previous) {
        if (sampling != null) {
            sample(at, image);
        }
        if (calibration != null && !calibration.reference().sameSize(image)) {
            calibration = null;
        }
        if (calibration == null) {
            watchForAutoCalibration(at, image, previous);
            emit(machine.unknown(at, Transition.NOT_CALIBRATED));
            return;
        }
        double score = ZoneScorer.score(image, previous, mask, calibration.reference(), calibration.frameMean());
        boolean motionless = previous != null && ZoneScorer.motion(image, previous, mask) < ZoneScorer.STILL;
        emit(machine.observe(at, score, calibration.threshold(), motionless));
        if (machine.takeAttention()) {
            events.attention(camera, zone);
        }
        if (machine.settledEmpty() && motionless && score < calibration.threshold() * 0.5) {
            calibration = calibration.withReference(calibration.reference().blendedTowards(image, mask, LEARNING_RATE));
        }
    }

    /** The picture cannot be judged from {@code at} on (stream lost, global change). */
    void unknown(Instant at, String reason) {
        emit(machine.unknown(at, reason));
        if (stillSpell != null) {
            stillSpell.clear();
        }
    }

    void startCalibration(long commandId, Duration length, Instant deadline, CalibrationProgress progress) {
        if (sampling != null) {
            finishSampling("replaced by calibration command " + commandId);
        }
        sampling = new Sampling(commandId, length, deadline, progress);
        progress.step(CalibrationProgress.STARTED, "Đang lấy mẫu chỗ ngồi trống trong " + length.toSeconds() + " s");
    }

    /**
     * Takes an admin's snapshot of the empty seat as the reference at once ({@link ZoneCalibration#fromSnapshot}),
     * replacing a sampling under way; ends the command either way.
     */
    void calibrateFromSnapshot(long commandId, GrayImage reference, Instant at, long snapshotId) {
        if (sampling != null) {
            finishSampling("replaced by calibration command " + commandId + " from a snapshot");
        }
        ZoneEvents.CalibrationOutcome outcome;
        try {
            ZoneCalibration made = ZoneCalibration.fromSnapshot(reference, zone, mask, at, snapshotId);
            store.save(camera.id(), zone.id(), made);
            calibration = made;
            stillSpell = null;
            outcome = new ZoneEvents.CalibrationOutcome(made, null);
        } catch (ZoneCalibration.CalibrationException | RuntimeException e) {
            outcome = new ZoneEvents.CalibrationOutcome(null, e.getMessage());
        }
        events.calibrated(camera, zone, commandId, outcome);
    }

    /** Ends a calibration command that could not start. */
    void failCalibration(long commandId, String why) {
        events.calibrated(camera, zone, commandId, new ZoneEvents.CalibrationOutcome(null, why));
    }

    /** Fails a calibration that cannot finish (stream gone too long, camera stopped). */
    void abandonCalibration(String why) {
        if (sampling != null) {
            finishSampling(why);
        }
    }

    /** Fails a calibration whose deadline passed by {@code now} (the camera delivered too little). */
    void checkCalibrationDeadline(Instant now) {
        if (sampling != null && now.isAfter(sampling.deadline)) {
            finishSampling("the camera delivered " + sampling.keyframes.size()
                    + " pictures before the deadline; calibration needs a streaming camera");
        }
    }

    private void sample(Instant at, GrayImage image) {
        Sampling s = sampling;
        if (s.start == null) {
            s.start = at;
        }
        s.keyframes.add(image);
        long second = Duration.between(s.start, at).toSeconds();
        if (second / 10 != s.lastReportedSecond / 10) {
            s.lastReportedSecond = second;
            s.progress.step(CalibrationProgress.SAMPLING, Math.min(second, s.length.toSeconds()) + "/" + s.length.toSeconds() + " s");
        }
        if (!Duration.between(s.start, at).minus(s.length).isNegative()) {
            finishSampling(null);
        }
    }

    /** Ends the sampling: builds the reference when {@code error} is null and enough keyframes came. */
    private void finishSampling(String error) {
        Sampling s = sampling;
        sampling = null;
        ZoneEvents.CalibrationOutcome outcome;
        if (error != null) {
            outcome = new ZoneEvents.CalibrationOutcome(null, error);
        } else {
            try {
                ZoneCalibration made = ZoneCalibration.from(s.keyframes, zone, mask, s.start.plus(s.length));
                store.save(camera.id(), zone.id(), made);
                calibration = made;
                stillSpell = null;
                outcome = new ZoneEvents.CalibrationOutcome(made, null);
            } catch (ZoneCalibration.CalibrationException e) {
                outcome = new ZoneEvents.CalibrationOutcome(null, e.getMessage());
            } catch (RuntimeException e) {
                outcome = new ZoneEvents.CalibrationOutcome(null, e.getMessage());
            }
        }
        events.calibrated(camera, zone, s.commandId, outcome);
    }

    /**
     * The demo (and an installer who opts in) runs without a calibration command: the first spell of
     * {@code autoCalibrateAfter} in which nothing moved inside the zone is taken as the empty seat.
     * A seated person always moves a little between keyframes; an empty chair does not.
     */
    private void watchForAutoCalibration(Instant at, GrayImage image, GrayImage previous) {
        if (stillSpell == null) {
            return;
        }
        boolean still = previous != null && ZoneScorer.motion(image, previous, mask) < ZoneScorer.STILL;
        if (!still) {
            stillSpell.clear();
            stillSpellStart = null;
            return;
        }
        if (stillSpell.isEmpty()) {
            stillSpellStart = at;
        }
        stillSpell.add(image);
        if (!Duration.between(stillSpellStart, at).minus(autoCalibrateAfter).isNegative()) {
            try {
                ZoneCalibration made = ZoneCalibration.from(stillSpell, zone, mask, at);
                store.save(camera.id(), zone.id(), made);
                calibration = made;
                stillSpell = null;
            } catch (ZoneCalibration.CalibrationException | RuntimeException e) {
                stillSpell.clear();
                stillSpellStart = null;
            }
        }
    }

    private void emit(Optional<Transition> transition) {
        transition.ifPresent(t -> events.transition(camera, zone, t));
    }
}
