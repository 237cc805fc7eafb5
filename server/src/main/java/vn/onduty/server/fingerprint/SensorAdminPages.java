package vn.onduty.server.fingerprint;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
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
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import vn.onduty.server.agentcommand.AgentCommand;
import vn.onduty.server.agentcommand.AgentCommands;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.org.site.Site;
import vn.onduty.server.org.site.SiteService;
import vn.onduty.server.org.staff.Staff;
import vn.onduty.server.org.staff.StaffService;
import vn.onduty.server.punch.Punch;
import vn.onduty.server.punch.PunchService;
import vn.onduty.server.web.Forms;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/**
 * Admin pages for fingerprint sensors: their state, who is enrolled in which slot, enrolling an
 * officer with live progress (the live box is {@link vn.onduty.server.agentcommand.AgentCommandPages}),
 * deleting an enrollment, and resolving punches from unknown slots.
 */
@Path("/admin")
@Hidden
@RolesAllowed("ADMIN")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class SensorAdminPages {

    /** A sensor counts as online when its agent reported it connected within this long. */
    static final Duration ONLINE_WITHIN = Duration.ofMinutes(2);

    private final Web web;
    private final FingerprintService fingerprints;
    private final AgentCommands commands;
    private final PunchService punches;
    private final StaffService staff;
    private final SiteService sites;
    private final Clock clock;

    public SensorAdminPages(Web web, FingerprintService fingerprints, AgentCommands commands, PunchService punches,
                            StaffService staff, SiteService sites, Clock clock) {
        this.web = web;
        this.fingerprints = fingerprints;
        this.commands = commands;
        this.punches = punches;
        this.staff = staff;
        this.sites = sites;
        this.clock = clock;
    }

    @GET
    @Path("sensors")
    public PageView list(@Context ContainerRequestContext request) {
        Map<String, Object> data = new HashMap<>();
        List<Sensor> sensors = fingerprints.sensors(null);
        data.put("sensors", sensors);
        data.put("online", sensors.stream().collect(Collectors.toMap(s -> String.valueOf(s.id()), this::online)));
        data.put("siteNames", siteNames());
        WebContext ctx = web.context(request);
        data.put("timeFlagged", punches.timeFlaggedWaiting(ctx.caller()));
        return new PageView("fingerprint/sensors.ftlh", ctx, "sensors.title", data);
    }

    @GET
    @Path("sensors/{id}")
    public PageView detail(@Context ContainerRequestContext request, @PathParam("id") long id,
                           @QueryParam("done") String done) {
        WebContext ctx = web.context(request);
        Sensor sensor = fingerprints.sensor(id).orElseThrow(NotFoundException::new);
        Map<String, Object> data = new HashMap<>();
        data.put("sensor", sensor);
        data.put("online", online(sensor));
        data.put("siteNames", siteNames());
        data.put("enrollments", fingerprints.enrollments(id));
        List<AgentCommand> open = commands.openOfSensor(id);
        data.put("commands", open);
        // The last request expired: said until the next one, since nobody may have been watching when it ended.
        if (open.isEmpty()) {
            commands.latestOfSensor(id).filter(c -> c.status().equals(AgentCommand.EXPIRED))
                    .ifPresent(c -> data.put("expired", c));
        }
        data.put("unresolved", punches.unresolved(sensor.siteId(), ctx.caller()).stream()
                .filter(p -> p.sensorId() == id).toList());
        data.put("allStaff", activeStaff(ctx));
        if (done != null) {
            data.put("done", done);
        }
        return new PageView("fingerprint/sensor.ftlh", ctx, "sensors.detail", data);
    }

    @POST
    @Path("sensors/{id}/enroll")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response enroll(@Context ContainerRequestContext request, @PathParam("id") long id,
                           @FormParam("staffId") Long staffId) {
        WebContext ctx = web.context(request);
        if (staffId == null) {
            return detailWithProblem(request, id, ctx.t().get("sensors.pickOfficer"));
        }
        try {
            fingerprints.startEnrollment(id, staffId, ctx.caller());
        } catch (RuntimeException e) {
            return detailWithProblem(request, id, String.join(" ", Forms.problems(e, ctx.t()).orElseThrow(() -> e)));
        }
        return Response.seeOther(URI.create("/admin/sensors/" + id)).build();
    }

    @POST
    @Path("enrollments/{id}/delete")
    public Response deleteEnrollment(@Context ContainerRequestContext request, @PathParam("id") long id) {
        WebContext ctx = web.context(request);
        AgentCommand command;
        try {
            command = fingerprints.deleteEnrollment(id, ctx.caller());
        } catch (RuntimeException e) {
            List<String> problems = Forms.problems(e, ctx.t()).orElseThrow(() -> e);
            throw new jakarta.ws.rs.ClientErrorException(String.join(" ", problems), 409);
        }
        return Response.seeOther(URI.create("/admin/sensors/" + command.sensorId())).build();
    }

    @POST
    @Path("punches/{id}/resolve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resolve(@Context ContainerRequestContext request, @PathParam("id") long id,
                            @FormParam("staffId") Long staffId, @FormParam("note") String note,
                            @FormParam("sensorId") Long sensorId) {
        WebContext ctx = web.context(request);
        if (staffId == null) {
            return detailWithProblem(request, sensorId == null ? 0 : sensorId, ctx.t().get("sensors.pickOfficer"));
        }
        Punch p = punches.resolve(id, staffId, note, ctx.caller());
        return Forms.done("/admin/sensors/" + p.sensorId(), "resolved");
    }

    private Response detailWithProblem(ContainerRequestContext request, long sensorId, String problem) {
        PageView page = detail(request, sensorId, null);
        page.getData().put("problems", List.of(problem));
        return Response.status(422).entity(page).build();
    }

    private boolean online(Sensor s) {
        return s.connected() && s.statusAt() != null
                && s.statusAt().isAfter(clock.instant().minus(ONLINE_WITHIN));
    }

    /** Keyed by the id as text: templates look maps up by string. */
    private Map<String, String> siteNames() {
        return sites.list(null, null, PageRequest.of(1, PageRequest.MAX_SIZE)).items().stream()
                .collect(Collectors.toMap(s -> String.valueOf(s.id()), Site::name));
    }

    private List<Staff> activeStaff(WebContext ctx) {
        return staff.list(null, null, null, true, PageRequest.of(1, PageRequest.MAX_SIZE), ctx.caller()).items();
    }
}
