package vn.onduty.server.fingerprint;

import java.time.Instant;

/** A fingerprint sensor with its latest reported state and what the server knows of it. */
public record Sensor(long id, long agentId, String agentName, long siteId, String name, String port,
                     boolean connected, Integer capacity, Integer templates, long unrecognisedTouches,
                     long duplicatesIgnored, String lastError, Instant statusAt, Instant agentLastSeenAt,
                     long enrolled, long unresolvedPunches) {}
