package vn.onduty.server.audit;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.HashMap;
import java.util.Map;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.web.ListFilters;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.Web;

/** The audit log for admins: who did what, when, from where, with the record before and after. */
@Path("/admin/audit")
@Hidden
@RolesAllowed("ADMIN")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class AuditPage {

    private final Web web;
    private final AuditLog audit;

    public AuditPage(Web web, AuditLog audit) {
        this.web = web;
        this.audit = audit;
    }

    @GET
    public PageView list(@Context ContainerRequestContext request, @QueryParam("entityType") String entityType,
                         @QueryParam("entityId") String entityId, @QueryParam("action") String action,
                         @QueryParam("actor") String actor, @QueryParam("page") Integer page) {
        Map<String, Object> data = new HashMap<>();
        data.put("result", audit.list(entityType, entityId, action, actor, PageRequest.of(ListFilters.page(page), 50)));
        data.put("entityType", entityType == null ? "" : entityType);
        data.put("entityId", entityId == null ? "" : entityId);
        data.put("action", action == null ? "" : action);
        data.put("actor", actor == null ? "" : actor);
        return new PageView("audit/audit.ftlh", web.context(request), "audit.title", data);
    }
}
