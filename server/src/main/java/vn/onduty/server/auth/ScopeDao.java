package vn.onduty.server.auth;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The facts {@link AccessPolicy}'s choice rule reads: which sites and departments are active, and where active
 * staff and counters work. Ids only: naming them is the pages' business.
 */
public interface ScopeDao {

    @SqlQuery("select id from site where active")
    List<Long> activeSites();

    @SqlQuery("select id from department where active")
    List<Long> activeDepartments();

    /** The sites where these departments work: the home sites of their active staff and of their active counters. */
    @SqlQuery("""
            select home_site_id from staff where active and department_id = any(:departmentIds)
            union
            select site_id from counter where active and department_id = any(:departmentIds)
            """)
    List<Long> sitesOfDepartments(@Bind("departmentIds") Long[] departmentIds);

    /** The departments of the active staff whose home is one of these sites. */
    @SqlQuery("select distinct department_id from staff where active and home_site_id = any(:siteIds)")
    List<Long> departmentsOfStaffAt(@Bind("siteIds") Long[] siteIds);

    /** A staff member's own home site and department. */
    @SqlQuery("select home_site_id, department_id from staff where id = :staffId")
    @RegisterConstructorMapper(Home.class)
    Optional<Home> home(@Bind("staffId") long staffId);

    record Home(long homeSiteId, long departmentId) {}
}
