package vn.onduty.agent;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.agent.outbox.EventSink;

/**
 * All the agent's {@link SensorRuntime}s seen as one: starts and stops them, merges their statuses,
 * and routes each server command to the runtime that owns the named sensor.
 */
public final class Sensors implements StatusSource, CommandHandler {

    /** The stream the fingerprint side numbers its events in, per docs/agent-protocol.md. */
    static final String FINGERPRINT_STREAM = "fingerprint";

    private static final Logger log = LoggerFactory.getLogger(Sensors.class);

    private final List<SensorRuntime> runtimes;
    private final EventSink events;
    private final Clock clock;

    public Sensors(List<SensorRuntime> runtimes, EventSink events, Clock clock) {
        this.runtimes = List.copyOf(runtimes);
        this.events = events;
        this.clock = clock;
    }

    public void start() {
        for (SensorRuntime runtime : runtimes) {
            runtime.start(events);
            log.info("Started sensor(s) {}", runtime.sensorNames());
        }
    }

    /** Stops every runtime, the last started first; one failing to stop does not keep the others running. */
    public void stop() {
        for (int i = runtimes.size() - 1; i >= 0; i--) {
            SensorRuntime runtime = runtimes.get(i);
            try {
                runtime.stop();
            } catch (RuntimeException e) {
                log.warn("Stopping sensor(s) {} failed: {}", runtime.sensorNames(), e.getMessage(), e);
            }
        }
    }

    public boolean isEmpty() {
        return runtimes.isEmpty();
    }

    @Override
    public List<Map<String, Object>> statuses() {
        List<Map<String, Object>> statuses = new ArrayList<>();
        for (SensorRuntime runtime : runtimes) {
            try {
                statuses.addAll(runtime.statuses());
            } catch (RuntimeException e) {
                // A broken status must not hide the other sensors from the heartbeat and the health page.
                for (String name : runtime.sensorNames()) {
                    Map<String, Object> status = new LinkedHashMap<>();
                    status.put("name", name);
                    status.put("connected", false);
                    status.put("lastError", "status unavailable: " + e.getMessage());
                    statuses.add(status);
                }
            }
        }
        return statuses;
    }

    @Override
    public void handle(AgentCommand command, ProgressReporter progress) {
        for (SensorRuntime runtime : runtimes) {
            if (command.sensor() != null && runtime.sensorNames().contains(command.sensor())) {
                runtime.handle(command, progress);
                return;
            }
        }
        refuseUnknownSensor(command);
    }

    /**
     * A command for a sensor this agent does not drive (renamed in agent.yml, or sent to the wrong site)
     * would stay listed on the server forever; answering it with a failed result event closes it and
     * tells the admin why.
     */
    private void refuseUnknownSensor(AgentCommand command) {
        String error = "this agent has no sensor named '" + command.sensor() + "'";
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sensor", command.sensor() == null ? "(none)" : command.sensor());
        fields.put("commandId", command.id());
        switch (command.type()) {
            case AgentCommand.ENROLL -> {
                fields.put("ok", false);
                fields.put("error", error);
                events.emit(FINGERPRINT_STREAM, "enrollment_result", clock.instant(), fields);
            }
            case AgentCommand.DELETE_SLOT -> {
                fields.put("slot", command.number("slot").orElse(0));
                fields.put("ok", false);
                fields.put("error", error);
                events.emit(FINGERPRINT_STREAM, "slot_deleted", clock.instant(), fields);
            }
            default -> {
                log.error("Command {} of unknown type '{}' for sensor '{}' ignored: this agent cannot report a "
                        + "result for it", command.id(), command.type(), command.sensor());
                return;
            }
        }
        log.warn("Command {} ({}) refused: {}", command.id(), command.type(), error);
    }
}
