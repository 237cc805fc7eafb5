package vn.onduty.server.punch;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.onduty.server.api.ExceptionMappers;
import vn.onduty.server.devicetime.DeviceTimeCheck;
import vn.onduty.server.web.Forms;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/**
 * Punches whose device time was not believed (too far ahead of the server's clock, or before the horizon, such as a
 * terminal's 2000-01-01): an admin reads them and accepts the genuine ones, which attendance then counts.
 */
@Path("/admin/punch-times")
@Hidden
@RolesAllowed("ADMIN")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class PunchTimePages {

    private static final Set<String> DONE = Set.of("accepted");

    private final Web web;
    private final PunchService punches;
    private final DeviceTimeCheck deviceTime;

    public PunchTimePages(Web web, PunchService punches, DeviceTimeCheck deviceTime) {
        this.web = web;
        this.punches = punches;
        this.deviceTime = deviceTime;
    }

    @GET
    public PageView list(@Context ContainerRequestContext request, @QueryParam("done") String done) {
        WebContext ctx = web.context(request);
        Map<String, Object> data = new HashMap<>();
        data.put("punches", punches.timeFlagged(null, null, ctx.caller()));
        data.put("problems", List.of());
        data.put("maxAheadMinutes", deviceTime.maxAhead().toMinutes());
        data.put("horizonDays", deviceTime.horizon().toDays());
        if (done != null && DONE.contains(done)) {
            data.put("done", done);
        }
        return new PageView("punch/punch-times.ftlh", ctx, "punchTimes.title", data);
    }

    @POST
    @Path("{id}/accept")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response accept(@Context ContainerRequestContext request, @PathParam("id") long id,
                           @FormParam("note") String note) {
        WebContext ctx = web.context(request);
        try {
            punches.acceptTime(id, note, ctx.caller());
        } catch (RuntimeException e) {
            int status = ExceptionMappers.known(e).map(ExceptionMappers.KnownFailure::code).orElseThrow(() -> e);
            PageView page = list(request, null);
            page.getData().put("problems", Forms.problems(e, ctx.t()).orElseThrow(() -> e));
            return Response.status(status).entity(page).build();
        }
        return Forms.done("/admin/punch-times", "accepted");
    }
}
