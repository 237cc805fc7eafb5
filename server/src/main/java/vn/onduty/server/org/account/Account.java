package vn.onduty.server.org.account;

import java.time.Instant;
import java.util.List;
import vn.onduty.server.org.activation.Activatable;

/** A sign-in account as the API shows it: never its password hash. */
public record Account(long id, String username, List<String> roles, Long staffId, List<Long> scopeSiteIds,
                      List<Long> scopeDepartmentIds, String language, boolean active,
                      Instant createdAt, Instant updatedAt) implements Activatable {}
