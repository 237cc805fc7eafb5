package vn.onduty.server.camera;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import vn.onduty.server.agentcommand.AgentCommand;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.org.OrgChoices;
import vn.onduty.server.org.counter.Counter;
import vn.onduty.server.org.counter.CounterService;
import vn.onduty.server.web.Forms;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.RecordForm;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/**
 * Admin pages for cameras: the list, the settings form (credentials are written, never shown), and
 * the zone editor: ask the agent for a snapshot, draw each counter's seat on it, calibrate a zone
 * as empty, with the agent's progress live on the page.
 */
@Path("/admin/cameras")
@Hidden
@RolesAllowed("ADMIN")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class CameraAdminPages {

    /** Banners of the camera page after a change. */
    static final Set<String> DONE = Set.of("created", "saved", "zoneSaved", "zoneRemoved", "snapshotRequested",
            "calibrationRequested");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Web web;
    private final CameraService cameras;
    private final CounterService counters;
    private final OrgChoices org;
    private final RecordForm<Camera, CameraInput> form;

    public CameraAdminPages(Web web, Forms forms, CameraService cameras, CounterService counters, OrgChoices org) {
        this.web = web;
        this.cameras = cameras;
        this.counters = counters;
        this.org = org;
        this.form = RecordForm.of(forms, "/admin/cameras", "camera", "cameras", CameraAdminPages::read,
                        CameraAdminPages::current)
                .hiding(CameraAdminPages::blankCredentials)
                .showing(this::choices);
    }

    @GET
    public PageView list(@Context ContainerRequestContext request, @QueryParam("siteId") Long siteId) {
        WebContext ctx = web.context(request);
        Map<String, Object> data = new HashMap<>();
        data.put("cameras", cameras.list(siteId, ctx.caller()));
        data.put("agents", agentNames());
        data.put("siteId", siteId == null ? "" : siteId.toString());
        data.put("sites", org.allSites());
        data.put("names", org.names());
        return new PageView("camera/cameras.ftlh", ctx, "cameras.title", data);
    }

    @GET
    @Path("new")
    public PageView createForm(@Context ContainerRequestContext request, @QueryParam("siteId") Long siteId) {
        return form.blank(web.context(request), new CameraInput(siteId, null, "", "", null, null,
                CameraService.DEFAULT_TIMEOUT_SECONDS, true, null));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@Context ContainerRequestContext request, MultivaluedMap<String, String> body) {
        WebContext ctx = web.context(request);
        return form.create(ctx, body, input -> cameras.create(input, ctx.caller()).id());
    }

    @GET
    @Path("{id}/edit")
    public PageView editForm(@Context ContainerRequestContext request, @PathParam("id") long id) {
        WebContext ctx = web.context(request);
        return form.edit(ctx, cameras.find(id, ctx.caller()).orElseThrow(NotFoundException::new), null);
    }

    @POST
    @Path("{id}/edit")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@Context ContainerRequestContext request, @PathParam("id") long id,
                           MultivaluedMap<String, String> body) {
        WebContext ctx = web.context(request);
        Camera camera = cameras.find(id, ctx.caller()).orElseThrow(NotFoundException::new);
        return form.update(ctx, camera, id, body, input -> cameras.update(id, input, ctx.caller()));
    }

    @GET
    @Path("{id}")
    public PageView detail(@Context ContainerRequestContext request, @PathParam("id") long id,
                           @QueryParam("done") String done) {
        WebContext ctx = web.context(request);
        Camera camera = cameras.find(id, ctx.caller()).orElseThrow(NotFoundException::new);
        Map<String, Object> data = new HashMap<>();
        data.put("camera", camera);
        data.put("names", org.names());
        data.put("agent", camera.agentId() == null ? null : cameras.agentsOfSite(camera.siteId()).stream()
                .filter(a -> a.id() == camera.agentId()).findFirst().orElse(null));
        data.put("snapshot", cameras.liveSnapshot(id, ctx.caller()).orElse(null));
        data.put("lifetimeHours", cameras.snapshotLifetime().toHours());
        List<AgentCommand> open = cameras.openCommands(id);
        data.put("commands", open);
        if (open.stream().noneMatch(c -> c.type().equals("camera_snapshot"))) {
            cameras.expiredSnapshotRequest(id).ifPresent(c -> data.put("expiredSnapshot", c));
        }
        data.put("calibrations", cameras.lastCalibrations(id).entrySet().stream()
                .collect(Collectors.toMap(e -> String.valueOf(e.getKey()), Map.Entry::getValue)));
        Set<Long> zoned = camera.zones().stream().map(CameraZone::counterId).collect(Collectors.toSet());
        data.put("freeCounters", siteCounters(camera.siteId()).stream().filter(c -> !zoned.contains(c.id())).toList());
        data.put("zonesJson", zonesJson(camera.zones()));
        data.put("problems", List.of());
        data.put("polygon", "");
        if (done != null && DONE.contains(done)) {
            data.put("done", done);
        }
        return new PageView("camera/camera.ftlh", ctx, "cameras.detail", data);
    }

    @GET
    @Path("{id}/snapshot.jpg")
    @Produces("image/jpeg")
    public Response snapshot(@Context ContainerRequestContext request, @PathParam("id") long id) {
        return Response.ok(cameras.viewSnapshot(id, web.context(request).caller()), "image/jpeg")
                .header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("{id}/snapshot")
    public Response requestSnapshot(@Context ContainerRequestContext request, @PathParam("id") long id) {
        WebContext ctx = web.context(request);
        return change(request, id, ctx, () -> cameras.requestSnapshot(id, ctx.caller()), "snapshotRequested");
    }

    @POST
    @Path("{id}/zones")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response addZone(@Context ContainerRequestContext request, @PathParam("id") long id,
                            MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        Long counterId = Forms.id(form, "counterId");
        if (counterId == null) {
            return again(request, id, List.of(ctx.t().get("cameras.pickCounter")), form.getFirst("polygon"));
        }
        return change(request, id, ctx, () -> cameras.addZone(id, new ZoneInput(counterId, polygon(form)), ctx.caller()),
                "zoneSaved");
    }

    @POST
    @Path("{id}/zones/{zoneId}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response updateZone(@Context ContainerRequestContext request, @PathParam("id") long id,
                               @PathParam("zoneId") long zoneId, MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        return change(request, id, ctx, () -> cameras.updateZone(id, zoneId, new ZonePolygon(polygon(form)), ctx.caller()),
                "zoneSaved");
    }

    @POST
    @Path("{id}/zones/{zoneId}/remove")
    public Response removeZone(@Context ContainerRequestContext request, @PathParam("id") long id,
                               @PathParam("zoneId") long zoneId) {
        WebContext ctx = web.context(request);
        return change(request, id, ctx, () -> {
            cameras.removeZone(id, zoneId, ctx.caller());
            return null;
        }, "zoneRemoved");
    }

    @POST
    @Path("{id}/zones/{zoneId}/calibrate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response calibrate(@Context ContainerRequestContext request, @PathParam("id") long id,
                              @PathParam("zoneId") long zoneId, MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        Integer seconds = Forms.integer(form, "seconds");
        if (seconds != null && (seconds < 10 || seconds > 600)) {
            return again(request, id, List.of(ctx.t().get("cameras.secondsRange")), null);
        }
        int s = seconds == null ? CalibrateRequest.DEFAULT_SECONDS : seconds;
        return change(request, id, ctx, () -> cameras.requestCalibration(id, zoneId, s, ctx.caller()),
                "calibrationRequested");
    }

    @POST
    @Path("{id}/zones/{zoneId}/calibrate-snapshot")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response calibrateFromSnapshot(@Context ContainerRequestContext request, @PathParam("id") long id,
                                          @PathParam("zoneId") long zoneId, MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        Long snapshotId = Forms.id(form, "snapshotId");
        if (snapshotId == null) {
            return again(request, id, List.of(ctx.t().get("cameras.noSnapshot")), null);
        }
        return change(request, id, ctx, () -> cameras.requestCalibrationFromSnapshot(id, zoneId, snapshotId, ctx.caller()),
                "calibrationRequested");
    }

    /** Runs a change and goes back to the camera page; a rule it broke is shown there instead (422). */
    private Response change(ContainerRequestContext request, long id, WebContext ctx,
                            java.util.function.Supplier<Object> change, String done) {
        try {
            change.get();
        } catch (RuntimeException e) {
            return again(request, id, Forms.problems(e, ctx.t()).orElseThrow(() -> e), null);
        }
        return form.done(id, done);
    }

    private Response again(ContainerRequestContext request, long id, List<String> problems, String polygon) {
        PageView page = detail(request, id, null);
        page.getData().put("problems", problems);
        page.getData().put("polygon", polygon == null ? "" : polygon);
        return Response.status(422).entity(page).build();
    }

    /** The polygon field as JSON [[x, y], ...]; what does not parse is null, which the service names. */
    private static List<List<Double>> polygon(MultivaluedMap<String, String> form) {
        String text = Forms.text(form, "polygon");
        if (text == null) {
            return null;
        }
        try {
            return JSON.readValue(text, new TypeReference<List<List<Double>>>() {});
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    private static String zonesJson(List<CameraZone> zones) {
        List<Map<String, Object>> out = zones.stream().map(z -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", z.id());
            m.put("counterNumber", z.counterNumber());
            m.put("polygon", z.polygon());
            return m;
        }).toList();
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A new camera as typed, or the changes to a stored one: its site stays, blank credentials keep what is
     * stored and the checkboxes beside them remove it.
     */
    private static CameraInput read(MultivaluedMap<String, String> body, Camera camera) {
        Integer timeout = Forms.integer(body, "timeoutSeconds");
        String username = Forms.text(body, "username");
        String password = Forms.text(body, "password");
        if (camera != null) {
            username = body.containsKey("clearUsername") ? "" : username;
            password = body.containsKey("clearPassword") ? "" : password;
        }
        return new CameraInput(camera == null ? Forms.id(body, "siteId") : camera.siteId(), Forms.id(body, "agentId"),
                Forms.text(body, "name"),
                Forms.text(body, "url"), username, password, timeout, body.containsKey("enabled"), Forms.text(body, "note"));
    }

    private static CameraInput current(Camera c) {
        return new CameraInput(c.siteId(), c.agentId(), c.name(), c.url(), null, null, c.timeoutSeconds(), c.enabled(), c.note());
    }

    /** A form shown again never carries the credentials back into the page. */
    private static CameraInput blankCredentials(CameraInput in) {
        return new CameraInput(in.siteId(), in.agentId(), in.name(), in.url(), null, null, in.timeoutSeconds(), in.enabled(),
                in.note());
    }

    private List<Counter> siteCounters(long siteId) {
        return counters.list(siteId, null, true, PageRequest.of(1, PageRequest.MAX_SIZE)).items();
    }

    private void choices(Map<String, Object> data, Camera camera, CameraInput input, WebContext ctx) {
        var sites = org.choicesFor(ctx.caller(), OrgChoices.keep(input.siteId()), List.of()).sites();
        data.put("sites", sites);
        data.put("names", org.names());
        // The active agents of the camera's site (of every site offered, for a new camera), and its own agent whatever it is.
        List<List<String>> agents = new java.util.ArrayList<>();
        for (var site : sites) {
            if (camera != null && site.id() != camera.siteId()) {
                continue;
            }
            for (CameraDao.AgentChoice a : cameras.agentsOfSite(site.id())) {
                if (a.active() || (camera != null && Long.valueOf(a.id()).equals(camera.agentId()))) {
                    agents.add(List.of(String.valueOf(a.id()), (camera == null ? site.name() + " · " : "") + a.name()
                            + (a.active() ? "" : " (" + ctx.t().get("status.inactive") + ")")));
                }
            }
        }
        data.put("agents", agents);
    }

    /** Every agent's name by its id as text (templates look maps up by string), for the list. */
    private Map<String, String> agentNames() {
        Map<String, String> names = new HashMap<>();
        cameras.agents().forEach(a -> names.put(String.valueOf(a.id()), a.name()));
        return names;
    }
}
