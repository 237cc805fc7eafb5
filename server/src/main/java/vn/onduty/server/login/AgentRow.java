package vn.onduty.server.login;

import java.time.Instant;

/** The identity behind an agent bearer token. */
public record AgentRow(long id, String name, long siteId, Instant lastSeenAt) {}
