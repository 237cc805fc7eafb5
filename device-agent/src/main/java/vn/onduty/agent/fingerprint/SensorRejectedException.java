package vn.onduty.agent.fingerprint;

/** The module answered a command that must succeed with a non-zero confirmation code. */
public class SensorRejectedException extends SensorException {

    private final int code;

    public SensorRejectedException(String instruction, int code) {
        super(instruction + " refused: " + Confirmation.describe(code));
        this.code = code;
    }

    public int code() {
        return code;
    }

    public Confirmation confirmation() {
        return Confirmation.of(code);
    }
}
