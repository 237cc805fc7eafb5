package vn.onduty.server.terminal;

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
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.api.Params;
import vn.onduty.server.org.site.Site;
import vn.onduty.server.org.site.SiteService;
import vn.onduty.server.org.staff.StaffService;
import vn.onduty.server.web.Forms;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/**
 * Admin pages for ZKTeco-family terminals: the ones waiting to be adopted ("Máy chấm công chờ tiếp nhận"), every
 * terminal's health, and a terminal's page with its decision, address range, PINs and their officers, commands and
 * their results, and the lines it sent that could not be read.
 */
@Path("/admin")
@Hidden
@RolesAllowed("ADMIN")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class TerminalAdminPages {

    private final Web web;
    private final TerminalService terminals;
    private final TerminalPins pins;
    private final TerminalCommands commands;
    private final SiteService sites;
    private final StaffService staff;
    private final Clock clock;

    public TerminalAdminPages(Web web, TerminalService terminals, TerminalPins pins, TerminalCommands commands,
                              SiteService sites, StaffService staff, Clock clock) {
        this.web = web;
        this.terminals = terminals;
        this.pins = pins;
        this.commands = commands;
        this.sites = sites;
        this.staff = staff;
        this.clock = clock;
    }

    @GET
    @Path("terminals")
    public PageView list(@Context ContainerRequestContext request, @QueryParam("done") String done) {
        WebContext ctx = web.context(request);
        List<Terminal> all = terminals.list(ctx.caller());
        Map<String, Object> data = new HashMap<>();
        data.put("waiting", all.stream().filter(t -> t.status().equals(Terminal.WAITING)).toList());
        data.put("adopted", all.stream().filter(t -> t.status().equals(Terminal.ADOPTED)).toList());
        data.put("refused", all.stream().filter(t -> t.status().equals(Terminal.REFUSED)).toList());
        data.put("sites", activeSites());
        if (done != null) {
            data.put("done", done);
        }
        return new PageView("terminal/terminals.ftlh", ctx, "terminals.title", data);
    }

    @GET
    @Path("terminals/{id}")
    public PageView detail(@Context ContainerRequestContext request, @PathParam("id") long id,
                           @QueryParam("done") String done) {
        WebContext ctx = web.context(request);
        Terminal t = terminals.find(id, ctx.caller()).orElseThrow(NotFoundException::new);
        Map<String, Object> data = new HashMap<>();
        data.put("terminal", t);
        data.put("pins", pins.pins(id, ctx.caller()));
        data.put("commands", commands.latest(id, ctx.caller()));
        data.put("rejected", terminals.rejected(id, ctx.caller()));
        data.put("sites", activeSites());
        data.put("allStaff", staff.list(null, null, null, true, PageRequest.of(1, PageRequest.MAX_SIZE),
                ctx.caller()).items());
        ZoneId zone = t.siteId() == null ? IclockService.DEFAULT_ZONE
                : sites.find(t.siteId()).map(s -> ZoneId.of(s.timeZone())).orElse(IclockService.DEFAULT_ZONE);
        data.put("zone", zone.getId());
        data.put("today", LocalDate.now(clock.withZone(zone)).toString());
        if (done != null) {
            data.put("done", done);
        }
        return new PageView("terminal/terminal.ftlh", ctx, "terminals.detail", data);
    }

    @POST
    @Path("terminals/{id}/adopt")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response adopt(@Context ContainerRequestContext request, @PathParam("id") long id,
                          MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        Long siteId = Forms.id(form, "siteId");
        String back = Forms.text(form, "back");
        if (siteId == null) {
            return again(request, id, back, ctx.t().get("terminals.pickSite"));
        }
        return change(request, id, back, () -> {
            terminals.adopt(id, siteId, Forms.text(form, "name"), ctx.caller());
            return Forms.done("/admin/terminals/" + id, "adopted");
        });
    }

    @POST
    @Path("terminals/{id}/refuse")
    public Response refuse(@Context ContainerRequestContext request, @PathParam("id") long id) {
        WebContext ctx = web.context(request);
        terminals.refuse(id, ctx.caller());
        return Forms.done("/admin/terminals/" + id, "refused");
    }

    @POST
    @Path("terminals/{id}/settings")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response settings(@Context ContainerRequestContext request, @PathParam("id") long id,
                             MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        return change(request, id, null, () -> {
            terminals.settings(id, Forms.text(form, "name"), Forms.text(form, "allowedRange"), ctx.caller());
            return Forms.done("/admin/terminals/" + id, "saved");
        });
    }

    @POST
    @Path("terminals/{id}/pins")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response mapPin(@Context ContainerRequestContext request, @PathParam("id") long id,
                           MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        return change(request, id, null, () -> {
            PinEntry e = pins.map(id, Forms.text(form, "pin"), Forms.id(form, "staffId"), ctx.caller());
            return Forms.done("/admin/terminals/" + id, e.mapped() ? "mapped" : "unmapped");
        });
    }

    @POST
    @Path("terminals/{id}/commands")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response command(@Context ContainerRequestContext request, @PathParam("id") long id,
                            MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        String type = Forms.text(form, "type");
        return change(request, id, null, () -> {
            LocalDate from = Forms.text(form, "from") == null ? null : Params.date(Forms.text(form, "from"));
            if ("user_update".equals(type) && "site".equals(Forms.text(form, "to"))) {
                Terminal t = terminals.find(id, ctx.caller()).orElseThrow(NotFoundException::new);
                commands.pushToSite(t.siteId() == null ? -1 : t.siteId(), Forms.id(form, "staffId"),
                        Forms.text(form, "pin"), ctx.caller());
            } else {
                commands.queue(id, new TerminalCommands.Request(type, Forms.id(form, "staffId"), Forms.text(form, "pin"),
                        from), ctx.caller());
            }
            return Forms.done("/admin/terminals/" + id, "queued");
        });
    }

    @POST
    @Path("terminal-commands/{id}/cancel")
    public Response cancel(@Context ContainerRequestContext request, @PathParam("id") long id) {
        WebContext ctx = web.context(request);
        TerminalCommand c = commands.cancel(id, ctx.caller());
        return Forms.done("/admin/terminals/" + c.terminalId(), "cancelled");
    }

    /** Runs a change; a rule it breaks shows the page again (the list or the terminal's) with the reason. */
    private Response change(ContainerRequestContext request, long id, String back, Supplier<Response> work) {
        WebContext ctx = web.context(request);
        try {
            return work.get();
        } catch (Params.BadValueException e) {
            return again(request, id, back, e.getMessage());
        } catch (RuntimeException e) {
            List<String> problems = Forms.problems(e, ctx.t()).orElseThrow(() -> e);
            return again(request, id, back, String.join(" ", problems));
        }
    }

    private Response again(ContainerRequestContext request, long id, String back, String problem) {
        PageView page = "list".equals(back) ? list(request, null) : detail(request, id, null);
        page.getData().put("problems", List.of(problem));
        return Response.status(422).entity(page).build();
    }

    private List<Site> activeSites() {
        return sites.list(null, true, PageRequest.of(1, PageRequest.MAX_SIZE)).items();
    }
}
