package vn.onduty.agent.camera;

/** Live steps of a calibration command for the admin's page ({@code started}, {@code sampling} "12/60 s"). */
@FunctionalInterface
public interface CalibrationProgress {

    String STARTED = "started";
    String SAMPLING = "sampling";

    void step(String step, String message);
}
