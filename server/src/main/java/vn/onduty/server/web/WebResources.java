package vn.onduty.server.web;

import jakarta.validation.Validator;
import java.time.Clock;
import java.util.List;
import vn.onduty.server.attendance.AttendanceService;
import vn.onduty.server.attendance.CorrectionService;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AuthService;
import vn.onduty.server.calendar.HolidayService;
import vn.onduty.server.calendar.LunarCalendar;
import vn.onduty.server.calendar.SiteCalendarService;
import vn.onduty.server.leave.LeaveService;
import vn.onduty.server.timesheet.TimesheetService;
import vn.onduty.server.calendar.WorkingCalendar;
import vn.onduty.server.camera.CameraService;
import vn.onduty.server.occupancy.OccupancyService;
import vn.onduty.server.fingerprint.FingerprintService;
import vn.onduty.server.punch.PunchService;
import vn.onduty.server.org.account.AccountService;
import vn.onduty.server.org.agent.AgentService;
import vn.onduty.server.org.counter.CounterService;
import vn.onduty.server.org.department.DepartmentService;
import vn.onduty.server.org.site.SiteService;
import vn.onduty.server.org.staff.StaffService;
import vn.onduty.server.quality.QualityService;
import vn.onduty.server.quality.TicketImports;
import vn.onduty.server.roster.RosterService;

/** Every page resource of the web UI, built from the services they show. */
public final class WebResources {

    private WebResources() {}

    public static List<Object> all(Web web, Validator validator, AuthService auth, AuditLog audit, SiteService sites,
                                   DepartmentService departments, CounterService counters, StaffService staff,
                                   AccountService accounts, AgentService agents, FingerprintService fingerprints,
                                   PunchService punches, HolidayService holidays, SiteCalendarService siteCalendars,
                                   RosterService roster, TimesheetService timesheets,
                                   AttendanceService attendance, CorrectionService corrections,
                                   CameraService cameras, OccupancyService occupancy, WorkingCalendar calendar,
                                   LeaveService leave, QualityService quality, TicketImports imports, Clock clock) {
        Forms forms = new Forms(validator);
        OrgChoices org = new OrgChoices(sites, departments);
        return List.of(
                new LoginPages(web, auth, accounts),
                new HomePage(web, sites, departments, counters, staff),
                new SiteAdminPages(web, forms, sites),
                new DepartmentAdminPages(web, forms, departments),
                new CounterAdminPages(web, forms, counters, org),
                new StaffAdminPages(web, forms, staff, org, leave),
                new AccountAdminPages(web, forms, accounts, staff, org),
                new AgentAdminPages(web, forms, agents, org, cameras),
                new StaffPages(web, staff, org),
                new AuditPage(web, audit),
                new AttendancePages(web, punches, staff, sites, roster, attendance, corrections, clock),
                new CorrectionPages(web, forms, corrections, clock),
                new SensorAdminPages(web, fingerprints, punches, staff, sites, clock),
                new CalendarAdminPages(web, forms, holidays, siteCalendars, org, LunarCalendar.VIETNAM, clock),
                new SiteCalendarAdminPages(web, forms, siteCalendars, sites, clock),
                new RosterPages(web, roster, sites, counters),
                new TimesheetPages(web, timesheets, org, clock),
                new TimesheetLegendAdminPages(web, timesheets),
                new CameraAdminPages(web, forms, cameras, counters, org),
                new OccupancyPages(web, occupancy, sites, calendar, roster, clock),
                new LeavePages(web, leave, org, clock),
                new LeaveAdminPages(web, leave, timesheets, staff, org, clock),
                new QualityPages(web, quality, sites, counters),
                new TicketImportPages(web, imports, org));
    }
}
