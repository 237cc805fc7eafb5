package vn.onduty.agent.outbox;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event waiting in the outbox, identified by {@code (stream, seq)}.
 *
 * @param fields the type's extra fields (sensor, slot, score, ...), never containing the four envelope keys
 */
public record OutboxEvent(String stream, long seq, String type, Instant at, Map<String, Object> fields) {

    public OutboxEvent {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The event as the server's {@code POST /api/agent/events} expects it: envelope first, then the fields. */
    public Map<String, Object> toWire() {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("stream", stream);
        wire.put("seq", seq);
        wire.put("type", type);
        wire.put("at", at.toString());
        wire.putAll(fields);
        return wire;
    }

    /** How logs and the rejected table's readers name the event. */
    public String key() {
        return stream + "#" + seq;
    }
}
