package vn.onduty.server.punch;

import java.time.Instant;

/**
 * A recognised touch: when (agent clock), where (site, sensor, slot), and whose. {@code staffId} is the
 * officer enrolled at that moment, or the one an admin assigned ({@code resolvedBy} set); null when unresolved.
 */
public record Punch(long id, Instant at, Long staffId, String staffName, String staffCode, long siteId,
                    String siteTimeZone, long agentId, long sensorId, String sensorName, int slot, int score,
                    Long resolvedBy, Instant receivedAt) {}
