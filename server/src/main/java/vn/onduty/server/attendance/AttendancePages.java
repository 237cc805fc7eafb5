package vn.onduty.server.attendance;

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
import java.util.List;
import java.util.Map;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.db.ReplicaReads;
import vn.onduty.server.org.OrgChoices;
import vn.onduty.server.org.staff.StaffService;
import vn.onduty.server.roster.CounterNow;
import vn.onduty.server.roster.RosterService;
import vn.onduty.server.web.Format;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/** An officer's own month of attendance, the supervisor's "today" board and the lateness summary. */
@Path("/")
@Hidden
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class AttendancePages {

    private final Web web;
    private final StaffService staff;
    private final OrgChoices org;
    private final AttendanceService attendance;
    private final CorrectionService corrections;
    private final RosterService roster;
    private final Clock clock;

    public AttendancePages(Web web, StaffService staff, OrgChoices org, RosterService roster,
                           AttendanceService attendance, CorrectionService corrections, Clock clock) {
        this.web = web;
        this.attendance = attendance;
        this.corrections = corrections;
        this.staff = staff;
        this.org = org;
        this.roster = roster;
        this.clock = clock;
    }

    @GET
    @Path("today")
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    public PageView today(@Context ContainerRequestContext request, @QueryParam("siteId") Long siteId) {
        WebContext ctx = web.context(request);
        Caller caller = ctx.caller();
        OrgChoices.SitePick pick = org.pickSite(caller, siteId);
        Long chosen = pick.siteId();
        Map<String, Object> data = pick.into(new HashMap<>());
        if (chosen != null) {
            AttendanceService.Board board = attendance.today(chosen, caller);
            Map<AttendanceService.BoardState, Long> counts = new java.util.EnumMap<>(AttendanceService.BoardState.class);
            for (AttendanceService.BoardState s : AttendanceService.BoardState.values()) {
                counts.put(s, 0L);
            }
            board.officers().forEach(r -> counts.merge(r.state(), 1L, Long::sum));
            data.put("board", board);
            data.put("counters", counters(chosen, board));
            data.put("counts", counts.entrySet().stream().map(e -> List.of(e.getKey().name(), e.getValue())).toList());
        }
        data.put("leaveLabels", attendance.leaveLabels(ctx.lang()));
        return new PageView("attendance/today.ftlh", ctx, "today.title", data);
    }

    /**
     * One counter on today's board: the session now (or next), the officer the roster puts there, and that
     * officer's state from attendance; {@code uncovered} when the counter should be staffed now and its officer
     * is absent, on leave or not in yet.
     */
    public record CounterRow(CounterNow counter, AttendanceService.BoardRow officer, boolean uncovered) {}

    private List<CounterRow> counters(long siteId, AttendanceService.Board board) {
        Map<Long, AttendanceService.BoardRow> byStaff = new HashMap<>();
        board.officers().forEach(r -> byStaff.put(r.staffId(), r));
        List<CounterRow> rows = new ArrayList<>();
        for (CounterNow c : roster.now(siteId, clock.instant())) {
            AttendanceService.BoardRow officer = c.officer() == null ? null : byStaff.get(c.officer().id());
            boolean now = c.state() == CounterNow.State.CURRENT && !c.closed();
            boolean away = officer == null || switch (officer.state()) {
                case ABSENT, ON_LEAVE, NOT_YET_IN, DAY_OFF -> true;
                default -> false;
            };
            rows.add(new CounterRow(c, officer, now && (c.officer() == null || away)));
        }
        return rows;
    }

    @GET
    @Path("me/month")
    @RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
    public PageView myMonth(@Context ContainerRequestContext request, @QueryParam("month") YearMonth month,
                            @QueryParam("done") String done) {
        WebContext ctx = web.context(request);
        Caller caller = ctx.caller();
        LocalDate today = LocalDate.now(clock.withZone(zoneOf(caller)));
        YearMonth ym = month != null ? month : YearMonth.from(today);
        Map<String, Object> data = new HashMap<>();
        data.put("month", ym.toString());
        data.put("prev", ym.minusMonths(1).toString());
        data.put("next", ym.plusMonths(1).toString());
        data.put("monthLabel", String.format("%02d/%d", ym.getMonthValue(), ym.getYear()));
        data.put("today", today);
        data.put("linked", caller.staffId() != null);
        data.put("done", "requested".equals(done) ? done : "");
        if (caller.staffId() != null) {
            ReplicaReads.Read<AttendanceService.Monthly> read = attendance.monthlyRead(caller.staffId(), ym, caller);
            AttendanceService.Monthly m = read.value();
            data.put("readFrom", read.from());
            Map<LocalDate, Correction> requests = new HashMap<>();
            for (Correction c : corrections.list(null, caller.staffId(), null, false, PageRequest.of(1, PageRequest.MAX_SIZE),
                    caller).items()) {
                if (YearMonth.from(c.workDate()).equals(ym)) {
                    requests.putIfAbsent(c.workDate(), c);
                }
            }
            data.put("monthly", m);
            data.put("zone", m.timeZone());
            data.put("requests", requests.entrySet().stream()
                    .collect(java.util.stream.Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue)));
        }
        data.put("leaveLabels", attendance.leaveLabels(ctx.lang()));
        return new PageView("attendance/me-month.ftlh", ctx, "month.title", data);
    }

    @GET
    @Path("attendance/lateness")
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    public PageView lateness(@Context ContainerRequestContext request, @QueryParam("siteId") Long siteId,
                             @QueryParam("month") YearMonth month) {
        WebContext ctx = web.context(request);
        Caller caller = ctx.caller();
        OrgChoices.SitePick pick = org.pickSite(caller, siteId);
        Long chosen = pick.siteId();
        YearMonth ym = month != null ? month : YearMonth.now(clock.withZone(Format.DEFAULT_ZONE));
        Map<String, Object> data = pick.into(new HashMap<>());
        data.put("month", ym.toString());
        if (chosen != null) {
            ReplicaReads.Read<AttendanceService.LatenessSummary> read = attendance.latenessRead(chosen, ym, caller);
            data.put("summary", read.value());
            data.put("readFrom", read.from());
        }
        return new PageView("attendance/lateness.ftlh", ctx, "lateness.title", data);
    }

    private ZoneId zoneOf(Caller caller) {
        return staff.homeZone(caller).orElse(Format.DEFAULT_ZONE);
    }
}
