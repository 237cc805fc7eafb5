package vn.onduty.server.occupancy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.calendar.SessionPart;
import vn.onduty.server.calendar.WorkingCalendar;
import vn.onduty.server.org.OrgChoices;
import vn.onduty.server.org.counter.Counter;
import vn.onduty.server.org.site.Site;
import vn.onduty.server.roster.Assignment;
import vn.onduty.server.roster.CounterNow;
import vn.onduty.server.roster.RosterDay;
import vn.onduty.server.roster.RosterService;
import vn.onduty.server.web.Messages;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/**
 * Counter presence for supervisors of a site and admins: the live board (refreshed by htmx every few
 * seconds), a counter's day as a timeline chart, and coverage of opening hours per counter per day
 * and week with the longest empty spells. The board and the timeline name the rostered officers, which makes
 * the counter's presence theirs: each view is written to the audit log as a read of their records.
 */
@Path("/occupancy")
@Hidden
@RolesAllowed({"SUPERVISOR", "ADMIN"})
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class OccupancyPages {

    /** How often the live board asks again. */
    static final int REFRESH_SECONDS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Web web;
    private final OccupancyService occupancy;
    private final OrgChoices org;
    private final WorkingCalendar calendar;
    private final Clock clock;

    private final RosterService roster;
    private final AuditLog audit;

    public OccupancyPages(Web web, OccupancyService occupancy, OrgChoices org, WorkingCalendar calendar,
                          RosterService roster, AuditLog audit, Clock clock) {
        this.web = web;
        this.roster = roster;
        this.audit = audit;
        this.occupancy = occupancy;
        this.org = org;
        this.calendar = calendar;
        this.clock = clock;
    }

    @GET
    public PageView board(@Context ContainerRequestContext request, @QueryParam("siteId") Long siteId) {
        WebContext ctx = web.context(request);
        Map<String, Object> data = siteChoice(ctx.caller(), siteId);
        if (data.containsKey("site")) {
            Site site = (Site) data.get("site");
            fillBoard(data, site, ctx.caller());
        }
        return new PageView("occupancy/board.ftlh", ctx, "occupancy.board", data);
    }

    /** The board's counters and who is rostered at them, audited as a look at those officers' presence. */
    private void fillBoard(Map<String, Object> data, Site site, Caller caller) {
        List<OccupancyService.BoardEntry> entries = occupancy.board(site.id(), caller);
        Map<String, CounterNow> rostered = rostered(site.id());
        Instant now = clock.instant();
        data.put("entries", entries);
        data.put("rostered", rostered);
        data.put("refresh", REFRESH_SECONDS);
        data.put("now", now);
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of(site.timeZone())));
        audit.viewed(caller, "presence_board", "site=" + site.id() + "&date=" + today, today + " · " + site.name(),
                entries.stream().map(e -> rostered.get(String.valueOf(e.counterId())))
                        .filter(c -> c != null && c.officer() != null && !c.closed())
                        .map(c -> c.officer().id()).toList());
    }

    /** Who the roster puts at each counter now (or in the day's next session), by counter id as text. */
    private Map<String, CounterNow> rostered(long siteId) {
        Map<String, CounterNow> out = new java.util.HashMap<>();
        for (CounterNow c : roster.now(siteId, clock.instant())) {
            out.put(String.valueOf(c.counterId()), c);
        }
        return out;
    }

    /** The board's rows alone, which htmx swaps in. */
    @GET
    @Path("board")
    public PageView boardRows(@Context ContainerRequestContext request, @QueryParam("siteId") Long siteId) {
        WebContext ctx = web.context(request);
        Map<String, Object> data = siteChoice(ctx.caller(), siteId);
        Site site = (Site) data.get("site");
        if (site == null) {
            throw new jakarta.ws.rs.NotFoundException();
        }
        fillBoard(data, site, ctx.caller());
        return new PageView("occupancy/board-rows.ftlh", ctx, "occupancy.board", data);
    }

    @GET
    @Path("timeline")
    public PageView timeline(@Context ContainerRequestContext request, @QueryParam("siteId") Long siteId,
                             @QueryParam("counterId") Long counterId, @QueryParam("date") LocalDate date) {
        WebContext ctx = web.context(request);
        Long counter = counterId;
        Long site = siteId;
        if (counter != null) {
            site = occupancy.counter(counter).siteId();
        }
        Map<String, Object> data = siteChoice(ctx.caller(), site);
        if (data.containsKey("site")) {
            Site s = (Site) data.get("site");
            ZoneId zone = ZoneId.of(s.timeZone());
            LocalDate day = date(date, zone);
            OccupancyService.SiteCoverage coverage = occupancy.coverage(s.id(), day, ctx.caller());
            data.put("date", day);
            data.put("counters", coverage.counters());
            if (counter == null && !coverage.counters().isEmpty()) {
                counter = coverage.counters().get(0).counterId();
            }
            if (counter != null) {
                Counter c = occupancy.counter(counter);
                Instant from = day.atStartOfDay(zone).toInstant();
                Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
                List<OccupancyInterval> intervals = occupancy.intervals(c.id(), from, to, ctx.caller());
                data.put("counter", c);
                data.put("intervals", intervals);
                data.put("coverage", coverage.counters().stream().filter(x -> x.counterId() == c.id()).findFirst().orElse(null));
                Instant now = clock.instant();
                data.put("chart", chart(intervals, from, to, now,
                        OccupancyService.windows(calendar.day(s.id(), day), to), zone, ctx.t()));
                List<Assignment> staffed = staffed(s.id(), c.id(), day);
                data.put("staffed", staffed);
                audit.viewed(ctx.caller(), "presence_timeline", "counter=" + c.id() + "&date=" + day,
                        day + " · " + s.name() + " · " + c.number() + " " + c.name(),
                        staffed.stream().filter(Assignment::staffed).map(a -> a.officer().id()).toList());
            }
        }
        return new PageView("occupancy/timeline.ftlh", ctx, "occupancy.timeline", data);
    }

    @GET
    @Path("coverage")
    public PageView coverage(@Context ContainerRequestContext request, @QueryParam("siteId") Long siteId,
                             @QueryParam("date") LocalDate date) {
        WebContext ctx = web.context(request);
        Map<String, Object> data = siteChoice(ctx.caller(), siteId);
        if (data.containsKey("site")) {
            Site s = (Site) data.get("site");
            LocalDate day = date(date, ZoneId.of(s.timeZone()));
            LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            List<OccupancyService.SiteCoverage> week = occupancy.coverage(s.id(), monday, monday.plusDays(6), ctx.caller());
            List<LocalDate> days = week.stream().map(OccupancyService.SiteCoverage::date).toList();
            // One row per counter: its percent each day, then the week's.
            List<Map<String, Object>> rows = new ArrayList<>();
            if (!week.isEmpty()) {
                for (int i = 0; i < week.get(0).counters().size(); i++) {
                    OccupancyService.CounterCoverage first = week.get(0).counters().get(i);
                    List<Double> percents = new ArrayList<>();
                    double opening = 0;
                    double occupied = 0;
                    for (OccupancyService.SiteCoverage d : week) {
                        OccupancyService.CounterCoverage c = d.counters().get(i);
                        percents.add(c.coveragePercent());
                        opening += c.openingMinutes();
                        occupied += c.occupiedMinutes();
                    }
                    Map<String, Object> row = new HashMap<>();
                    row.put("counter", first);
                    row.put("percents", percents);
                    row.put("week", opening == 0 ? null : Math.round(occupied * 1000.0 / opening) / 10.0);
                    rows.add(row);
                }
            }
            data.put("date", day);
            data.put("prevWeek", monday.minusDays(7));
            data.put("nextWeek", monday.plusDays(7));
            data.put("days", days);
            data.put("rows", rows);
            data.put("day", week.stream().filter(d -> d.date().equals(day)).findFirst().orElseThrow().counters());
        }
        return new PageView("occupancy/coverage.ftlh", ctx, "occupancy.coverage", data);
    }

    /**
     * The sites the caller leads, and the one picked (the first by default): presence is the site's as a whole.
     */
    private Map<String, Object> siteChoice(Caller caller, Long siteId) {
        return org.pickLedSite(caller, siteId).into(new HashMap<>());
    }

    /** Who the roster put at the counter in each session of the day, morning first. */
    private List<Assignment> staffed(long siteId, long counterId, LocalDate day) {
        RosterDay roster = this.roster.days(siteId, day, day).get(0);
        List<Assignment> out = new ArrayList<>();
        for (SessionPart part : SessionPart.values()) {
            roster.at(counterId, part).ifPresent(out::add);
        }
        return out;
    }

    /** The site's wall clock at {@code at}, as milliseconds of a UTC clock showing the same date and time. */
    static long siteClock(Instant at, ZoneId zone) {
        return at.atZone(zone).toLocalDateTime().toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
    }

    /** The day asked for, or today in the site's zone. */
    private LocalDate date(LocalDate value, ZoneId zone) {
        return value != null ? value : LocalDate.now(clock.withZone(zone));
    }

    /**
     * What the timeline chart draws, as JSON for assets/occupancy-timeline.js. Every time is the site's clock
     * written as if it were UTC ({@link #siteClock}), which the chart draws in UTC: the axis shows the site's
     * day, 00:00 to 24:00, whatever the time zone of the browser.
     */
    static String chart(List<OccupancyInterval> intervals, Instant from, Instant to, Instant now,
                        List<Coverage.Window> sessions, ZoneId zone, Messages t) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("timeZone", zone.getId());
        chart.put("from", siteClock(from, zone));
        chart.put("to", siteClock(to, zone));
        chart.put("labels", Map.of("occupied", t.get("occupancy.state.occupied"), "empty", t.get("occupancy.state.empty"),
                "unknown", t.get("occupancy.state.unknown"), "session", t.get("occupancy.session")));
        chart.put("intervals", intervals.stream().map(i -> List.of(siteClock(i.start().isBefore(from) ? from : i.start(), zone),
                siteClock(i.end() == null ? (now.isBefore(to) ? now : to) : i.end().isAfter(to) ? to : i.end(), zone),
                i.state())).toList());
        chart.put("sessions", sessions.stream().map(w -> List.of(siteClock(w.start(), zone), siteClock(w.end(), zone))).toList());
        try {
            return JSON.writeValueAsString(chart);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
