package vn.onduty.agent;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import vn.onduty.agent.fingerprint.SensorLoop;
import vn.onduty.agent.fingerprint.SensorSettings;
import vn.onduty.agent.fingerprint.SensorStatus;
import vn.onduty.agent.outbox.EventSink;

/**
 * One fingerprint sensor as the agent runs it: the {@link SensorLoop} on its serial port, its status
 * for heartbeats and /health, and the server's enroll / delete-slot commands carried out on it.
 */
final class FingerprintSensorRuntime implements SensorRuntime {

    private final SensorLoop loop;
    private final EventSink events;
    private final Clock clock;

    FingerprintSensorRuntime(SensorConfig config, EventSink events, Clock clock) {
        this.events = events;
        this.clock = clock;
        SensorSettings s = SensorSettings.of(config.name(), config.port());
        SensorSettings settings = new SensorSettings(s.name(), s.port(), config.baud(), (int) config.address(),
                (int) config.password(), Duration.ofMillis(config.pollMillis()),
                Duration.ofSeconds(config.duplicateWindowSeconds()), s.reconnectMin(), s.reconnectMax(),
                s.handshakeAttempts(), s.fingerTimeout(), s.enrollAttempts(), s.readAttempts());
        this.loop = new SensorLoop(settings, events, clock);
    }

    @Override
    public List<String> sensorNames() {
        return List.of(loop.name());
    }

    @Override
    public void start(EventSink events) {
        loop.start();
    }

    @Override
    public List<Map<String, Object>> statuses() {
        SensorStatus s = loop.status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("port", s.port());
        m.put("connected", s.connected());
        m.put("capacity", s.capacity());
        m.put("templates", s.templates());
        m.put("unrecognisedTouches", s.unrecognisedTouches());
        m.put("duplicatesIgnored", s.duplicatesIgnored());
        m.put("lastError", s.lastError());
        return List.of(m);
    }

    /** Blocks this command thread until the sensor has finished; the result travels as an outbox event. */
    @Override
    public void handle(AgentCommand command, ProgressReporter progress) {
        try {
            if (AgentCommand.ENROLL.equals(command.type())) {
                loop.enroll(command.id(), (step, message) -> progress.step(step.wireName(), message)).get();
            } else if (AgentCommand.DELETE_SLOT.equals(command.type())) {
                OptionalLong slot = command.number("slot");
                if (slot.isEmpty()) {
                    throw new IllegalArgumentException("delete_slot command " + command.id() + " names no slot");
                }
                loop.deleteSlot(command.id(), (int) slot.getAsLong()).get();
            } else {
                throw new IllegalArgumentException("unknown command type " + command.type());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // The loop emits the result of every command it runs; one that blew up still needs an
            // answer, or the server would list the command as open forever.
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("sensor", loop.name());
            fields.put("commandId", command.id());
            fields.put("ok", false);
            fields.put("error", String.valueOf(e.getCause()));
            boolean enroll = AgentCommand.ENROLL.equals(command.type());
            command.number("slot").ifPresent(slot -> fields.put("slot", slot));
            if (enroll || fields.containsKey("slot")) {
                events.emit(SensorLoop.STREAM, enroll ? "enrollment_result" : "slot_deleted", clock.instant(), fields);
            }
        }
    }

    @Override
    public void stop() {
        loop.close();
    }
}
