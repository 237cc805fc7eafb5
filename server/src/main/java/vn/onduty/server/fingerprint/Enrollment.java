package vn.onduty.server.fingerprint;

import java.time.Instant;

/** Officer ↔ (sensor, slot), valid from enrolledAt until removedAt. Only the slot number is known here. */
public record Enrollment(long id, long sensorId, int slot, long staffId, String staffName, String staffCode,
                         Instant enrolledAt, Instant removedAt, Long commandId) {}
