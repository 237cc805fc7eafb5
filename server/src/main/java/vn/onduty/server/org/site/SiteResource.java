package vn.onduty.server.org.site;

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

@Path("/api/sites")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Organisation")
@SecurityRequirement(name = "bearer")
@RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
public class SiteResource {

    private final SiteService sites;

    public SiteResource(SiteService sites) {
        this.sites = sites;
    }

    @GET
    @Operation(summary = "List sites", description = "Paged; q searches name and address ignoring Vietnamese diacritics.")
    public Page<Site> list(@QueryParam("q") String q, @QueryParam("active") Boolean active,
                           @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return sites.list(q, active, PageRequest.of(page, size));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read one site")
    public Site get(@PathParam("id") long id) {
        return sites.find(id).orElseThrow(() -> new NotFoundException("No site " + id));
    }

    @POST
    @RolesAllowed("ADMIN")
    @Operation(summary = "Create a site")
    public Response create(@Parameter(hidden = true) @Auth Caller caller, @NotNull @Valid SiteInput input) {
        Site site = sites.create(input, caller);
        return Response.status(201).entity(site).build();
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Replace a site's details")
    public Site update(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id, @NotNull @Valid SiteInput input) {
        return sites.update(id, input, caller);
    }

    @POST
    @Path("/{id}/deactivate")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Deactivate a site", description = "Kept for history; hidden from pickers.")
    public Site deactivate(@Parameter(hidden = true) @Auth Caller caller, @Parameter(description = "site id") @PathParam("id") long id) {
        return sites.setActive(id, false, caller);
    }

    @POST
    @Path("/{id}/reactivate")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Reactivate a site")
    public Site reactivate(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        return sites.setActive(id, true, caller);
    }
}
