package vn.onduty.server.org.agent;

import java.time.Instant;
import vn.onduty.server.org.activation.Activatable;

/** A device agent: the machine identity of one site computer. {@code tokenPrefix} identifies its token without revealing it. */
public record Agent(long id, long siteId, String name, String tokenPrefix, boolean active,
                    Instant createdAt, Instant updatedAt, Instant lastSeenAt) implements Activatable {}
