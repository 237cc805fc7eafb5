package vn.onduty.agent.fingerprint;

/**
 * Hears an enrollment's steps as they happen. Called on the sensor's thread, which polls nobody else's
 * finger meanwhile: hand the step off (e.g. to an HTTP executor) instead of blocking.
 */
@FunctionalInterface
public interface ProgressListener {

    void step(EnrollmentStep step, String message);

    ProgressListener NONE = (step, message) -> { };
}
