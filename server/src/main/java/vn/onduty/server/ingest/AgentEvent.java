package vn.onduty.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One validated event from a device agent; {@code raw} is the object as sent. */
record AgentEvent(String stream, long seq, String type, Instant at, JsonNode raw) {

    String sensor() {
        return EventBatchValidator.text(raw, "sensor");
    }

    int slot() {
        return raw.get("slot").intValue();
    }

    int score() {
        return raw.get("score").intValue();
    }

    long commandId() {
        return raw.get("commandId").longValue();
    }

    boolean ok() {
        return raw.get("ok").booleanValue();
    }

    String error() {
        String e = EventBatchValidator.text(raw, "error");
        return e == null ? "unknown error" : e;
    }

    boolean fingerprint() {
        return EventBatchValidator.FINGERPRINT_TYPES.contains(type);
    }

    boolean camera() {
        return EventBatchValidator.CAMERA_TYPES.contains(type);
    }

    long cameraId() {
        return raw.get("cameraId").longValue();
    }

    long zoneId() {
        return raw.get("zoneId").longValue();
    }

    /** The counter the agent named; zone_calibrated names none. */
    Long counterId() {
        return EventBatchValidator.longValue(raw, "counterId");
    }

    String state() {
        return EventBatchValidator.text(raw, "state");
    }

    /** Null unless the state is unknown. */
    String reason() {
        return EventBatchValidator.text(raw, "reason");
    }

    Double doubleValue(String field) {
        JsonNode n = raw.get(field);
        return n == null || n.isNull() ? null : n.doubleValue();
    }

    String key() {
        return stream + "#" + seq;
    }
}
