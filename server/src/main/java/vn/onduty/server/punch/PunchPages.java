package vn.onduty.server.punch;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.onduty.server.api.Page;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.org.staff.StaffService;
import vn.onduty.server.web.Format;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/** An officer's own punches, day by day, a month at a time ("Chấm công của tôi"). */
@Path("/")
@Hidden
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class PunchPages {

    private final Web web;
    private final PunchService punches;
    private final StaffService staff;
    private final Clock clock;

    public PunchPages(Web web, PunchService punches, StaffService staff, Clock clock) {
        this.web = web;
        this.punches = punches;
        this.staff = staff;
        this.clock = clock;
    }

    @GET
    @Path("me/punches")
    @RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
    public PageView myPunches(@Context ContainerRequestContext request, @QueryParam("month") YearMonth month) {
        WebContext ctx = web.context(request);
        Caller caller = ctx.caller();
        YearMonth ym = month != null ? month : YearMonth.now(clock.withZone(zoneOf(caller)));
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
        return new PageView("punch/me-punches.ftlh", ctx, "punches.mine", data);
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

    private ZoneId zoneOf(Caller caller) {
        return staff.homeZone(caller).orElse(Format.DEFAULT_ZONE);
    }
}
