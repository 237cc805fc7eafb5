package vn.onduty.agent.fingerprint;

/** A module did not answer as the protocol says: no reply, a refused command, or a broken link. */
public class SensorException extends Exception {

    public SensorException(String message) {
        super(message);
    }

    public SensorException(String message, Throwable cause) {
        super(message, cause);
    }
}
