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
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.onduty.server.org.site.Site;
import vn.onduty.server.org.site.SiteService;
import vn.onduty.server.web.Forms;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/**
 * The admin page of one site's working calendar: grace and punch windows, the default week of
 * sessions, seasons with their own week, duty Saturdays, and a month as the calendar computes it.
 *
 * <p>The form is a grid of time inputs named {@code w.MONDAY.MORNING.start} (default week) and
 * {@code s0.MONDAY.MORNING.start} (season 0), a blank block for a new season, and duty Saturdays one
 * per line. Problems are shown beside the cell they are about, in the page's language.
 */
@Path("/admin/sites/{id}/calendar")
@Hidden
@RolesAllowed("ADMIN")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class SiteCalendarAdminPages {

    static final List<DayOfWeek> WEEK = List.of(DayOfWeek.values());
    static final List<SessionPart> PARTS = List.of(SessionPart.values());
    private static final String[] NUMBERS = {"lateGraceMinutes", "earlyLeaveGraceMinutes", "punchInBeforeMinutes",
            "punchOutAfterMinutes"};
    private static final Pattern DAY_MONTH = Pattern.compile("(\\d{1,2})/(\\d{1,2})");
    private static final DateTimeFormatter DMY = DateTimeFormatter.ofPattern("d/M/uuuu");
    private static final DateTimeFormatter DD_MM = DateTimeFormatter.ofPattern("dd/MM/uuuu");
    private static final DateTimeFormatter H_MM = DateTimeFormatter.ofPattern("H:mm");

    /** What the form holds: every field as typed, which season blocks to show, and problems by field name. */
    public record CalendarForm(Map<String, String> values, List<Integer> seasons, Map<String, String> errors) {}

    /** A form read back: the input to save, problems found while reading, and where each input path sits in the form. */
    private record Parsed(SiteCalendarInput input, Map<String, String> errors, Map<String, String> places) {}

    private final Web web;
    private final Forms forms;
    private final SiteCalendarService calendars;
    private final SiteService sites;
    private final Clock clock;

    public SiteCalendarAdminPages(Web web, Forms forms, SiteCalendarService calendars, SiteService sites, Clock clock) {
        this.web = web;
        this.forms = forms;
        this.calendars = calendars;
        this.sites = sites;
        this.clock = clock;
    }

    @GET
    public PageView show(@Context ContainerRequestContext request, @PathParam("id") long id,
                         @QueryParam("month") YearMonth month, @QueryParam("done") String done) {
        Site site = sites.find(id).orElseThrow(NotFoundException::new);
        SiteCalendar calendar = calendars.get(id);
        PageView page = page(web.context(request), site, calendar, formOf(calendar), List.of(), month);
        if ("saved".equals(done)) {
            page.getData().put("done", done);
        }
        return page;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@Context ContainerRequestContext request, @PathParam("id") long id,
                         MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        Site site = sites.find(id).orElseThrow(NotFoundException::new);
        Parsed parsed = parse(form, ctx);
        Map<String, String> errors = new LinkedHashMap<>(parsed.errors());
        List<String> problems = new ArrayList<>();
        forms.validate(parsed.input(), ctx.t()).forEach((field, message) -> {
            if (List.of(NUMBERS).contains(field)) {
                errors.putIfAbsent(field, message);
            }
        });
        // Cells are checked one by one while reading the form; only the lists' lengths are left.
        if (parsed.input().seasonsOrEmpty().size() > SiteCalendarInput.MAX_SEASONS) {
            problems.add(ctx.t().get("siteCalendar.seasons") + ": " + ctx.t().get("validation.Size", SiteCalendarInput.MAX_SEASONS));
        }
        if (parsed.input().dutySaturdaysOrEmpty().size() > SiteCalendarInput.MAX_DUTY_SATURDAYS) {
            problems.add(ctx.t().get("siteCalendar.dutySaturdays") + ": "
                    + ctx.t().get("validation.Size", SiteCalendarInput.MAX_DUTY_SATURDAYS));
        }
        for (CalendarProblem p : SiteCalendarRules.check(parsed.input())) {
            place(p, parsed.places(), errors, ctx);
        }
        if (errors.isEmpty() && problems.isEmpty()) {
            try {
                calendars.replace(id, parsed.input(), ctx.caller());
                return Response.seeOther(URI.create("/admin/sites/" + id + "/calendar?done=saved")).build();
            } catch (CalendarRuleException e) {
                e.problems().forEach(p -> place(p, parsed.places(), errors, ctx));
            } catch (RuntimeException e) {
                problems.addAll(Forms.problems(e, ctx.t()).orElseThrow(() -> e));
            }
        }
        CalendarForm again = new CalendarForm(values(form), seasonBlocks(form), errors);
        return Response.status(422).entity(page(ctx, site, calendars.get(id), again, problems, null)).build();
    }

    private PageView page(WebContext ctx, Site site, SiteCalendar calendar, CalendarForm form, List<String> problems,
                          YearMonth month) {
        YearMonth ym = month != null ? month : YearMonth.now(clock.withZone(ZoneId.of(site.timeZone())));
        List<CalendarDay> days = calendars.days(site.id(), ym.atDay(1), ym.atEndOfMonth()).days();
        Map<String, Object> data = new HashMap<>();
        data.put("site", site);
        data.put("calendar", calendar);
        data.put("notEightHours", SiteCalendarRules.notEightHours(calendar));
        data.put("form", form);
        data.put("week", WEEK.stream().map(Enum::name).toList());
        data.put("parts", PARTS.stream().map(Enum::name).toList());
        data.put("problems", problems);
        data.put("errorCount", form.errors().size());
        data.put("month", ym.toString());
        data.put("monthLabel", String.format("%02d/%d", ym.getMonthValue(), ym.getYear()));
        data.put("prev", ym.minusMonths(1).toString());
        data.put("next", ym.plusMonths(1).toString());
        data.put("days", days);
        data.put("workingDays", days.stream().filter(CalendarDay::working).count());
        data.put("provisionalYears", new TreeSet<>(days.stream().filter(d -> !d.scheduleConfirmed())
                .map(d -> d.date().getYear()).toList()));
        return new PageView("calendar/site-calendar.ftlh", ctx, "siteCalendar.title", data);
    }

    /** The form of a stored (or default) calendar, with one blank season block to add a season. */
    static CalendarForm formOf(SiteCalendar c) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("lateGraceMinutes", String.valueOf(c.lateGraceMinutes()));
        v.put("earlyLeaveGraceMinutes", String.valueOf(c.earlyLeaveGraceMinutes()));
        v.put("punchInBeforeMinutes", String.valueOf(c.punchInBeforeMinutes()));
        v.put("punchOutAfterMinutes", String.valueOf(c.punchOutAfterMinutes()));
        putWeek(v, "w", c.sessions());
        List<Integer> blocks = new ArrayList<>();
        for (int i = 0; i < c.seasons().size(); i++) {
            SiteCalendar.Season s = c.seasons().get(i);
            v.put("s" + i + ".name", s.name());
            v.put("s" + i + ".from", dayMonth(s.from()));
            v.put("s" + i + ".to", dayMonth(s.to()));
            putWeek(v, "s" + i, s.sessions());
            blocks.add(i);
        }
        blocks.add(c.seasons().size());
        StringBuilder duty = new StringBuilder();
        for (SiteCalendar.DutySaturday d : c.dutySaturdays()) {
            duty.append(DD_MM.format(d.date())).append(d.note() == null ? "" : " " + d.note()).append('\n');
        }
        v.put("dutySaturdays", duty.toString());
        return new CalendarForm(v, blocks, Map.of());
    }

    private static void putWeek(Map<String, String> v, String prefix, List<SiteCalendar.SessionTime> sessions) {
        for (SiteCalendar.SessionTime t : sessions) {
            String cell = prefix + "." + t.weekday() + "." + t.part();
            v.put(cell + ".start", t.start().toString());
            v.put(cell + ".end", t.end().toString());
        }
    }

    /** "10-16" as Vietnamese write it: "16/10". */
    private static String dayMonth(String monthDay) {
        return monthDay.substring(3) + "/" + monthDay.substring(0, 2);
    }

    private Parsed parse(MultivaluedMap<String, String> form, WebContext ctx) {
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, String> places = new LinkedHashMap<>();
        List<SiteCalendarInput.Session> week = week(form, "w", "sessions", errors, places, ctx);
        List<SiteCalendarInput.Season> seasons = new ArrayList<>();
        for (int block : seasonBlocks(form)) {
            String p = "s" + block;
            if (form.getFirst(p + ".remove") != null || blockIsEmpty(form, p)) {
                continue;
            }
            String at = "seasons[" + seasons.size() + "]";
            places.put(at, p);
            String name = Forms.text(form, p + ".name");
            if (name == null) {
                errors.put(p + ".name", ctx.t().get("validation.NotBlank"));
            } else if (name.length() > 100) {
                errors.put(p + ".name", ctx.t().get("validation.Size", 100));
            }
            String from = monthDay(form, p + ".from", errors, ctx);
            String to = monthDay(form, p + ".to", errors, ctx);
            seasons.add(new SiteCalendarInput.Season(name, from, to, week(form, p, at + ".sessions", errors, places, ctx)));
        }
        List<SiteCalendarInput.DutySaturday> duty = new ArrayList<>();
        String text = form.getFirst("dutySaturdays");
        int line = 0;
        for (String raw : text == null ? new String[0] : text.split("\\R")) {
            line++;
            String l = raw.strip();
            if (l.isEmpty()) {
                continue;
            }
            String[] parts = l.split("\\s+", 2);
            LocalDate date = date(parts[0]);
            String note = parts.length > 1 ? parts[1].strip() : null;
            if (date == null) {
                errors.putIfAbsent("dutySaturdays", ctx.t().get("siteCalendar.line", line,
                        ctx.t().get("calendar.problem.notDate")));
                continue;
            }
            if (note != null && note.length() > 200) {
                errors.putIfAbsent("dutySaturdays", ctx.t().get("siteCalendar.line", line,
                        ctx.t().get("validation.Size", 200)));
                continue;
            }
            places.put("dutySaturdays[" + duty.size() + "]", "line:" + line);
            duty.add(new SiteCalendarInput.DutySaturday(date, note));
        }
        SiteCalendarInput input = new SiteCalendarInput(Forms.integer(form, NUMBERS[0]), Forms.integer(form, NUMBERS[1]),
                Forms.integer(form, NUMBERS[2]), Forms.integer(form, NUMBERS[3]), week, seasons, duty);
        return new Parsed(input, errors, places);
    }

    private static List<SiteCalendarInput.Session> week(MultivaluedMap<String, String> form, String prefix, String at,
                                                        Map<String, String> errors, Map<String, String> places,
                                                        WebContext ctx) {
        List<SiteCalendarInput.Session> out = new ArrayList<>();
        for (DayOfWeek day : WEEK) {
            for (SessionPart part : PARTS) {
                String cell = prefix + "." + day + "." + part;
                String startText = Forms.text(form, cell + ".start");
                String endText = Forms.text(form, cell + ".end");
                if (startText == null && endText == null) {
                    continue;
                }
                LocalTime start = time(startText, cell + ".start", errors, ctx);
                LocalTime end = time(endText, cell + ".end", errors, ctx);
                if (start != null && end != null) {
                    places.put(at + "[" + out.size() + "]", cell);
                    out.add(new SiteCalendarInput.Session(day, part, start, end));
                }
            }
        }
        return out;
    }

    private static LocalTime time(String text, String field, Map<String, String> errors, WebContext ctx) {
        if (text == null) {
            errors.put(field, ctx.t().get("calendar.problem.timeMissing"));
            return null;
        }
        try {
            return LocalTime.parse(text, H_MM);
        } catch (DateTimeParseException e) {
            try {
                return LocalTime.parse(text);
            } catch (DateTimeParseException again) {
                errors.put(field, ctx.t().get("calendar.problem.notTime"));
                return null;
            }
        }
    }

    /** "16/10" → "10-16", which the rules then check is a real day; anything else is said at once. */
    private static String monthDay(MultivaluedMap<String, String> form, String field, Map<String, String> errors,
                                   WebContext ctx) {
        String text = Forms.text(form, field);
        Matcher m = text == null ? null : DAY_MONTH.matcher(text);
        if (m == null || !m.matches()) {
            errors.put(field, ctx.t().get("calendar.problem.notDayOfYear"));
            return null;
        }
        return String.format("%02d-%02d", Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
    }

    private static LocalDate date(String text) {
        for (DateTimeFormatter f : List.of(DMY, DateTimeFormatter.ISO_LOCAL_DATE)) {
            try {
                return LocalDate.parse(text, f);
            } catch (DateTimeParseException e) {
                // try the next way of writing it
            }
        }
        return null;
    }

    private static boolean blockIsEmpty(MultivaluedMap<String, String> form, String prefix) {
        return form.keySet().stream().filter(k -> k.startsWith(prefix + ".")).allMatch(k -> Forms.text(form, k) == null);
    }

    /** The season blocks the form had, by their number in the field names. */
    private static List<Integer> seasonBlocks(MultivaluedMap<String, String> form) {
        TreeSet<Integer> blocks = new TreeSet<>();
        Pattern p = Pattern.compile("s(\\d{1,2})\\..*");
        for (String k : form.keySet()) {
            Matcher m = p.matcher(k);
            if (m.matches()) {
                blocks.add(Integer.parseInt(m.group(1)));
            }
        }
        return new ArrayList<>(blocks);
    }

    /** Puts a rule's problem beside the form field it is about (a duty Saturday's beside its line). */
    private static void place(CalendarProblem p, Map<String, String> places, Map<String, String> errors, WebContext ctx) {
        String message = CalendarAdminPages.translate(p.code(), p.message(), ctx);
        String path = places.keySet().stream().filter(k -> p.field().startsWith(k))
                .max(Comparator.comparingInt(String::length)).orElse(null);
        if (path == null) {
            errors.putIfAbsent(p.field(), message);
            return;
        }
        String place = places.get(path);
        if (place.startsWith("line:")) {
            errors.putIfAbsent("dutySaturdays", ctx.t().get("siteCalendar.line", place.substring(5), message));
            return;
        }
        String rest = p.field().substring(path.length());
        errors.putIfAbsent(place + (rest.isEmpty() ? (place.startsWith("s") && !place.contains(".") ? ".name" : ".start") : rest),
                message);
    }

    private static Map<String, String> values(MultivaluedMap<String, String> form) {
        Map<String, String> v = new HashMap<>();
        form.forEach((k, list) -> v.put(k, list.isEmpty() ? "" : list.get(0)));
        return v;
    }
}
