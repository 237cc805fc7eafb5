package vn.onduty.server.attendance;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.web.Format;
import vn.onduty.server.web.Forms;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/**
 * Corrections on the web: an officer's form to ask for one (opened from a day of "Tháng của tôi") and list of
 * their own requests, and the supervisor's approvals inbox with its pending count for the navigation.
 */
@Path("/")
@Hidden
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class CorrectionPages {

    /** Banners after a step; each has its text under the key corrections.done plus its name. */
    static final Set<String> DONE = Set.of("requested", "cancelled", "approved", "rejected");

    private final Web web;
    private final Forms forms;
    private final CorrectionService corrections;
    private final Clock clock;

    public CorrectionPages(Web web, Forms forms, CorrectionService corrections, Clock clock) {
        this.web = web;
        this.forms = forms;
        this.corrections = corrections;
        this.clock = clock;
    }

    @GET
    @Path("me/corrections")
    @RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
    public PageView mine(@Context ContainerRequestContext request, @QueryParam("done") String done) {
        WebContext ctx = web.context(request);
        Caller caller = ctx.caller();
        Map<String, Object> data = new HashMap<>();
        data.put("linked", caller.staffId() != null);
        data.put("items", caller.staffId() == null ? List.of()
                : corrections.list(null, caller.staffId(), null, false, PageRequest.of(1, PageRequest.MAX_SIZE), caller).items());
        data.put("done", done != null && DONE.contains(done) ? done : "");
        return new PageView("attendance/me-corrections.ftlh", ctx, "corrections.mine", data);
    }

    @GET
    @Path("me/corrections/new")
    @RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
    public PageView form(@Context ContainerRequestContext request, @QueryParam("date") LocalDate date) {
        WebContext ctx = web.context(request);
        Map<String, String> values = new HashMap<>();
        values.put("date", (date == null ? LocalDate.now(clock.withZone(Format.DEFAULT_ZONE)) : date).toString());
        values.put("kind", "MISSING_PUNCH");
        return formPage(ctx, values, Map.of(), List.of());
    }

    @POST
    @Path("me/corrections")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
    public Response request(@Context ContainerRequestContext request, MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        Map<String, String> values = new HashMap<>();
        for (String field : List.of("date", "kind", "inTime", "outTime", "parts", "reason")) {
            String v = Forms.text(form, field);
            values.put(field, v == null ? "" : v);
        }
        LocalDate date = Forms.date(form, "date");
        CorrectionInput input = new CorrectionInput(date, parse(Correction.Kind.class, values.get("kind")),
                blank(values.get("inTime")), blank(values.get("outTime")),
                parse(Correction.Parts.class, values.get("parts")), blank(values.get("reason")));
        return Forms.submit(input, forms.validate(input, ctx.t()), ctx.t(), () -> {
            corrections.request(input, ctx.caller());
            return Response.seeOther(URI.create("/me/month?month=" + YearMonth.from(date) + "&done=requested")).build();
        }, (in, errors, problems) -> formPage(ctx, values, errors, problems));
    }

    @POST
    @Path("me/corrections/{id}/cancel")
    @RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
    public Response cancel(@Context ContainerRequestContext request, @PathParam("id") long id) {
        corrections.cancel(id, web.context(request).caller());
        return Response.seeOther(URI.create("/me/corrections?done=cancelled")).build();
    }

    @GET
    @Path("corrections")
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    public PageView inbox(@Context ContainerRequestContext request, @QueryParam("done") String done) {
        WebContext ctx = web.context(request);
        Caller caller = ctx.caller();
        Map<String, Object> data = new HashMap<>();
        data.put("pending", corrections.list(Correction.Status.PENDING, null, null, true,
                PageRequest.of(1, PageRequest.MAX_SIZE), caller).items());
        data.put("decided", corrections.list(null, null, null, true, PageRequest.of(1, 20), caller).items().stream()
                .filter(c -> c.status() != Correction.Status.PENDING).toList());
        data.put("done", done != null && DONE.contains(done) ? done : "");
        data.put("problems", List.of());
        return new PageView("attendance/corrections.ftlh", ctx, "corrections.inbox", data);
    }

    @POST
    @Path("corrections/{id}/decide")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    public Response decide(@Context ContainerRequestContext request, @PathParam("id") long id,
                           MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        Correction.Decision decision = "reject".equals(Forms.text(form, "decision"))
                ? Correction.Decision.REJECT : Correction.Decision.APPROVE;
        try {
            corrections.decide(id, decision, Forms.text(form, "comment"), ctx.caller());
        } catch (RuntimeException e) {
            List<String> problems = Forms.problems(e, ctx.t()).orElseThrow(() -> e);
            PageView page = inbox(request, null);
            page.getData().put("problems", problems);
            return Response.status(422).entity(page).build();
        }
        return Response.seeOther(URI.create("/corrections?done="
                + (decision == Correction.Decision.APPROVE ? "approved" : "rejected"))).build();
    }

    /** The number beside "Duyệt" in the navigation, loaded by htmx so that no page pays for it. */
    @GET
    @Path("corrections/pending-count")
    @RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
    public String pendingCount(@Context ContainerRequestContext request) {
        long n = corrections.pendingToDecide(web.context(request).caller());
        return n == 0 ? "" : "<span class=\"badge warn\" id=\"pending-count\">" + n + "</span>";
    }

    private PageView formPage(WebContext ctx, Map<String, String> values, Map<String, String> errors, List<String> problems) {
        Map<String, Object> data = new HashMap<>();
        data.put("values", values);
        data.put("errors", errors);
        data.put("problems", problems);
        data.put("kinds", java.util.Arrays.stream(Correction.Kind.values())
                .map(k -> List.of(k.name(), ctx.t().get("corrections.kind." + k.name()))).toList());
        data.put("partsChoices", java.util.Arrays.stream(Correction.Parts.values())
                .map(p -> List.of(p.name(), ctx.t().get("corrections.parts." + p.name()))).toList());
        data.put("linked", ctx.caller().staffId() != null);
        return new PageView("attendance/correction-form.ftlh", ctx, "corrections.new", data);
    }

    private static String blank(String v) {
        return v == null || v.isBlank() ? null : v;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
