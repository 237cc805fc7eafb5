package vn.onduty.server.auth;

import java.security.Principal;
import java.util.Optional;
import java.util.Set;

/**
 * Who is making a request: a signed-in person (with roles, linked staff member and supervisor scope)
 * or a device agent. Built once per request by {@link AuthenticationFilter}.
 */
public record Caller(
        long id,
        String name,
        Set<Role> roles,
        Long staffId,
        Set<Long> scopeSiteIds,
        Set<Long> scopeDepartmentIds,
        Long agentSiteId,
        Long sessionId,
        String csrfToken,
        String language,
        boolean viaCookie,
        String ip) implements Principal {

    public Caller {
        roles = Set.copyOf(roles);
        scopeSiteIds = Set.copyOf(scopeSiteIds);
        scopeDepartmentIds = Set.copyOf(scopeDepartmentIds);
    }

    public static Caller agent(long agentId, String name, long siteId, String ip) {
        return new Caller(agentId, name, Set.of(Role.AGENT), null, Set.of(), Set.of(), siteId, null, null, "vi", false, ip);
    }

    /** The server itself, for work no person asked for (seeding the demo, scheduled jobs). */
    public static Caller system(String what) {
        return new Caller(0, "system:" + what, Set.of(Role.ADMIN), null, Set.of(), Set.of(), null, null, null, "vi", false, null);
    }

    public boolean isSystem() {
        return id == 0 && name.startsWith("system:");
    }

    @Override
    public String getName() {
        return name;
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return has(Role.ADMIN);
    }

    public boolean isSupervisor() {
        return has(Role.SUPERVISOR);
    }

    public boolean isAgent() {
        return has(Role.AGENT);
    }

    /** The person's user id; empty for an agent. */
    public Optional<Long> userId() {
        return isAgent() ? Optional.empty() : Optional.of(id);
    }

    public Optional<Long> staff() {
        return Optional.ofNullable(staffId);
    }
}
