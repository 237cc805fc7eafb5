package vn.onduty.agent;

/**
 * Tells the admin's page how a command is going ({@code POST /api/agent/commands/{id}/progress}).
 * Best effort and non-blocking: a step that cannot be sent is logged and dropped, because the result
 * event, not the progress, is what completes a command.
 */
@FunctionalInterface
public interface ProgressReporter {

    String STARTED = "started";
    String PLACE_FINGER = "place_finger";
    String REMOVE_FINGER = "remove_finger";
    String PLACE_AGAIN = "place_again";
    String STORING = "storing";
    String RETRY = "retry";
    /** Ends a command that completes without a result event (a camera snapshot) as failed. */
    String FAILED = "failed";
    String SAMPLING = "sampling";

    /**
     * @param step    one of the constants above
     * @param message what the admin reads, e.g. "Đặt ngón tay lên cảm biến"; may be null
     */
    void step(String step, String message);
}
