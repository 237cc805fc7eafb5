package vn.onduty.server.org.counter;

import java.time.Instant;
import java.util.List;
import vn.onduty.server.org.activation.Activatable;

/**
 * A service counter (quầy) at a site, numbered uniquely there, with the procedures it handles and the
 * department that serves at it (null for a shared counter).
 */
public record Counter(long id, long siteId, Long departmentId, int number, String name, List<String> services, boolean active,
                      Instant createdAt, Instant updatedAt) implements Activatable {}
