package vn.onduty.server.org.department;

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

@Path("/api/departments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Organisation")
@SecurityRequirement(name = "bearer")
@RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
public class DepartmentResource {

    private final DepartmentService departments;

    public DepartmentResource(DepartmentService departments) {
        this.departments = departments;
    }

    @GET
    @Operation(summary = "List departments", description = "Paged; q searches code and name ignoring Vietnamese diacritics.")
    public Page<Department> list(@QueryParam("q") String q, @QueryParam("active") Boolean active,
                           @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return departments.list(q, active, PageRequest.of(page, size));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read one department")
    public Department get(@PathParam("id") long id) {
        return departments.find(id).orElseThrow(() -> new NotFoundException("No department " + id));
    }

    @POST
    @RolesAllowed("ADMIN")
    @Operation(summary = "Create a department")
    public Response create(@Parameter(hidden = true) @Auth Caller caller, @NotNull @Valid DepartmentInput input) {
        Department department = departments.create(input, caller);
        return Response.status(201).entity(department).build();
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Replace a department's details")
    public Department update(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id, @NotNull @Valid DepartmentInput input) {
        return departments.update(id, input, caller);
    }

    @POST
    @Path("/{id}/deactivate")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Deactivate a department", description = "Kept for history; hidden from pickers.")
    public Department deactivate(@Parameter(hidden = true) @Auth Caller caller, @Parameter(description = "department id") @PathParam("id") long id) {
        return departments.setActive(id, false, caller);
    }

    @POST
    @Path("/{id}/reactivate")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Reactivate a department")
    public Department reactivate(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        return departments.setActive(id, true, caller);
    }
}
