package vn.onduty.server.agentcommand;

import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import vn.onduty.server.auth.Caller;

/** Admin API for the commands queued for agents, whatever feature queued them: read one, cancel one. */
@Path("/api/agent-commands")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Agent commands")
@SecurityRequirement(name = "bearer")
@RolesAllowed("ADMIN")
public class AgentCommandResource {

    private final AgentCommands commands;

    public AgentCommandResource(AgentCommands commands) {
        this.commands = commands;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A command's status and live step",
            description = "status: PENDING, IN_PROGRESS, DONE, FAILED, CANCELLED or EXPIRED (no agent finished it in time).")
    public AgentCommand command(@PathParam("id") long id) {
        return commands.find(id).orElseThrow(() -> new NotFoundException("No command " + id));
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel a command that has not finished")
    public AgentCommand cancel(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        return commands.cancel(id, caller);
    }
}
