package vn.onduty.agent.camera;

import java.util.Locale;

/** What the agent is doing with a camera, as the heartbeat's {@code state} spells it. */
public enum CameraState {
    /** Video packets arrive and pictures are analysed. */
    STREAMING,
    /** The stream is being opened, or was lost and is opened again after a backoff; {@code lastError} says why. */
    RECONNECTING,
    /** Nothing is watching it: disabled on the server, or its pipeline ended (then {@code lastError} says why). */
    STOPPED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param running   the pipeline has been started and not closed
     * @param alive     its thread still runs
     * @param streaming connected, and no video packet missing for longer than the watchdog allows ({@link StreamLoss})
     */
    static CameraState of(boolean running, boolean alive, boolean streaming) {
        if (!running || !alive) {
            return STOPPED;
        }
        return streaming ? STREAMING : RECONNECTING;
    }
}
