package vn.onduty.server.org.staff;

import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import vn.onduty.server.api.Page;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.auth.Caller;

@Path("/api/staff")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Organisation")
@SecurityRequirement(name = "bearer")
@RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
public class StaffResource {

    private final StaffService staff;

    public StaffResource(StaffService staff) {
        this.staff = staff;
    }

    @GET
    @Operation(summary = "List staff", description = "Paged and cut to the caller's scope: an officer sees only themselves, a supervisor the staff of the sites and departments they lead. q searches code and full name ignoring Vietnamese diacritics.")
    public Page<Staff> list(@Parameter(hidden = true) @Auth Caller caller, @QueryParam("siteId") Long siteId,
                            @QueryParam("departmentId") Long departmentId, @QueryParam("q") String q,
                            @QueryParam("active") Boolean active,
                            @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return staff.list(siteId, departmentId, q, active, PageRequest.of(page, size), caller);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read one staff member")
    public Staff get(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        return staff.find(id, caller).orElseThrow(() -> new NotFoundException("No staff member " + id));
    }

    @POST
    @RolesAllowed("ADMIN")
    @Operation(summary = "Create a staff member")
    public Response create(@Parameter(hidden = true) @Auth Caller caller, @NotNull @Valid StaffInput input) {
        Staff created = staff.create(input, caller);
        return Response.status(201).entity(created).build();
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Replace a staff member's details")
    public Staff update(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id, @NotNull @Valid StaffInput input) {
        return staff.update(id, input, caller);
    }

    @POST
    @Path("/{id}/deactivate")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Deactivate a staff member", description = "Kept for history; hidden from pickers.")
    public Staff deactivate(@Parameter(hidden = true) @Auth Caller caller, @Parameter(description = "staff member id") @PathParam("id") long id) {
        return staff.setActive(id, false, caller);
    }

    @POST
    @Path("/{id}/reactivate")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Reactivate a staff member")
    public Staff reactivate(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        return staff.setActive(id, true, caller);
    }
}
