package vn.onduty.server.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.onduty.server.api.Page;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.org.site.Site;
import vn.onduty.server.org.site.SiteService;
import vn.onduty.server.org.staff.Staff;
import vn.onduty.server.org.staff.StaffService;
import vn.onduty.server.punch.Punch;
import vn.onduty.server.punch.PunchService;

/** An officer's own punches by month, and the supervisor's "who has clocked in today". */
@Path("/")
@Hidden
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class AttendancePages {

    /** One officer's punches on one day, as the "today" board shows them. */
    public record Presence(Staff staff, Punch first, Punch last, int count) {}

    private final Web web;
    private final PunchService punches;
    private final StaffService staff;
    private final SiteService sites;
    private final Clock clock;

    public AttendancePages(Web web, PunchService punches, StaffService staff, SiteService sites, Clock clock) {
        this.web = web;
        this.punches = punches;
        this.staff = staff;
        this.sites = sites;
        this.clock = clock;
    }

    @GET
    @Path("me/punches")
    @RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
    public PageView myPunches(@Context ContainerRequestContext request, @QueryParam("month") String month) {
        WebContext ctx = web.context(request);
        Caller caller = ctx.caller();
        YearMonth ym = parseMonth(month, LocalDate.now(clock.withZone(zoneOf(caller))));
        Map<String, Object> data = new HashMap<>();
        data.put("month", ym.toString());
        data.put("prev", ym.minusMonths(1).toString());
        data.put("next", ym.plusMonths(1).toString());
        data.put("monthLabel", String.format("%02d/%d", ym.getMonthValue(), ym.getYear()));
        Map<LocalDate, List<Punch>> byDay = new LinkedHashMap<>();
        if (caller.staffId() != null) {
            for (Punch p : all(ym.atDay(1), ym.atEndOfMonth(), caller.staffId(), null, caller)) {
                byDay.computeIfAbsent(p.at().atZone(ZoneId.of(p.siteTimeZone())).toLocalDate(), d -> new ArrayList<>()).add(p);
            }
        }
        data.put("days", byDay.entrySet().stream().map(e -> Map.of("date", e.getKey(), "punches", e.getValue())).toList());
        data.put("linked", caller.staffId() != null);
        return new PageView("me-punches.ftlh", ctx, "punches.mine", data);
    }

    @GET
    @Path("today")
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    public PageView today(@Context ContainerRequestContext request, @QueryParam("siteId") Long siteId) {
        WebContext ctx = web.context(request);
        Caller caller = ctx.caller();
        List<Site> choices = sites.list(null, true, PageRequest.of(1, 200)).items().stream()
                .filter(s -> caller.isAdmin() || caller.scopeSiteIds().contains(s.id())
                        || !caller.scopeDepartmentIds().isEmpty())
                .toList();
        Long chosen = siteId != null ? siteId : choices.isEmpty() ? null : choices.get(0).id();
        Map<String, Object> data = new HashMap<>();
        data.put("sites", choices);
        data.put("siteId", chosen == null ? 0L : chosen);
        if (chosen != null) {
            Site site = sites.find(chosen).orElseThrow(jakarta.ws.rs.NotFoundException::new);
            LocalDate today = LocalDate.now(clock.withZone(ZoneId.of(site.timeZone())));
            Map<Long, List<Punch>> byStaff = new HashMap<>();
            for (Punch p : all(today, today, null, chosen, caller)) {
                if (p.staffId() != null) {
                    byStaff.computeIfAbsent(p.staffId(), k -> new ArrayList<>()).add(p);
                }
            }
            List<Presence> in = new ArrayList<>();
            List<Staff> notYet = new ArrayList<>();
            for (Staff s : allStaff(chosen, caller)) {
                List<Punch> ps = byStaff.get(s.id());
                if (ps == null) {
                    notYet.add(s);
                } else {
                    in.add(new Presence(s, ps.get(0), ps.get(ps.size() - 1), ps.size()));
                }
            }
            in.sort(java.util.Comparator.comparing((Presence p) -> p.first().at()));
            data.put("site", site);
            data.put("date", today);
            data.put("in", in);
            data.put("notYet", notYet);
        }
        return new PageView("today.ftlh", ctx, "today.title", data);
    }

    private List<Punch> all(LocalDate from, LocalDate to, Long staffId, Long siteId, Caller caller) {
        List<Punch> out = new ArrayList<>();
        for (int page = 1; ; page++) {
            Page<Punch> p = punches.list(from, to, staffId, siteId, PageRequest.of(page, PageRequest.MAX_SIZE), caller);
            out.addAll(p.items());
            if (page >= p.pages()) {
                return out;
            }
        }
    }

    private List<Staff> allStaff(long siteId, Caller caller) {
        List<Staff> out = new ArrayList<>();
        for (int page = 1; ; page++) {
            Page<Staff> p = staff.list(siteId, null, null, true, PageRequest.of(page, PageRequest.MAX_SIZE), caller);
            out.addAll(p.items());
            if (page >= p.pages()) {
                return out;
            }
        }
    }

    private ZoneId zoneOf(Caller caller) {
        return caller.staff().flatMap(id -> staff.find(id, caller)).flatMap(s -> sites.find(s.homeSiteId()))
                .map(s -> ZoneId.of(s.timeZone())).orElse(Format.DEFAULT_ZONE);
    }

    private static YearMonth parseMonth(String month, LocalDate today) {
        try {
            return month == null || month.isBlank() ? YearMonth.from(today) : YearMonth.parse(month.trim());
        } catch (DateTimeParseException e) {
            return YearMonth.from(today);
        }
    }
}
