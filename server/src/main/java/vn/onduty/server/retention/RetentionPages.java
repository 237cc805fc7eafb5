package vn.onduty.server.retention;

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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.onduty.server.web.Forms;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/** The admin's page of retention: per kind the days kept, the default and why, changed here; the last runs. */
@Path("/admin/retention")
@Hidden
@RolesAllowed("ADMIN")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class RetentionPages {

    private final Web web;
    private final RetentionService retention;

    public RetentionPages(Web web, RetentionService retention) {
        this.web = web;
        this.retention = retention;
    }

    @GET
    public PageView page(@Context ContainerRequestContext request, @QueryParam("done") String done) {
        return page(web.context(request), done, null, List.of());
    }

    private PageView page(WebContext ctx, String done, String failedKind, List<String> problems) {
        Map<String, Object> data = new HashMap<>();
        data.put("settings", retention.current());
        data.put("runs", retention.recentRuns(10));
        data.put("done", done == null ? "" : done);
        data.put("failedKind", failedKind == null ? "" : failedKind);
        data.put("problems", problems);
        return new PageView("retention/retention.ftlh", ctx, "retention.title", data);
    }

    @POST
    @Path("{kind}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@Context ContainerRequestContext request, @PathParam("kind") String kind,
                           MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        RetentionKind k = Arrays.stream(RetentionKind.values()).filter(x -> x.name().equals(kind)).findFirst()
                .orElseThrow(() -> new NotFoundException("No kind of record " + kind));
        Integer days = Forms.integer(form, "days");
        if (days != null && days < 0) {
            return Response.status(422).entity(page(ctx, null, kind,
                    List.of(ctx.t().get("retention.problem.days", k.minDays(), RetentionKind.MAX_DAYS)))).build();
        }
        try {
            retention.update(k, days, ctx.caller());
        } catch (RuntimeException e) {
            Forms.problems(e, ctx.t()).orElseThrow(() -> e);
            return Response.status(422).entity(page(ctx, null, kind,
                    List.of(ctx.t().get("retention.problem.days", k.minDays(), RetentionKind.MAX_DAYS)))).build();
        }
        return Forms.done("/admin/retention", "saved");
    }
}
