package vn.onduty.server.auth;

import jakarta.ws.rs.ForbiddenException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Scope rules, in one place.
 *
 * <p><b>Staff</b>: an admin sees everything; a supervisor sees the staff whose home site or department is in their
 * scope (and themselves); an officer sees only themselves ({@link #staffScope}, {@link #canSeeStaff}). Reference
 * data (sites, departments, counters) is readable by every signed-in person; only admins change it.
 *
 * <p><b>Choices</b>: the sites and departments a caller may choose, in every page's site and department picker
 * and in every check of a site or department asked for ({@link #choices}, {@link #mayChooseSite},
 * {@link #mayChooseDepartment}):
 * <ul>
 * <li>admin: every active site and department (and may still open a deactivated site by its id);</li>
 * <li>site supervisor: the sites they lead, and the departments with active staff whose home is one of them;</li>
 * <li>department supervisor: their departments, and the sites where they have officers or counters (the home sites of
 * their active staff, the sites of their active counters): nowhere else, so they read only those sites' rosters;</li>
 * <li>officer: their own home site and department.</li>
 * </ul>
 * A person with several of these roles gets the union; deactivated sites and departments are never offered.
 * Choosing a site is not seeing all of it: what a site page shows is still cut to {@link #staffScope}, and
 * what belongs to a site as a whole (editing its roster, its whole-site timesheet, its service quality and
 * counter presence) needs {@link #leadsSite}; a department's timesheet or calendar needs {@link #leadsDepartment}.
 */
public final class AccessPolicy {

    /** Which staff records a caller may see, ready to bind into SQL. */
    public record StaffScope(boolean all, Long[] siteIds, Long[] departmentIds, Long self) {
        public static final StaffScope NONE = new StaffScope(false, new Long[0], new Long[0], null);
    }

    /** The ids of the sites and departments a caller may choose; pages name them (org.OrgChoices). */
    public record Choices(Set<Long> siteIds, Set<Long> departmentIds) {
        public static final Choices NONE = new Choices(Set.of(), Set.of());

        public Choices {
            siteIds = Set.copyOf(siteIds);
            departmentIds = Set.copyOf(departmentIds);
        }

        public boolean hasSite(long siteId) {
            return siteIds.contains(siteId);
        }

        public boolean hasDepartment(long departmentId) {
            return departmentIds.contains(departmentId);
        }
    }

    private final ScopeDao scopes;

    public AccessPolicy(ScopeDao scopes) {
        this.scopes = scopes;
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

    /** Whether a supervisor leads this department (admins lead everything). */
    public boolean leadsDepartment(Caller caller, long departmentId) {
        return caller.isAdmin() || (caller.isSupervisor() && caller.scopeDepartmentIds().contains(departmentId));
    }

    /** The sites and departments the caller may choose: the rule in this class's description. */
    public Choices choices(Caller caller) {
        if (caller.isAgent()) {
            return Choices.NONE;
        }
        if (caller.isAdmin()) {
            return new Choices(Set.copyOf(scopes.activeSites()), Set.copyOf(scopes.activeDepartments()));
        }
        Set<Long> sites = new HashSet<>();
        Set<Long> departments = new HashSet<>();
        if (caller.isSupervisor()) {
            Long[] led = caller.scopeSiteIds().toArray(Long[]::new);
            Long[] ledDepartments = caller.scopeDepartmentIds().toArray(Long[]::new);
            sites.addAll(caller.scopeSiteIds());
            departments.addAll(caller.scopeDepartmentIds());
            if (led.length > 0) {
                departments.addAll(scopes.departmentsOfStaffAt(led));
            }
            if (ledDepartments.length > 0) {
                sites.addAll(scopes.sitesOfDepartments(ledDepartments));
            }
        }
        if (caller.has(Role.OFFICER) && caller.staffId() != null) {
            scopes.home(caller.staffId()).ifPresent(h -> {
                sites.add(h.homeSiteId());
                departments.add(h.departmentId());
            });
        }
        if (sites.isEmpty() && departments.isEmpty()) {
            return Choices.NONE;
        }
        return new Choices(active(sites, scopes.activeSites()), active(departments, scopes.activeDepartments()));
    }

    /** Whether the caller may choose this site: one of {@link #choices}, or any site for an admin. */
    public boolean mayChooseSite(Caller caller, long siteId) {
        return caller.isAdmin() || choices(caller).hasSite(siteId);
    }

    /** Whether the caller may choose this department: one of {@link #choices}, or any department for an admin. */
    public boolean mayChooseDepartment(Caller caller, long departmentId) {
        return caller.isAdmin() || choices(caller).hasDepartment(departmentId);
    }

    public void requireAdmin(Caller caller) {
        if (!caller.isAdmin()) {
            throw new ForbiddenException("Only an administrator may do this");
        }
    }

    public static Set<Role> humanRoles() {
        return Set.of(Role.OFFICER, Role.SUPERVISOR, Role.ADMIN);
    }

    private static Set<Long> active(Set<Long> ids, List<Long> active) {
        Set<Long> out = new HashSet<>(ids);
        out.retainAll(active);
        return out;
    }
}
