package vn.onduty.agent.fingerprint;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.onduty.agent.outbox.EventSink;

/** In-memory {@link EventSink}: keeps what the sensor loop emitted, in order, numbered like the outbox. */
final class RecordingEventSink implements EventSink {

    record Event(String stream, long seq, String type, Instant at, Map<String, Object> fields) {
        Object field(String name) {
            return fields.get(name);
        }
    }

    private final List<Event> events = new ArrayList<>();

    @Override
    public synchronized long emit(String stream, String type, Instant at, Map<String, Object> fields) {
        long seq = events.size() + 1;
        events.add(new Event(stream, seq, type, at, Map.copyOf(fields)));
        return seq;
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    synchronized List<Event> ofType(String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    /** Waits until {@code count} events of {@code type} exist and returns them. */
    List<Event> await(String type, int count, Duration within) {
        Eventually.until(within, () -> ofType(type).size() >= count, () -> "expected " + count + " " + type + " events, have " + events());
        return ofType(type);
    }
}
