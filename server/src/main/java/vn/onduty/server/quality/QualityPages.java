package vn.onduty.server.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.db.ReplicaReads;
import vn.onduty.server.org.OrgChoices;
import vn.onduty.server.org.counter.Counter;
import vn.onduty.server.org.counter.CounterService;
import vn.onduty.server.org.site.Site;
import vn.onduty.server.web.Forms;
import vn.onduty.server.web.Messages;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/**
 * The supervisor's service-quality dashboard: today's KPIs against the target, the live counter board
 * with the waiting queue (htmx), charts over the month's days and the last weeks, counters for today
 * and the month with unattended-queue and away minutes, officers' presence beside their waits and
 * ratings, cover during leave and data-quality flags; drill-down to a counter's day and an officer's
 * month; the XLSX export and a printable weekly summary. The site's supervisors and admins.
 */
@Path("/quality")
@Hidden
@RolesAllowed({"SUPERVISOR", "ADMIN"})
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class QualityPages {

    static final int REFRESH_SECONDS = 10;
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Web web;
    private final QualityService quality;
    private final OrgChoices org;
    private final CounterService counters;

    public QualityPages(Web web, QualityService quality, OrgChoices org, CounterService counters) {
        this.web = web;
        this.quality = quality;
        this.org = org;
        this.counters = counters;
    }

    @GET
    public PageView dashboard(@Context ContainerRequestContext request, @QueryParam("siteId") Long siteId,
                              @QueryParam("date") LocalDate date, @QueryParam("done") String done) {
        WebContext ctx = web.context(request);
        Map<String, Object> data = siteChoice(ctx.caller(), siteId);
        if ("saved".equals(done)) {
            data.put("done", "saved");
        }
        if (data.containsKey("site")) {
            Site site = (Site) data.get("site");
            LocalDate day = date(date, site);
            LocalDate monthStart = day.withDayOfMonth(1);
            int target = quality.target(site.id());
            data.put("date", day);
            data.put("today", day.equals(quality.today(site.id())));
            data.put("target", target);
            data.put("dayKpis", quality.siteKpis(site.id(), day, day));
            ReplicaReads.Read<Kpis> monthKpis = quality.siteKpisRead(site.id(), monthStart, day);
            data.put("monthKpis", monthKpis.value());
            data.put("readFrom", monthKpis.from());
            QualityService.Joined joinedDay = quality.joined(site.id(), day, day);
            QualityService.Joined joinedMonth = quality.joined(site.id(), monthStart, day);
            data.put("dayCounters", counterRows(site.id(), day, day, joinedDay));
            data.put("monthCounters", counterRows(site.id(), monthStart, day, joinedMonth));
            data.put("officers", joinedMonth.officers());
            data.put("covers", joinedMonth.covers());
            data.put("flags", joinedMonth.flags().stream().limit(100).toList());
            data.put("flagCount", joinedMonth.flags().size());
            data.put("services", quality.kpis(site.id(), monthStart, day, Kpis.By.SERVICE, null, null));
            data.put("board", quality.board(site.id(), ctx.caller()));
            data.put("refresh", REFRESH_SECONDS);
            data.put("monthStart", monthStart);
            data.put("prevDay", day.minusDays(1));
            data.put("nextDay", day.plusDays(1));
            data.put("chart", chart(site.id(), day, joinedMonth, target, ctx.t()));
            data.put("mayEdit", ctx.caller().isAdmin());
        }
        return new PageView("quality/dashboard.ftlh", ctx, "quality.title", data);
    }

    /** The live board alone, which htmx swaps in every few seconds. */
    @GET
    @Path("board")
    public PageView board(@Context ContainerRequestContext request, @QueryParam("siteId") Long siteId) {
        WebContext ctx = web.context(request);
        Map<String, Object> data = ledSite(ctx.caller(), siteId);
        Site site = (Site) data.get("site");
        data.put("board", quality.board(site.id(), ctx.caller()));
        data.put("refresh", REFRESH_SECONDS);
        return new PageView("quality/board.ftlh", ctx, "quality.title", data);
    }

    /** One counter's day: its KPIs and joined measures, who served there, and every ticket. */
    @GET
    @Path("counter")
    public PageView counter(@Context ContainerRequestContext request, @QueryParam("counterId") Long counterId,
                            @QueryParam("date") LocalDate date) {
        WebContext ctx = web.context(request);
        Counter counter = counterId == null ? null : counters.find(counterId).orElse(null);
        if (counter == null) {
            throw new NotFoundException();
        }
        Map<String, Object> data = ledSite(ctx.caller(), counter.siteId());
        Site site = (Site) data.get("site");
        LocalDate day = date(date, site);
        QualityService.Joined joined = quality.joined(site.id(), day, day, ctx.caller());
        data.put("counter", counter);
        data.put("date", day);
        data.put("prevDay", day.minusDays(1));
        data.put("nextDay", day.plusDays(1));
        data.put("target", quality.target(site.id()));
        ReplicaReads.Read<List<Kpis>> k = quality.kpisRead(site.id(), day, day, Kpis.By.SITE, counter.id(), null);
        data.put("kpis", k.value().isEmpty() ? null : k.value().get(0));
        data.put("readFrom", k.from());
        data.put("measures", joined.counters().stream().filter(c -> c.counterId() == counter.id()).findFirst().orElse(null));
        data.put("officers", quality.kpis(site.id(), day, day, Kpis.By.OFFICER, counter.id(), null));
        data.put("tickets", quality.tickets(site.id(), day, day, counter.id(), null, 2000, ctx.caller()));
        data.put("flags", joined.flags().stream().filter(f -> f.counterId() != null && f.counterId() == counter.id()).toList());
        return new PageView("quality/counter.ftlh", ctx, "quality.counterTitle", data);
    }

    /** One officer's month at a site: presence beside waits and ratings, and the tickets of the day. */
    @GET
    @Path("officer")
    public PageView officer(@Context ContainerRequestContext request, @QueryParam("siteId") Long siteId,
                            @QueryParam("staffId") Long staffId, @QueryParam("date") LocalDate date) {
        WebContext ctx = web.context(request);
        if (staffId == null) {
            throw new NotFoundException();
        }
        Map<String, Object> data = ledSite(ctx.caller(), siteId);
        Site site = (Site) data.get("site");
        LocalDate day = date(date, site);
        LocalDate monthStart = day.withDayOfMonth(1);
        QualityService.Joined joined = quality.joined(site.id(), monthStart, day, ctx.caller());
        data.put("date", day);
        data.put("monthStart", monthStart);
        data.put("staffId", staffId);
        data.put("measures", joined.officers().stream().filter(o -> o.staffId() == staffId).findFirst().orElse(null));
        ReplicaReads.Read<List<Kpis>> k = quality.kpisRead(site.id(), monthStart, day, Kpis.By.SITE, null, staffId);
        data.put("kpis", k.value().isEmpty() ? null : k.value().get(0));
        data.put("readFrom", k.from());
        data.put("days", quality.kpis(site.id(), monthStart, day, Kpis.By.DAY, null, staffId));
        data.put("tickets", quality.tickets(site.id(), day, day, null, staffId, 2000, ctx.caller()));
        data.put("covers", joined.covers());
        data.put("target", quality.target(site.id()));
        return new PageView("quality/officer.ftlh", ctx, "quality.officerTitle", data);
    }

    /** The printable weekly summary: the week (Monday to Sunday) holding the date. */
    @GET
    @Path("week")
    public PageView week(@Context ContainerRequestContext request, @QueryParam("siteId") Long siteId,
                         @QueryParam("date") LocalDate date) {
        WebContext ctx = web.context(request);
        Map<String, Object> data = ledSite(ctx.caller(), siteId);
        Site site = (Site) data.get("site");
        LocalDate monday = date(date, site).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate sunday = monday.plusDays(6);
        QualityService.Joined joined = quality.joined(site.id(), monday, sunday, ctx.caller());
        data.put("from", monday);
        data.put("to", sunday);
        data.put("target", quality.target(site.id()));
        ReplicaReads.Read<Kpis> kpis = quality.siteKpisRead(site.id(), monday, sunday);
        data.put("kpis", kpis.value());
        data.put("readFrom", kpis.from());
        data.put("days", dayRows(site.id(), monday, sunday, joined));
        data.put("counters", counterRows(site.id(), monday, sunday, joined));
        data.put("officers", joined.officers());
        data.put("covers", joined.covers());
        data.put("flagCount", joined.flags().size());
        data.put("prevWeek", monday.minusDays(7));
        data.put("nextWeek", monday.plusDays(7));
        return new PageView("quality/week.ftlh", ctx, "quality.weekTitle", data);
    }

    /** The range's KPIs and joined measures as an Excel workbook, one sheet each. */
    @GET
    @Path("export")
    @Produces(XLSX)
    public Response export(@Context ContainerRequestContext request, @QueryParam("siteId") Long siteId,
                           @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to) {
        WebContext ctx = web.context(request);
        Map<String, Object> data = ledSite(ctx.caller(), siteId);
        Site site = (Site) data.get("site");
        LocalDate end = date(to, site);
        LocalDate start = from == null ? end.withDayOfMonth(1) : from;
        QualityService.Joined joined = quality.joined(site.id(), start, end, ctx.caller());
        QualityXlsx.Report report = new QualityXlsx.Report(site.name(), start, end, quality.target(site.id()),
                quality.siteKpis(site.id(), start, end), counterRows(site.id(), start, end, joined),
                quality.kpis(site.id(), start, end, Kpis.By.SERVICE, null, null), dayRows(site.id(), start, end, joined),
                joined.officers(), joined.covers(), joined.flags());
        String file = "chat-luong-phuc-vu-" + start + "-" + end + ".xlsx";
        return Response.ok((StreamingOutput) out -> new QualityXlsx().write(report, ctx.t(), out), XLSX)
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"").build();
    }

    @POST
    @Path("target")
    @RolesAllowed("ADMIN")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response target(@Context ContainerRequestContext request, MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        Long siteId = Forms.id(form, "siteId");
        if (siteId == null) {
            throw new NotFoundException();
        }
        try {
            quality.setTarget(siteId, Forms.integer(form, "waitTargetMinutes"), ctx.caller());
        } catch (RuntimeException e) {
            List<String> problems = Forms.problems(e, ctx.t()).orElseThrow(() -> e);
            PageView again = dashboard(request, siteId, null, null);
            again.getData().put("problems", problems);
            return Response.status(422).entity(again).build();
        }
        return Response.seeOther(URI.create("/quality?siteId=" + siteId + "&done=saved")).build();
    }

    /** Each counter's KPIs beside its joined measures, in counter order. */
    private List<Map<String, Object>> counterRows(long siteId, LocalDate from, LocalDate to, QualityService.Joined joined) {
        Map<String, Kpis> kpis = new HashMap<>();
        quality.kpis(siteId, from, to, Kpis.By.COUNTER, null, null).forEach(k -> kpis.put(k.key(), k));
        return joined.counters().stream().map(c -> {
            Map<String, Object> row = new HashMap<>();
            row.put("c", c);
            Kpis k = kpis.get(String.valueOf(c.counterId()));
            if (k != null) {
                row.put("k", k);
            }
            return row;
        }).toList();
    }

    /** Each day's KPIs beside its unattended-queue and away minutes. */
    private List<Map<String, Object>> dayRows(long siteId, LocalDate from, LocalDate to, QualityService.Joined joined) {
        Map<String, Kpis> kpis = new HashMap<>();
        quality.kpis(siteId, from, to, Kpis.By.DAY, null, null).forEach(k -> kpis.put(k.key(), k));
        Map<LocalDate, QualityService.DayMeasures> measures = new HashMap<>();
        joined.days().forEach(d -> measures.put(d.date(), d));
        return from.datesUntil(to.plusDays(1)).map(d -> {
            Map<String, Object> row = new HashMap<>();
            row.put("date", d);
            if (kpis.containsKey(d.toString())) {
                row.put("k", kpis.get(d.toString()));
            }
            if (measures.containsKey(d)) {
                row.put("m", measures.get(d));
            }
            return row;
        }).toList();
    }

    /** What the charts draw, as JSON for assets/quality-charts.js: the month's days and the last twelve weeks. */
    private String chart(long siteId, LocalDate day, QualityService.Joined month, int target, Messages t) {
        LocalDate monthStart = day.withDayOfMonth(1);
        Map<String, Kpis> byDay = new HashMap<>();
        quality.kpis(siteId, monthStart, day, Kpis.By.DAY, null, null).forEach(k -> byDay.put(k.key(), k));
        Map<LocalDate, QualityService.DayMeasures> measures = new HashMap<>();
        month.days().forEach(d -> measures.put(d.date(), d));
        List<LocalDate> days = monthStart.datesUntil(day.plusDays(1)).toList();
        LocalDate firstWeek = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(11);
        List<Kpis> weeks = quality.kpis(siteId, firstWeek, day, Kpis.By.WEEK, null, null);
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("target", target);
        chart.put("days", days.stream().map(d -> d.getDayOfMonth() + "/" + d.getMonthValue()).toList());
        chart.put("issued", days.stream().map(d -> byDay.containsKey(d.toString()) ? byDay.get(d.toString()).issued() : 0).toList());
        chart.put("served", days.stream().map(d -> byDay.containsKey(d.toString()) ? byDay.get(d.toString()).served() : 0).toList());
        chart.put("avgWait", days.stream().map(d -> byDay.containsKey(d.toString()) ? byDay.get(d.toString()).avgWaitMinutes() : null).toList());
        chart.put("satisfaction", days.stream().map(d -> byDay.containsKey(d.toString())
                ? byDay.get(d.toString()).satisfactionPercent() : null).toList());
        chart.put("unattended", days.stream().map(d -> measures.containsKey(d) ? measures.get(d).unattendedQueueMinutes() : null).toList());
        chart.put("weeks", weeks.stream().map(w -> LocalDate.parse(w.key())).map(w -> w.getDayOfMonth() + "/" + w.getMonthValue()).toList());
        chart.put("weekIssued", weeks.stream().map(Kpis::issued).toList());
        chart.put("weekAvgWait", weeks.stream().map(Kpis::avgWaitMinutes).toList());
        chart.put("weekOverTarget", weeks.stream().map(Kpis::overTargetPercent).toList());
        chart.put("weekSatisfaction", weeks.stream().map(Kpis::satisfactionPercent).toList());
        Map<String, String> labels = new LinkedHashMap<>();
        for (String key : List.of("issued", "served", "avgWait", "satisfaction", "unattended", "target", "overTarget",
                "minutes", "percent", "tickets")) {
            labels.put(key, t.get("quality.chart." + key));
        }
        chart.put("labels", labels);
        try {
            return JSON.writeValueAsString(chart);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The sites the caller leads, and the one picked (the first by default): service quality is the site's as a whole.
     */
    private Map<String, Object> siteChoice(Caller caller, Long siteId) {
        return org.pickLedSite(caller, siteId).into(new HashMap<>());
    }

    /** The views below the dashboard: a site the caller leads (403 for any other), 404 without one. */
    private Map<String, Object> ledSite(Caller caller, Long siteId) {
        Map<String, Object> data = siteChoice(caller, siteId);
        if (!data.containsKey("site")) {
            throw new NotFoundException();
        }
        return data;
    }

    /** The day asked for, or today at the site. */
    private LocalDate date(LocalDate value, Site site) {
        return value != null ? value : quality.today(site.id());
    }
}
