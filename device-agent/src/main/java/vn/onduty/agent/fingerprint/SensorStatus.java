package vn.onduty.agent.fingerprint;

import java.time.Instant;

/**
 * A consistent snapshot of one sensor for heartbeats and the health endpoint; immutable, so it can be
 * handed to any thread.
 *
 * @param name                sensor name
 * @param port                configured serial port
 * @param connected           handshake done and the module answering
 * @param capacity            library size from ReadSysPara; 0 before the first connection
 * @param templates           templates stored, per TemplateNum, kept current across enroll/delete
 * @param unrecognisedTouches touches that matched no template (or stayed unreadable), since start
 * @param duplicatesIgnored   matches of a slot already punched within the duplicate window, since start
 * @param lastError           the most recent failure, kept after recovery so flapping shows; null if none yet
 * @param lastErrorAt         when it happened, by the agent's clock
 * @param lastMatchAt         when a finger last matched, duplicates included; null if none yet
 */
public record SensorStatus(String name, String port, boolean connected, int capacity, int templates,
                           long unrecognisedTouches, long duplicatesIgnored, String lastError,
                           Instant lastErrorAt, Instant lastMatchAt) {
}
