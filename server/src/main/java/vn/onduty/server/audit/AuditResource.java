package vn.onduty.server.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import vn.onduty.server.api.Page;
import vn.onduty.server.api.PageRequest;

@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
@SecurityRequirement(name = "bearer")
@RolesAllowed("ADMIN")
public class AuditResource {

    private final AuditLog audit;

    public AuditResource(AuditLog audit) {
        this.audit = audit;
    }

    @GET
    @Operation(summary = "Read the audit log, newest first",
            description = "Filters: entityType (site, staff, user_account, ...), entityId, action prefix (login., account., ...), actor.")
    public Page<AuditEntry> list(@QueryParam("entityType") String entityType, @QueryParam("entityId") String entityId,
                                 @QueryParam("action") String action, @QueryParam("actor") String actor,
                                 @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return audit.list(entityType, entityId, action, actor, PageRequest.of(page, size));
    }
}
