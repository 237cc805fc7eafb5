package vn.onduty.agent.outbox;

import java.time.Instant;
import java.util.Map;

/**
 * Where hardware code hands over what happened. {@link #emit} returns only once the event is durable
 * (fsync'ed) with its sequence number, so a crash right after loses nothing.
 */
public interface EventSink {

    /**
     * @param stream event stream, e.g. "fingerprint"
     * @param type   event type from docs/agent-protocol.md, e.g. "punch"
     * @param at     when it happened, by the agent's clock
     * @param fields the type's extra fields (sensor, slot, score, ...)
     * @return the sequence number given to the event within its stream
     */
    long emit(String stream, String type, Instant at, Map<String, Object> fields);
}
