package vn.onduty.server.org.counter;

import java.time.Instant;
import java.util.List;

/** A service counter (quầy) at a site, numbered uniquely there, with the procedures it handles. */
public record Counter(long id, long siteId, int number, String name, List<String> services, boolean active,
                      Instant createdAt, Instant updatedAt) {}
