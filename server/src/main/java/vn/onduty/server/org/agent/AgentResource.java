package vn.onduty.server.org.agent;

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

@Path("/api/agents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Device agents")
@SecurityRequirement(name = "bearer")
@RolesAllowed("ADMIN")
public class AgentResource {

    private final AgentService agents;

    public AgentResource(AgentService agents) {
        this.agents = agents;
    }

    @GET
    @Operation(summary = "List device agents")
    public Page<Agent> list(@QueryParam("siteId") Long siteId, @QueryParam("q") String q,
                            @QueryParam("active") Boolean active,
                            @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return agents.list(siteId, q, active, PageRequest.of(page, size));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read one device agent")
    public Agent get(@PathParam("id") long id) {
        return agents.find(id).orElseThrow(() -> new NotFoundException("No agent " + id));
    }

    @POST
    @Operation(summary = "Register a device agent", description = "The answer holds the agent's bearer token; it is shown only this once.")
    public Response create(@Parameter(hidden = true) @Auth Caller caller, @NotNull @Valid AgentInput input) {
        return Response.status(201).entity(agents.create(input, caller)).build();
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Rename an agent or move it to another site")
    public Agent update(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id, @NotNull @Valid AgentInput input) {
        return agents.update(id, input, caller);
    }

    @POST
    @Path("/{id}/rotate-token")
    @Operation(summary = "Issue a new token", description = "The old token stops working at once; the new one is shown only this once.")
    public AgentWithToken rotateToken(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        return agents.rotateToken(id, caller);
    }

    @POST
    @Path("/{id}/deactivate")
    @Operation(summary = "Deactivate an agent", description = "Its token is refused from now on.")
    public Agent deactivate(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        return agents.setActive(id, false, caller);
    }

    @POST
    @Path("/{id}/reactivate")
    @Operation(summary = "Reactivate an agent")
    public Agent reactivate(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        return agents.setActive(id, true, caller);
    }
}
