package vn.onduty.agent.camera;

/**
 * Where a camera's zones report what they found; {@link Cameras} turns each call into an outbox event
 * on the camera's stream. Called on the camera's own thread (or the watchdog's), one call at a time per camera.
 */
public interface ZoneEvents {

    /** The zone's state changed: an {@code occupancy} event. */
    void transition(CameraSpec camera, ZoneSpec zone, Transition transition);

    /** The zone looked different but motionless for long: a {@code zone_attention} event. */
    void attention(CameraSpec camera, ZoneSpec zone);

    /** A calibration command finished: a {@code zone_calibrated} event. */
    void calibrated(CameraSpec camera, ZoneSpec zone, long commandId, CalibrationOutcome outcome);

    /**
     * How a calibration command ended.
     *
     * @param calibration the new reference when it worked; null when not
     * @param error       why not, for the admin; null when it worked
     */
    record CalibrationOutcome(ZoneCalibration calibration, String error) {

        public boolean ok() {
            return calibration != null;
        }
    }
}
