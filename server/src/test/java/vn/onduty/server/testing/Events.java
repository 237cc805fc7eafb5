package vn.onduty.server.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request bodies of the device-agent protocol (docs/agent-protocol.md), as an agent sends them.
 * Each event is a mutable map, so a test can break one field: {@code punch(...)} then {@code .remove("slot")}.
 */
public final class Events {

    public static final String STREAM = "fingerprint";

    private Events() {}

    public static Map<String, Object> batch(List<Map<String, Object>> events) {
        return Map.of("events", events);
    }

    public static Map<String, Object> punch(String stream, long seq, Instant at, String sensor, int slot) {
        Map<String, Object> e = event(stream, seq, "punch", at, sensor);
        e.put("slot", slot);
        e.put("score", 80);
        return e;
    }

    /** Punches seq {@code first..last} (inclusive) on one stream, one second apart from {@code start}. */
    public static List<Map<String, Object>> punches(String stream, long first, long last, Instant start, String sensor,
                                                    int slot) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (long seq = first; seq <= last; seq++) {
            events.add(punch(stream, seq, start.plusSeconds(seq), sensor, slot));
        }
        return events;
    }

    public static Map<String, Object> unrecognisedTouch(String stream, long seq, Instant at, String sensor) {
        return event(stream, seq, "unrecognised_touch", at, sensor);
    }

    public static Map<String, Object> enrolled(String stream, long seq, Instant at, String sensor, long commandId, int slot) {
        Map<String, Object> e = event(stream, seq, "enrollment_result", at, sensor);
        e.put("commandId", commandId);
        e.put("ok", true);
        e.put("slot", slot);
        return e;
    }

    public static Map<String, Object> enrollmentFailed(String stream, long seq, Instant at, String sensor, long commandId,
                                                       String error) {
        Map<String, Object> e = event(stream, seq, "enrollment_result", at, sensor);
        e.put("commandId", commandId);
        e.put("ok", false);
        e.put("error", error);
        return e;
    }

    public static Map<String, Object> slotDeleted(String stream, long seq, Instant at, String sensor, long commandId, int slot) {
        Map<String, Object> e = event(stream, seq, "slot_deleted", at, sensor);
        e.put("commandId", commandId);
        e.put("slot", slot);
        e.put("ok", true);
        return e;
    }

    /** One sensor's state in a heartbeat, as the agent reports it. */
    public static Map<String, Object> sensorStatus(String name, boolean connected, int capacity, int templates,
                                                   long unrecognisedTouches, long duplicatesIgnored) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name);
        s.put("port", "/dev/ttyUSB0");
        s.put("connected", connected);
        s.put("capacity", capacity);
        s.put("templates", templates);
        s.put("unrecognisedTouches", unrecognisedTouches);
        s.put("duplicatesIgnored", duplicatesIgnored);
        s.put("lastError", null);
        return s;
    }

    @SafeVarargs
    public static Map<String, Object> heartbeat(Instant at, Map<String, Object>... sensors) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("at", at.toString());
        h.put("agentVersion", "0.1.0");
        h.put("outboxPending", 0);
        h.put("sensors", List.of(sensors));
        return h;
    }

    private static Map<String, Object> event(String stream, long seq, String type, Instant at, String sensor) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("stream", stream);
        e.put("seq", seq);
        e.put("type", type);
        e.put("at", at.toString());
        e.put("sensor", sensor);
        return e;
    }
}
