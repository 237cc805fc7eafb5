package vn.onduty.server.agentcommand;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.Web;

/**
 * The live box of a command on the sensor and camera pages ({@code views/agentcommand/}), which htmx asks
 * for again every second until the command has finished, and its cancel button.
 */
@Path("/admin/commands")
@Hidden
@RolesAllowed("ADMIN")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class AgentCommandPages {

    private final Web web;
    private final AgentCommands commands;

    public AgentCommandPages(Web web, AgentCommands commands) {
        this.web = web;
        this.commands = commands;
    }

    @GET
    @Path("{id}/status")
    public PageView status(@Context ContainerRequestContext request, @PathParam("id") long id) {
        AgentCommand command = commands.find(id).orElseThrow(NotFoundException::new);
        return new PageView("agentcommand/command-status.ftlh", web.context(request), "sensors.command",
                Map.of("command", command));
    }

    @POST
    @Path("{id}/cancel")
    public Response cancel(@Context ContainerRequestContext request, @PathParam("id") long id) {
        AgentCommand command = commands.cancel(id, web.context(request).caller());
        return Response.seeOther(URI.create(command.forCamera() ? "/admin/cameras/" + command.cameraId()
                : "/admin/sensors/" + command.sensorId())).build();
    }
}
