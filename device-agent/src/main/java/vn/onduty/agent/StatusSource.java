package vn.onduty.agent;

import java.util.List;
import java.util.Map;

/**
 * The live state of the agent's sensors, for the heartbeat and the health page. Each map is one
 * sensor's status object exactly as docs/agent-protocol.md shows it in the heartbeat:
 * {@code name, port, connected, capacity, templates, unrecognisedTouches, duplicatesIgnored, lastError}.
 * Called from the link and health threads, so it must be cheap and thread-safe (a snapshot, no I/O).
 */
@FunctionalInterface
public interface StatusSource {

    List<Map<String, Object>> statuses();
}
