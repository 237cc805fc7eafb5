package vn.onduty.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.onduty.agent.outbox.EventSink;

class SensorsTest {

    private static final Instant NOW = Instant.parse("2026-11-26T01:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** What was emitted, one line per event. */
    private final List<String> emitted = new ArrayList<>();
    private final EventSink sink = (stream, type, at, fields) -> {
        emitted.add(stream + " " + type + " " + at + " " + fields);
        return emitted.size();
    };

    /** A runtime that records what it is asked to do. */
    private static final class Recording implements SensorRuntime {
        final String name;
        final List<String> log;
        boolean brokenStatus;

        Recording(String name) {
            this(name, new ArrayList<>());
        }

        Recording(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override
        public List<String> sensorNames() {
            return List.of(name);
        }

        @Override
        public void start(EventSink events) {
            log.add("start " + name);
        }

        @Override
        public List<Map<String, Object>> statuses() {
            if (brokenStatus) {
                throw new IllegalStateException("port vanished");
            }
            return List.of(Map.of("name", name, "connected", true));
        }

        @Override
        public void handle(AgentCommand command, ProgressReporter progress) {
            log.add("handle " + command.id());
        }

        @Override
        public void stop() {
            log.add("stop " + name);
        }
    }

    @Test
    void routesACommandToTheRuntimeThatOwnsItsSensor() {
        Recording main = new Recording("cua-chinh");
        Recording side = new Recording("cua-phu");
        Sensors sensors = new Sensors(List.of(main, side), sink, CLOCK);

        sensors.handle(new AgentCommand(8, "delete_slot", "cua-phu", Map.of("slot", 5)), (step, message) -> { });

        assertThat(side.log).containsExactly("handle 8");
        assertThat(main.log).isEmpty();
        assertThat(emitted).isEmpty();
    }

    @Test
    void answersACommandForAnUnknownSensorWithAFailedResult() {
        Sensors sensors = new Sensors(List.of(new Recording("cua-chinh")), sink, CLOCK);

        sensors.handle(new AgentCommand(7, "enroll", "cua-cu", Map.of("staffId", 12)), (step, message) -> { });
        sensors.handle(new AgentCommand(8, "delete_slot", "cua-cu", Map.of("slot", 5)), (step, message) -> { });

        assertThat(emitted).containsExactly(
                "fingerprint enrollment_result 2026-11-26T01:00:00Z {sensor=cua-cu, commandId=7, ok=false, "
                        + "error=this agent has no sensor named 'cua-cu'}",
                "fingerprint slot_deleted 2026-11-26T01:00:00Z {sensor=cua-cu, commandId=8, slot=5, ok=false, "
                        + "error=this agent has no sensor named 'cua-cu'}");
    }

    @Test
    void reportsABrokenRuntimeAsDisconnectedWithoutHidingTheOthers() {
        Recording broken = new Recording("cua-chinh");
        broken.brokenStatus = true;
        Sensors sensors = new Sensors(List.of(broken, new Recording("cua-phu")), sink, CLOCK);

        Map<String, Object> expectedBroken = new LinkedHashMap<>();
        expectedBroken.put("name", "cua-chinh");
        expectedBroken.put("connected", false);
        expectedBroken.put("lastError", "status unavailable: port vanished");
        assertThat(sensors.statuses()).containsExactly(expectedBroken, Map.of("name", "cua-phu", "connected", true));
    }

    @Test
    void startsInOrderAndStopsInReverse() {
        List<String> order = new ArrayList<>();
        Sensors sensors = new Sensors(List.of(new Recording("a", order), new Recording("b", order)), sink, CLOCK);

        sensors.start();
        sensors.stop();

        assertThat(order).containsExactly("start a", "start b", "stop b", "stop a");
    }
}
