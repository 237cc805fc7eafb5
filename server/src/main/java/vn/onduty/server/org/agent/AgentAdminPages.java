package vn.onduty.server.org.agent;

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
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.camera.Camera;
import vn.onduty.server.camera.CameraHealth;
import vn.onduty.server.camera.CameraService;
import vn.onduty.server.devicetime.DeviceTimeCheck;
import vn.onduty.server.org.OrgChoices;
import vn.onduty.server.web.Forms;
import vn.onduty.server.web.ListFilters;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.RecordForm;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/**
 * Admin pages for device agents: list, register, rename, rotate the token, deactivate and reactivate; beside
 * each agent the health of the cameras it watches as it reports them, so a broken or unreported camera
 * (or a silent agent) shows where agents are looked after.
 * A new token is shown once, in the page that answers the POST creating it: never in a URL (it would
 * stay in the history and the request log) and never again afterwards.
 */
@Path("/admin/agents")
@Hidden
@RolesAllowed("ADMIN")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class AgentAdminPages {

    private final Web web;
    private final AgentService agents;
    private final OrgChoices org;
    private final CameraService cameras;
    private final DeviceTimeCheck deviceTime;
    private final RecordForm<Agent, AgentInput> form;

    public AgentAdminPages(Web web, Forms forms, AgentService agents, OrgChoices org, CameraService cameras,
                           DeviceTimeCheck deviceTime) {
        this.web = web;
        this.agents = agents;
        this.org = org;
        this.cameras = cameras;
        this.deviceTime = deviceTime;
        this.form = RecordForm.<Agent, AgentInput>of(forms, "/admin/agents", "agent", "agents", (body, agent) -> read(body),
                        a -> new AgentInput(a.siteId(), a.name()))
                .showing(this::choices);
    }

    /** The enabled cameras of a site at a glance, for the agents list: how many stream, how many need a look. */
    public record CameraSummary(long enabled, long streaming, long attention) {

        static CameraSummary of(List<Camera> cameras) {
            return new CameraSummary(cameras.stream().filter(Camera::enabled).count(),
                    cameras.stream().filter(c -> c.health() == CameraHealth.STREAMING).count(),
                    cameras.stream().filter(c -> c.health().needsAttention()).count());
        }
    }

    @GET
    public PageView list(@Context ContainerRequestContext request, @QueryParam("siteId") Long siteId,
                         @QueryParam("q") String q, @QueryParam("active") String active,
                         @QueryParam("page") Integer page, @QueryParam("done") String done) {
        OrgChoices.Names names = org.names();
        Map<String, Object> data = new HashMap<>();
        data.put("result", agents.list(siteId, q, ListFilters.active(active),
                PageRequest.of(ListFilters.page(page), 25)));
        data.put("q", q == null ? "" : q);
        data.put("active", active == null ? "true" : active);
        data.put("siteId", siteId == null ? "" : siteId.toString());
        data.put("sites", List.copyOf(names.sites().values()));
        data.put("names", names);
        WebContext ctx = web.context(request);
        // Keyed by the agent id as text: templates look maps up by string.
        data.put("cameras", cameras.list(siteId, ctx.caller()).stream().filter(c -> c.agentId() != null)
                .collect(Collectors.groupingBy(c -> String.valueOf(c.agentId()),
                        Collectors.collectingAndThen(Collectors.toList(), CameraSummary::of))));
        ListFilters.done(data, done);
        return new PageView("agent/agents.ftlh", ctx, "agents.title", data);
    }

    @GET
    @Path("new")
    public PageView createForm(@Context ContainerRequestContext request, @QueryParam("siteId") Long siteId) {
        return form.blank(web.context(request), new AgentInput(siteId, ""));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@Context ContainerRequestContext request, MultivaluedMap<String, String> body) {
        WebContext ctx = web.context(request);
        return form.submit(ctx, null, body,
                input -> withToken(ctx, 201, agents.create(input, ctx.caller()), "agents.tokenCreated"));
    }

    @GET
    @Path("{id}")
    public PageView editForm(@Context ContainerRequestContext request, @PathParam("id") long id,
                             @QueryParam("done") String done) {
        return form.edit(web.context(request), agents.find(id).orElseThrow(NotFoundException::new), done);
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@Context ContainerRequestContext request, @PathParam("id") long id,
                           MultivaluedMap<String, String> body) {
        WebContext ctx = web.context(request);
        Agent agent = agents.find(id).orElseThrow(NotFoundException::new);
        return form.update(ctx, agent, id, body, input -> agents.update(id, input, ctx.caller()));
    }

    @POST
    @Path("{id}/rotate-token")
    public Response rotateToken(@Context ContainerRequestContext request, @PathParam("id") long id) {
        WebContext ctx = web.context(request);
        return withToken(ctx, 200, agents.rotateToken(id, ctx.caller()), "agents.tokenRotated");
    }

    @POST
    @Path("{id}/deactivate")
    public Response deactivate(@Context ContainerRequestContext request, @PathParam("id") long id) {
        agents.setActive(id, false, web.context(request).caller());
        return form.done(id, "deactivated");
    }

    @POST
    @Path("{id}/reactivate")
    public Response reactivate(@Context ContainerRequestContext request, @PathParam("id") long id) {
        agents.setActive(id, true, web.context(request).caller());
        return form.done(id, "reactivated");
    }

    /** The agent's page with its new token, kept out of every cache: this answer is the only copy. */
    private Response withToken(WebContext ctx, int status, AgentWithToken issued, String whatHappened) {
        PageView page = form.edit(ctx, issued.agent(), null);
        page.getData().put("token", issued.token());
        page.getData().put("tokenNews", whatHappened);
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.status(status).entity(page).cacheControl(noStore).header("Pragma", "no-cache").build();
    }

    private static AgentInput read(MultivaluedMap<String, String> body) {
        return new AgentInput(Forms.id(body, "siteId"), Forms.text(body, "name"));
    }

    private void choices(Map<String, Object> data, Agent agent, AgentInput input, WebContext ctx) {
        if (agent != null) {
            data.put("names", org.names());
            data.put("cameras", cameras.listOfAgent(agent.id(), ctx.caller()));
            data.put("silentSeconds", cameras.agentSilentAfter().toSeconds());
            data.put("maxAheadMinutes", deviceTime.maxAhead().toMinutes());
        }
        data.put("sites", org.choicesFor(ctx.caller(), OrgChoices.keep(input.siteId(), agent == null ? null : agent.siteId()),
                List.of()).sites());
    }
}
