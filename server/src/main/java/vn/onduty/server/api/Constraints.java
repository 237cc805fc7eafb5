package vn.onduty.server.api;

import java.util.Map;

/** What each named database constraint means to a user, for 409 and 422 answers. */
final class Constraints {

    private static final Map<String, String> MEANING = Map.ofEntries(
            Map.entry("site_name_key", "name: a site with this name already exists"),
            Map.entry("department_code_key", "code: a department with this code already exists"),
            Map.entry("department_name_key", "name: a department with this name already exists"),
            Map.entry("counter_site_number_key", "number: this counter number is already used at this site"),
            Map.entry("counter_site_fk", "siteId: no such site"),
            Map.entry("counter_department_fk", "departmentId: no such department"),
            Map.entry("staff_code_key", "code: a staff member with this code already exists"),
            Map.entry("staff_department_fk", "departmentId: no such department"),
            Map.entry("staff_home_site_fk", "homeSiteId: no such site"),
            Map.entry("user_account_username_key", "username: this username is already taken"),
            Map.entry("user_account_staff_key", "staffId: this staff member already has an account"),
            Map.entry("user_account_staff_fk", "staffId: no such staff member"),
            Map.entry("user_scope_site_site_fk", "scopeSiteIds: no such site"),
            Map.entry("user_scope_department_department_fk", "scopeDepartmentIds: no such department"),
            Map.entry("device_agent_site_fk", "siteId: no such site"),
            Map.entry("device_agent_site_name_key", "name: this site already has an agent with this name"),
            Map.entry("holiday_day_key", "date: this date already has an entry for this scope (nationwide or this site)"),
            Map.entry("holiday_suggestion_key", "suggestion: this suggested day is already in the year's schedule"),
            Map.entry("holiday_site_fk", "siteId: no such site"),
            Map.entry("timesheet_lock_in_force_key", "month: this month is already locked for this site or department"));

    private Constraints() {}

    static String describe(String constraint, String fallback) {
        if (constraint != null && MEANING.containsKey(constraint)) {
            return MEANING.get(constraint);
        }
        return (constraint == null ? "value" : constraint) + " " + fallback;
    }
}
