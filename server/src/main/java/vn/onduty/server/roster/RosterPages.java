package vn.onduty.server.roster;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.onduty.server.calendar.SessionPart;
import vn.onduty.server.org.counter.Counter;
import vn.onduty.server.org.counter.CounterService;
import vn.onduty.server.org.OrgChoices;
import vn.onduty.server.org.site.Site;
import vn.onduty.server.web.Format;
import vn.onduty.server.web.Forms;
import vn.onduty.server.web.Messages;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/**
 * The supervisor's roster pages: a week grid (counters by days by sessions) with changes marked, a
 * page per counter session to change it (another officer, closed, a substitution) or revoke a change,
 * and a form per counter for its weekly template. The grid reads the same service as the API.
 */
@Path("/roster")
@Hidden
@RolesAllowed({"SUPERVISOR", "ADMIN"})
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class RosterPages {

    static final List<DayOfWeek> TEMPLATE_WEEK = List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY, DayOfWeek.FRIDAY, DayOfWeek.SATURDAY);
    static final Set<String> DONE = Set.of("changeAdded", "changeRevoked", "templateSaved");

    /** A grid row: a counter and its cell per day and session (null where the day has no such session). */
    public record Row(long counterId, int number, String name, List<Assignment> cells) {}

    /** A column of the grid: a date and a session. */
    public record Column(LocalDate date, SessionPart part, boolean open) {}

    private final Web web;
    private final RosterService roster;
    private final OrgChoices org;
    private final CounterService counters;

    public RosterPages(Web web, RosterService roster, OrgChoices org, CounterService counters) {
        this.web = web;
        this.roster = roster;
        this.org = org;
        this.counters = counters;
    }

    @GET
    public PageView week(@Context ContainerRequestContext request, @QueryParam("siteId") Long siteId,
                         @QueryParam("week") LocalDate week, @QueryParam("done") String done) {
        WebContext ctx = web.context(request);
        OrgChoices.SitePick pick = org.pickSite(ctx.caller(), siteId);
        Map<String, Object> data = pick.into(new HashMap<>());
        if (done != null && DONE.contains(done)) {
            data.put("done", done);
        }
        if (pick.site() != null) {
            Site site = pick.site();
            LocalDate monday = (week != null ? week : roster.today(site.id()))
                    .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            List<RosterDay> days = roster.range(site.id(), monday, monday.plusDays(5), ctx.caller());
            List<Column> columns = new ArrayList<>();
            for (RosterDay d : days) {
                for (SessionPart p : SessionPart.values()) {
                    columns.add(new Column(d.date(), p, d.has(p)));
                }
            }
            List<Row> rows = new ArrayList<>();
            Map<Long, Row> byCounter = new LinkedHashMap<>();
            for (RosterDay d : days) {
                for (Assignment a : d.assignments()) {
                    byCounter.computeIfAbsent(a.counterId(), id -> new Row(id, a.counterNumber(), a.counterName(), new ArrayList<>()));
                }
            }
            for (Row r : byCounter.values()) {
                for (Column c : columns) {
                    RosterDay d = days.get((int) (c.date().toEpochDay() - monday.toEpochDay()));
                    r.cells().add(d.at(r.counterId(), c.part()).orElse(null));
                }
                rows.add(r);
            }
            data.put("days", days);
            data.put("columns", columns);
            data.put("rows", rows);
            data.put("monday", monday);
            data.put("saturday", monday.plusDays(5));
            data.put("prev", monday.minusWeeks(1).toString());
            data.put("next", monday.plusWeeks(1).toString());
            data.put("mayEdit", roster.mayEdit(site.id(), ctx.caller()));
        }
        return new PageView("roster/week.ftlh", ctx, "roster.title", data);
    }

    @GET
    @Path("cell")
    public PageView cell(@Context ContainerRequestContext request, @QueryParam("counterId") Long counterId,
                         @QueryParam("date") LocalDate date, @QueryParam("part") String part) {
        WebContext ctx = web.context(request);
        if (date == null) {
            throw new NotFoundException();
        }
        return cellPage(ctx, counter(counterId), date, part(part), Map.of(), List.of());
    }

    @POST
    @Path("changes")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response addChange(@Context ContainerRequestContext request, MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        Counter counter = counter(Forms.id(form, "counterId"));
        LocalDate date = Forms.date(form, "date");
        if (date == null) {
            throw new NotFoundException();
        }
        SessionPart part = part(form.getFirst("part"));
        Map<String, String> values = new HashMap<>();
        form.forEach((k, v) -> values.put(k, v.isEmpty() ? "" : v.get(0)));
        ChangeKind kind;
        try {
            kind = ChangeKind.valueOf(String.valueOf(Forms.text(form, "kind")));
        } catch (IllegalArgumentException e) {
            return Response.status(422).entity(cellPage(ctx, counter, date, part, values,
                    List.of(ctx.t().get("roster.chooseKind")))).build();
        }
        Long staffId = kind == ChangeKind.CLOSED ? null : Forms.id(form, "staffId");
        ChangeInput input = new ChangeInput(counter.id(), date, part, kind, staffId, null, Forms.text(form, "reason"));
        try {
            roster.addChange(input, ctx.caller());
        } catch (RuntimeException e) {
            List<String> problems = problems(e, ctx.t());
            return Response.status(422).entity(cellPage(ctx, counter, date, part, values, problems)).build();
        }
        return weekOf(counter.siteId(), date, "changeAdded");
    }

    @POST
    @Path("changes/{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(@Context ContainerRequestContext request, @PathParam("id") long id,
                           MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        var change = roster.change(id, ctx.caller()).orElseThrow(NotFoundException::new);
        try {
            roster.revoke(id, new RevokeInput(Forms.text(form, "reason")), ctx.caller());
        } catch (RuntimeException e) {
            List<String> problems = problems(e, ctx.t());
            return Response.status(422).entity(cellPage(ctx, counter(change.counterId()), change.date(), change.part(),
                    Map.of(), problems)).build();
        }
        return weekOf(change.siteId(), change.date(), "changeRevoked");
    }

    @GET
    @Path("template")
    public PageView templateForm(@Context ContainerRequestContext request, @QueryParam("counterId") Long counterId) {
        WebContext ctx = web.context(request);
        Counter counter = counter(counterId);
        LocalDate today = roster.today(counter.siteId());
        RosterService.TemplateView view = roster.template(counter.siteId(), today, ctx.caller());
        Map<String, String> values = new HashMap<>();
        values.put("validFrom", today.toString());
        if (view.inForce() != null) {
            if (view.inForce().validUntil() != null) {
                values.put("validUntil", view.inForce().validUntil().toString());
            }
            for (RosterTemplate.Slot s : view.inForce().slots()) {
                if (s.counterId() == counterId) {
                    values.put(s.weekday() + "." + s.part(), String.valueOf(s.officer().id()));
                }
            }
        }
        return templatePage(ctx, counter, values, List.of());
    }

    @POST
    @Path("template")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveTemplate(@Context ContainerRequestContext request, @QueryParam("counterId") Long counterId,
                                 MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        Counter counter = counter(counterId);
        Map<String, String> values = new HashMap<>();
        form.forEach((k, v) -> values.put(k, v.isEmpty() ? "" : v.get(0)));
        LocalDate from = Forms.date(form, "validFrom");
        String untilText = Forms.text(form, "validUntil");
        LocalDate until = Forms.date(form, "validUntil");
        if (from == null || (untilText != null && until == null)) {
            return Response.status(422).entity(templatePage(ctx, counter, values,
                    List.of(ctx.t().get("roster.badDate")))).build();
        }
        // The template is stored whole: the other counters keep what is in force on the first day.
        RosterTemplate inForce = roster.template(counter.siteId(), from, ctx.caller()).inForce();
        List<TemplateInput.Slot> slots = new ArrayList<>();
        if (inForce != null) {
            inForce.slots().stream().filter(s -> s.counterId() != counterId)
                    .forEach(s -> slots.add(new TemplateInput.Slot(s.counterId(), s.weekday(), s.part(), s.officer().id())));
        }
        for (DayOfWeek d : TEMPLATE_WEEK) {
            for (SessionPart p : SessionPart.values()) {
                Long staff = Forms.id(form, d + "." + p);
                if (staff != null) {
                    slots.add(new TemplateInput.Slot(counterId, d, p, staff));
                }
            }
        }
        try {
            roster.replaceTemplate(counter.siteId(), new TemplateInput(from, until, Forms.text(form, "note"), slots),
                    ctx.caller());
        } catch (RuntimeException e) {
            List<String> problems = problems(e, ctx.t());
            return Response.status(422).entity(templatePage(ctx, counter, values, problems)).build();
        }
        return weekOf(counter.siteId(), from, "templateSaved");
    }

    // ---- pages ----

    private PageView cellPage(WebContext ctx, Counter counter, LocalDate date, SessionPart part, Map<String, String> values,
                              List<String> problems) {
        Site site = org.pickSite(ctx.caller(), counter.siteId()).site();
        RosterDay day = roster.day(site.id(), date, ctx.caller());
        Assignment current = day.at(counter.id(), part).orElse(null);
        // Officers free in that session: not on another counter then, at this site or another.
        Set<Long> busy = new HashSet<>(roster.rosteredElsewhere(site.id(), date, part));
        day.assignments().stream().filter(a -> a.part() == part && a.officer() != null && a.counterId() != counter.id())
                .forEach(a -> busy.add(a.officer().id()));
        List<RosterDao.Candidate> free = roster.candidates(site.id(), counter.departmentId(), ctx.caller()).stream()
                .filter(c -> !busy.contains(c.id()) && (current == null || current.officer() == null
                        || current.officer().id() != c.id()))
                .toList();
        Map<String, Object> data = new HashMap<>();
        data.put("site", site);
        data.put("counter", counter);
        data.put("date", date);
        data.put("part", part.name());
        data.put("open", day.has(part));
        data.put("current", current);
        data.put("free", free);
        data.put("departmentId", counter.departmentId() == null ? 0L : counter.departmentId());
        data.put("changes", roster.changes(site.id(), counter.id(), date, part, ctx.caller()));
        data.put("values", values);
        data.put("problems", problems);
        data.put("mayEdit", roster.mayEdit(site.id(), ctx.caller()));
        data.put("kinds", List.of(ChangeKind.values()).stream().map(Enum::name).toList());
        return new PageView("roster/cell.ftlh", ctx, "roster.cellTitle", data);
    }

    private PageView templatePage(WebContext ctx, Counter counter, Map<String, String> values, List<String> problems) {
        if (!roster.mayEdit(counter.siteId(), ctx.caller())) {
            throw new ForbiddenException("Only an administrator or a supervisor of this site may change its roster");
        }
        Site site = org.pickSite(ctx.caller(), counter.siteId()).site();
        Map<String, Object> data = new HashMap<>();
        data.put("site", site);
        data.put("counter", counter);
        data.put("values", values);
        data.put("problems", problems);
        data.put("candidates", roster.candidates(site.id(), counter.departmentId(), ctx.caller()));
        data.put("departmentId", counter.departmentId() == null ? 0L : counter.departmentId());
        data.put("weekdays", TEMPLATE_WEEK.stream().map(Enum::name).toList());
        data.put("parts", List.of(SessionPart.values()).stream().map(Enum::name).toList());
        return new PageView("roster/template.ftlh", ctx, "roster.templateTitle", data);
    }

    // ---- helpers ----

    /** What a refused change shows beside the form, in the page's language; a double booking line by line. */
    static List<String> problems(RuntimeException e, Messages t) {
        if (e instanceof RosterClashException clash) {
            List<String> out = new ArrayList<>();
            out.add(t.get("roster.clash." + clash.refused().name()));
            clash.clashes().forEach(b -> out.add(describe(b, t)));
            return out;
        }
        return Forms.problems(e, t).orElseThrow(() -> e);
    }

    /** "CB0012 Nguyễn Thị Lan sẽ trực cùng lúc ở quầy 1 (…) tại … và quầy 5 (…) tại … vào buổi sáng ngày 01/03/2027." */
    static String describe(DoubleBooking b, Messages t) {
        boolean sites = b.acrossSites();
        List<String> places = b.places().stream()
                .map(p -> sites ? t.get("roster.clash.placeAt", String.valueOf(p.counterNumber()), p.counterName(), p.siteName())
                        : t.get("roster.clash.place", String.valueOf(p.counterNumber()), p.counterName()))
                .toList();
        String part = t.get("roster.part." + b.part()).toLowerCase(t.locale());
        String when = b.date() != null ? t.get("roster.clash.onDate", part, new Format().date(b.date()))
                : t.get("roster.clash.everyWeekday", part, t.get("weekday." + b.weekday()));
        return t.get("roster.clash.line", b.officer().label(), String.join(" " + t.get("roster.clash.and") + " ", places),
                when);
    }

    private Counter counter(Long id) {
        if (id == null) {
            throw new NotFoundException();
        }
        return counters.find(id).orElseThrow(NotFoundException::new);
    }

    private static Response weekOf(long siteId, LocalDate date, String done) {
        return Response.seeOther(UriBuilder.fromPath("/roster").queryParam("siteId", siteId)
                .queryParam("week", date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString())
                .queryParam("done", done).build()).build();
    }

    private static SessionPart part(String text) {
        try {
            return SessionPart.valueOf(String.valueOf(text));
        } catch (IllegalArgumentException e) {
            throw new NotFoundException();
        }
    }
}
