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

    String key() {
        return stream + "#" + seq;
    }
}
