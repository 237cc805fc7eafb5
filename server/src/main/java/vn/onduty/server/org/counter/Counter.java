package vn.onduty.server.org.counter;

import java.time.Instant;
import java.util.List;

/**
 * A service counter (quầy) at a site, numbered uniquely there, with the procedures it handles and the
 * department that serves at it (null for a shared counter).
 */
public record Counter(long id, long siteId, Long departmentId, int number, String name, List<String> services, boolean active,
                      Instant createdAt, Instant updatedAt) {}
