package vn.onduty.server.calendar;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
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
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.onduty.server.api.ExceptionMappers;
import vn.onduty.server.org.OrgChoices;
import vn.onduty.server.web.Format;
import vn.onduty.server.web.Forms;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/**
 * Admin pages for the working calendar: the overview (holiday years and each site's calendar), a
 * year's holiday schedule with its suggestions, additions, swaps and confirmation, and one day's edit form.
 */
@Path("/admin")
@Hidden
@RolesAllowed("ADMIN")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class CalendarAdminPages {

    /** The banners the holiday pages show after a redirect; each has a {@code holidays.done.*} text. */
    static final Set<String> DONE = Set.of("suggested", "confirmed", "created", "saved", "deleted");

    private final Web web;
    private final Forms forms;
    private final HolidayService holidays;
    private final SiteCalendarService calendars;
    private final OrgChoices org;
    private final LunarCalendar lunar;
    private final Clock clock;

    public CalendarAdminPages(Web web, Forms forms, HolidayService holidays, SiteCalendarService calendars,
                              OrgChoices org, LunarCalendar lunar, Clock clock) {
        this.web = web;
        this.forms = forms;
        this.holidays = holidays;
        this.calendars = calendars;
        this.org = org;
        this.lunar = lunar;
        this.clock = clock;
    }

    @GET
    @Path("calendar")
    public PageView overview(@Context ContainerRequestContext request) {
        int year = thisYear();
        Map<String, Object> data = new HashMap<>();
        data.put("years", List.of(holidays.year(year, null), holidays.year(year + 1, null)));
        data.put("sites", org.allSites());
        data.put("configured", calendars.configuredSiteIds().stream().map(String::valueOf).toList());
        return new PageView("calendar/calendar.ftlh", web.context(request), "calendar.title", data);
    }

    @GET
    @Path("holidays")
    public PageView year(@Context ContainerRequestContext request, @QueryParam("year") Integer year,
                         @QueryParam("done") String done) {
        int y = validYear(year);
        PageView page = yearPage(web.context(request), y, blank(), Map.of(), List.of());
        if (done != null && DONE.contains(done)) {
            page.getData().put("done", done);
        }
        return page;
    }

    @POST
    @Path("holidays/{year}/suggest")
    public Response suggest(@Context ContainerRequestContext request, @PathParam("year") int year) {
        WebContext ctx = web.context(request);
        try {
            holidays.suggest(year, ctx.caller());
        } catch (RuntimeException e) {
            int status = ExceptionMappers.known(e).map(ExceptionMappers.KnownFailure::code).orElseThrow(() -> e);
            return Response.status(status).entity(yearPage(ctx, year, blank(), Map.of(), problems(e, ctx))).build();
        }
        return Response.seeOther(URI.create("/admin/holidays?year=" + year + "&done=suggested")).build();
    }

    @POST
    @Path("holidays/{year}/confirm")
    public Response confirm(@Context ContainerRequestContext request, @PathParam("year") int year) {
        holidays.confirm(year, web.context(request).caller());
        return Response.seeOther(URI.create("/admin/holidays?year=" + year + "&done=confirmed")).build();
    }

    @POST
    @Path("holidays/days")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@Context ContainerRequestContext request, MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        int year = validYear(Forms.integer(form, "year"));
        HolidayInput input = read(form);
        Map<String, String> errors = errors(form, input, ctx);
        if (!errors.isEmpty()) {
            return Response.status(422).entity(yearPage(ctx, year, input, errors, List.of())).build();
        }
        try {
            holidays.create(input, ctx.caller());
        } catch (RuntimeException e) {
            Map<String, String> fieldErrors = fieldErrors(e, ctx);
            return Response.status(422).entity(yearPage(ctx, year, input, fieldErrors,
                    fieldErrors.isEmpty() ? problems(e, ctx) : List.of())).build();
        }
        return Response.seeOther(URI.create("/admin/holidays?year=" + input.date().getYear() + "&done=created")).build();
    }

    @GET
    @Path("holidays/days/{id}")
    public PageView editForm(@Context ContainerRequestContext request, @PathParam("id") long id) {
        Holiday day = holidays.find(id).orElseThrow(NotFoundException::new);
        return dayPage(web.context(request), day,
                new HolidayInput(day.date(), day.siteId(), day.kind(), day.name(), null), Map.of(), List.of());
    }

    @POST
    @Path("holidays/days/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@Context ContainerRequestContext request, @PathParam("id") long id,
                           MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        Holiday day = holidays.find(id).orElseThrow(NotFoundException::new);
        HolidayInput input = read(form);
        Map<String, String> errors = errors(form, input, ctx);
        if (!errors.isEmpty()) {
            return Response.status(422).entity(dayPage(ctx, day, input, errors, List.of())).build();
        }
        Holiday saved;
        try {
            saved = holidays.update(id, input, ctx.caller());
        } catch (RuntimeException e) {
            Map<String, String> fieldErrors = fieldErrors(e, ctx);
            return Response.status(422).entity(dayPage(ctx, day, input, fieldErrors,
                    fieldErrors.isEmpty() ? problems(e, ctx) : List.of())).build();
        }
        return Response.seeOther(URI.create("/admin/holidays?year=" + saved.date().getYear() + "&done=saved")).build();
    }

    @POST
    @Path("holidays/days/{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@Context ContainerRequestContext request, @PathParam("id") long id,
                           MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        Holiday day = holidays.find(id).orElseThrow(NotFoundException::new);
        try {
            holidays.delete(id, Forms.text(form, "reason"), ctx.caller());
        } catch (RuntimeException e) {
            Map<String, String> fieldErrors = fieldErrors(e, ctx);
            PageView page = dayPage(ctx, day, new HolidayInput(day.date(), day.siteId(), day.kind(), day.name(), null),
                    Map.of(), fieldErrors.isEmpty() ? problems(e, ctx) : List.of());
            page.getData().put("deleteErrors", fieldErrors);
            return Response.status(422).entity(page).build();
        }
        return Response.seeOther(URI.create("/admin/holidays?year=" + day.date().getYear() + "&done=deleted")).build();
    }

    private PageView yearPage(WebContext ctx, int year, HolidayInput input, Map<String, String> errors,
                              List<String> problems) {
        HolidayYear schedule = holidays.year(year, null);
        Map<String, Object> data = new HashMap<>();
        data.put("year", year);
        data.put("schedule", schedule);
        data.put("lunar", lunarDates(schedule.days()));
        data.put("names", org.names());
        data.put("sites", org.choicesFor(ctx.caller(), OrgChoices.keep(input.siteId()), List.of()).sites());
        data.put("kinds", kinds(ctx));
        data.put("input", input);
        data.put("errors", errors);
        data.put("problems", problems);
        return new PageView("calendar/holidays.ftlh", ctx, "holidays.title", data);
    }

    private PageView dayPage(WebContext ctx, Holiday day, HolidayInput input, Map<String, String> errors,
                             List<String> problems) {
        HolidayYear schedule = holidays.year(day.date().getYear(), day.siteId());
        Map<String, Object> data = new HashMap<>();
        data.put("day", day);
        data.put("confirmed", schedule.confirmed());
        data.put("lunar", lunarDates(List.of(day)));
        data.put("names", org.names());
        data.put("sites", org.choicesFor(ctx.caller(), OrgChoices.keep(input.siteId(), day.siteId()), List.of()).sites());
        data.put("kinds", kinds(ctx));
        data.put("input", input);
        data.put("errors", errors);
        data.put("problems", problems);
        data.put("deleteErrors", Map.of());
        return new PageView("calendar/holiday-form.ftlh", ctx, "holidays.edit", data);
    }

    /** "29/12" or "1/1" for each date shown, by its ISO text. */
    private Map<String, String> lunarDates(List<Holiday> days) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Holiday d : days) {
            var l = lunar.toLunar(d.date());
            out.put(d.date().toString(), l.day() + "/" + l.month() + (l.leapMonth() ? "N" : ""));
        }
        return out;
    }

    private static List<List<String>> kinds(WebContext ctx) {
        return java.util.Arrays.stream(HolidayKind.values())
                .map(k -> List.of(k.name(), ctx.t().get("holidays.kind." + k.name()))).toList();
    }

    private static HolidayInput blank() {
        return new HolidayInput(null, null, HolidayKind.DAY_OFF, "", null);
    }

    private static HolidayInput read(MultivaluedMap<String, String> form) {
        HolidayKind kind;
        try {
            kind = Forms.text(form, "kind") == null ? null : HolidayKind.valueOf(Forms.text(form, "kind"));
        } catch (IllegalArgumentException e) {
            kind = null;
        }
        return new HolidayInput(Forms.date(form, "date"), Forms.id(form, "siteId"), kind, Forms.text(form, "name"),
                Forms.text(form, "reason"));
    }

    /** Bean-validation errors, and a date that was typed but is not one said as such. */
    private Map<String, String> errors(MultivaluedMap<String, String> form, HolidayInput input, WebContext ctx) {
        Map<String, String> errors = new LinkedHashMap<>(forms.validate(input, ctx.t()));
        if (input.date() == null && Forms.text(form, "date") != null) {
            errors.put("date", ctx.t().get("validation.date"));
        }
        return errors;
    }

    /** A calendar rule broken by a field, translated, beside that field. */
    static Map<String, String> fieldErrors(RuntimeException e, WebContext ctx) {
        Map<String, String> out = new LinkedHashMap<>();
        if (e instanceof CalendarRuleException r) {
            r.problems().forEach(p -> out.putIfAbsent(p.field(), translate(p.code(), p.message(), ctx)));
        }
        return out;
    }

    static String translate(String code, String english, WebContext ctx) {
        String key = "calendar.problem." + code;
        return ctx.t().has(key) ? ctx.t().get(key) : english;
    }

    private static List<String> problems(RuntimeException e, WebContext ctx) {
        return Forms.problems(e, ctx.t()).orElseThrow(() -> e);
    }

    private int thisYear() {
        return LocalDate.now(clock.withZone(Format.DEFAULT_ZONE)).getYear();
    }

    private int validYear(Integer year) {
        if (year == null) {
            return thisYear();
        }
        if (year < LunarCalendar.MIN_YEAR || year > LunarCalendar.MAX_YEAR) {
            throw new NotFoundException("No holiday schedule for " + year);
        }
        return year;
    }
}
