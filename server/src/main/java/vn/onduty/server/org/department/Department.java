package vn.onduty.server.org.department;

import java.time.Instant;
import vn.onduty.server.org.activation.Activatable;

/** An agency officers are seconded from (e.g. Sở Tư pháp), identified by a short code. */
public record Department(long id, String code, String name, boolean active, Instant createdAt, Instant updatedAt) implements Activatable {}
