package vn.onduty.agent.camera;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Keeps what a camera's zones reported, in order, for tests to read. */
final class RecordingZoneEvents implements ZoneEvents {

    /** @param seenNanos when the pipeline reported it ({@link System#nanoTime()}) */
    record Seen(long zoneId, Transition transition, long seenNanos) {
    }

    record Calibrated(long zoneId, long commandId, CalibrationOutcome outcome) {
    }

    private final List<Seen> transitions = new ArrayList<>();
    private final List<Long> attention = new ArrayList<>();
    private final List<Calibrated> calibrations = new ArrayList<>();

    @Override
    public synchronized void transition(CameraSpec camera, ZoneSpec zone, Transition transition) {
        transitions.add(new Seen(zone.id(), transition, System.nanoTime()));
    }

    @Override
    public synchronized void attention(CameraSpec camera, ZoneSpec zone) {
        attention.add(zone.id());
    }

    @Override
    public synchronized void calibrated(CameraSpec camera, ZoneSpec zone, long commandId, CalibrationOutcome outcome) {
        calibrations.add(new Calibrated(zone.id(), commandId, outcome));
    }

    synchronized List<Transition> of(long zoneId) {
        return transitions.stream().filter(s -> s.zoneId() == zoneId).map(Seen::transition).toList();
    }

    synchronized List<Seen> all() {
        return List.copyOf(transitions);
    }

    synchronized List<Calibrated> calibrations() {
        return List.copyOf(calibrations);
    }

    /** Waits until some recorded transition matches. */
    void await(Predicate<Seen> condition, Duration within, String what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            synchronized (this) {
                if (transitions.stream().anyMatch(condition)) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + within + "; saw " + all());
            }
            Thread.sleep(20);
        }
    }
}
