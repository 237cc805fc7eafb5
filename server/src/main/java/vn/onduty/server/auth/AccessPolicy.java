package vn.onduty.server.auth;

import jakarta.ws.rs.ForbiddenException;
import java.util.Set;

/**
 * Scope rules, in one place: an admin sees everything; a supervisor sees the staff whose home site or
 * department is in their scope (and themselves); an officer sees only themselves. Reference data
 * (sites, departments, counters) is readable by every signed-in person; only admins change it.
 */
public final class AccessPolicy {

    /** Which staff records a caller may see, ready to bind into SQL. */
    public record StaffScope(boolean all, Long[] siteIds, Long[] departmentIds, Long self) {
        public static final StaffScope NONE = new StaffScope(false, new Long[0], new Long[0], null);
    }

    public StaffScope staffScope(Caller caller) {
        if (caller.isAdmin()) {
            return new StaffScope(true, new Long[0], new Long[0], null);
        }
        if (caller.isSupervisor()) {
            return new StaffScope(false, caller.scopeSiteIds().toArray(Long[]::new),
                    caller.scopeDepartmentIds().toArray(Long[]::new), caller.staffId());
        }
        if (caller.has(Role.OFFICER)) {
            return new StaffScope(false, new Long[0], new Long[0], caller.staffId());
        }
        return StaffScope.NONE;
    }

    public boolean canSeeStaff(Caller caller, long staffId, long homeSiteId, long departmentId) {
        if (caller.isAdmin()) {
            return true;
        }
        if (caller.staffId() != null && caller.staffId() == staffId && caller.roles().stream().anyMatch(Role::isHuman)) {
            return true;
        }
        return caller.isSupervisor()
                && (caller.scopeSiteIds().contains(homeSiteId) || caller.scopeDepartmentIds().contains(departmentId));
    }

    /** Whether a supervisor leads this site (admins lead everything). */
    public boolean leadsSite(Caller caller, long siteId) {
        return caller.isAdmin() || (caller.isSupervisor() && caller.scopeSiteIds().contains(siteId));
    }

    public void requireAdmin(Caller caller) {
        if (!caller.isAdmin()) {
            throw new ForbiddenException("Only an administrator may do this");
        }
    }

    public static Set<Role> humanRoles() {
        return Set.of(Role.OFFICER, Role.SUPERVISOR, Role.ADMIN);
    }
}
