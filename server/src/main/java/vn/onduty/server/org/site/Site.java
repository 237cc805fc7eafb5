package vn.onduty.server.org.site;

import java.time.Instant;
import vn.onduty.server.org.activation.Activatable;

/** A service center or commune one-stop shop. Business dates there are computed in {@code timeZone}. */
public record Site(long id, String name, String address, String timeZone, boolean active,
                   Instant createdAt, Instant updatedAt) implements Activatable {}
