package vn.onduty.agent.fingerprint;

/** No acceptable acknowledge arrived in time; the module may be booting, busy, or gone quiet. */
public class SensorTimeoutException extends SensorException {

    public SensorTimeoutException(String message) {
        super(message);
    }
}
