package vn.onduty.server.org.site;

import java.time.Instant;

/** A service center or commune one-stop shop. Business dates there are computed in {@code timeZone}. */
public record Site(long id, String name, String address, String timeZone, boolean active,
                   Instant createdAt, Instant updatedAt) {}
