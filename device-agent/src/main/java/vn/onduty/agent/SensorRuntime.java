package vn.onduty.agent;

import java.util.List;
import java.util.Map;
import vn.onduty.agent.outbox.EventSink;

/**
 * A running piece of hardware support (one fingerprint sensor's loop, say) as the agent starts,
 * watches, commands and stops it. Built by {@link AgentMain#sensorsFrom}.
 */
public interface SensorRuntime {

    /** The agent.yml names of the sensors this runtime drives; commands are routed by them. */
    List<String> sensorNames();

    /** Starts its own thread(s) and returns; everything that happens goes to {@code events}. */
    void start(EventSink events);

    /** One status object per sensor, as {@link StatusSource} describes. */
    List<Map<String, Object>> statuses();

    /**
     * Carries out a command addressed to one of {@link #sensorNames()}; see {@link CommandHandler} for
     * the threading and how the command completes.
     */
    void handle(AgentCommand command, ProgressReporter progress);

    /** Stops its threads and releases the port; returns when done. */
    void stop();
}
