package vn.onduty.server.org.counter;

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

@Path("/api/counters")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Organisation")
@SecurityRequirement(name = "bearer")
@RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
public class CounterResource {

    private final CounterService counters;

    public CounterResource(CounterService counters) {
        this.counters = counters;
    }

    @GET
    @Operation(summary = "List counters", description = "Paged; siteId filters by site; q searches name, number and services ignoring Vietnamese diacritics.")
    public Page<Counter> list(@QueryParam("siteId") Long siteId, @QueryParam("q") String q,
                              @QueryParam("active") Boolean active,
                              @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return counters.list(siteId, q, active, PageRequest.of(page, size));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read one counter")
    public Counter get(@PathParam("id") long id) {
        return counters.find(id).orElseThrow(() -> new NotFoundException("No counter " + id));
    }

    @POST
    @RolesAllowed("ADMIN")
    @Operation(summary = "Create a counter")
    public Response create(@Parameter(hidden = true) @Auth Caller caller, @NotNull @Valid CounterInput input) {
        Counter counter = counters.create(input, caller);
        return Response.status(201).entity(counter).build();
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Replace a counter's details")
    public Counter update(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id, @NotNull @Valid CounterInput input) {
        return counters.update(id, input, caller);
    }

    @POST
    @Path("/{id}/deactivate")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Deactivate a counter", description = "Kept for history; hidden from pickers.")
    public Counter deactivate(@Parameter(hidden = true) @Auth Caller caller, @Parameter(description = "counter id") @PathParam("id") long id) {
        return counters.setActive(id, false, caller);
    }

    @POST
    @Path("/{id}/reactivate")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Reactivate a counter")
    public Counter reactivate(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        return counters.setActive(id, true, caller);
    }
}
