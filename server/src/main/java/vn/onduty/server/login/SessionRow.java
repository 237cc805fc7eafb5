package vn.onduty.server.login;

import java.time.Instant;
import java.util.List;

/** A live session joined with its account and the account's supervisor scope. */
public record SessionRow(
        long sessionId,
        String kind,
        String csrfToken,
        Instant expiresAt,
        Instant lastSeenAt,
        long userId,
        String username,
        List<String> roles,
        Long staffId,
        String language,
        List<Long> scopeSiteIds,
        List<Long> scopeDepartmentIds) {}
