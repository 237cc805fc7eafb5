package vn.onduty.agent.fingerprint;

/** The port itself failed: it could not be opened, vanished (USB unplugged), or refused a write. */
public class SensorLinkException extends SensorException {

    public SensorLinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
