package vn.onduty.server.audit;

import java.time.Instant;

/** One row of the append-only audit log. {@code before} and {@code after} are JSON documents. */
public record AuditEntry(
        long id,
        Instant at,
        Long actorUserId,
        String actor,
        String action,
        String entityType,
        String entityId,
        String before,
        String after,
        String ip) {}
