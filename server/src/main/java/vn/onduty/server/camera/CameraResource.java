package vn.onduty.server.camera;

import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import jakarta.validation.constraints.NotNull;
import java.util.List;
import vn.onduty.server.agentcommand.AgentCommand;
import vn.onduty.server.auth.Caller;

/**
 * Admin API for cameras and their counter zones. No answer ever holds a camera's username or password:
 * only {@code hasUsername} and {@code hasPassword}.
 */
@Path("/api/cameras")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Cameras")
@SecurityRequirement(name = "bearer")
@RolesAllowed("ADMIN")
public class CameraResource {

    private final CameraService cameras;

    public CameraResource(CameraService cameras) {
        this.cameras = cameras;
    }

    @GET
    @Operation(summary = "List cameras with their agent, zones and latest status",
            description = "siteId filters by site. agentId is the device agent that watches each camera; refusals counts "
                    + "its events refused from other agents.")
    public List<Camera> list(@Parameter(hidden = true) @Auth Caller caller, @QueryParam("siteId") Long siteId) {
        return cameras.list(siteId, caller);
    }

    @POST
    @Operation(summary = "Add a camera to a site",
            description = "url: rtsp://, http(s)://, file: or a file path; prefer the camera's sub-stream (e.g. "
                    + ".../Channels/102) with a 1-2 s keyframe interval. username and password go in their own fields, "
                    + "never in the url; they are given only to the camera's agent. agentId: the active agent of the site "
                    + "that watches it; left out, the site's only active agent (422 when the site has several).")
    public Response create(@Parameter(hidden = true) @Auth Caller caller, @NotNull @Valid CameraInput input) {
        return Response.status(201).entity(cameras.create(input, caller)).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read one camera with its zones and latest status")
    public Camera get(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        return cameras.find(id, caller).orElseThrow(() -> new NotFoundException("No camera " + id));
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Change a camera", description = "A username, password or agentId left out keeps the stored "
            + "one; an empty username or password removes it. siteId must stay the camera's site. A new agentId (an active "
            + "agent of the site) moves the camera: the old agent's open intervals end as unknown (camera_moved), its "
            + "later events of the camera are refused, and only the new agent is given it.")
    public Camera update(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id,
                         @NotNull @Valid CameraInput input) {
        return cameras.update(id, input, caller);
    }

    @POST
    @Path("/{id}/zones")
    @Operation(summary = "Add the zone of a counter's seat",
            description = "polygon: 3-32 points [x, y], normalised (0..1, x right, y down), in order around the seat. "
                    + "One zone per counter per camera; the counter must be at the camera's site.")
    public Response addZone(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id,
                            @NotNull @Valid ZoneInput input) {
        return Response.status(201).entity(cameras.addZone(id, input, caller)).build();
    }

    @PUT
    @Path("/{id}/zones/{zoneId}")
    @Operation(summary = "Redraw a zone", description = "The zone then needs calibrating again.")
    public CameraZone updateZone(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id,
                                 @PathParam("zoneId") long zoneId, @NotNull @Valid ZonePolygon input) {
        return cameras.updateZone(id, zoneId, input, caller);
    }

    @DELETE
    @Path("/{id}/zones/{zoneId}")
    @Operation(summary = "Remove a zone", description = "Its history of intervals stays.")
    public Response removeZone(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id,
                               @PathParam("zoneId") long zoneId) {
        cameras.removeZone(id, zoneId, caller);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/snapshot")
    @Operation(summary = "Ask the camera's agent for a snapshot to draw zones on",
            description = "Queues a camera_snapshot command; poll GET /api/agent-commands/{id}. The snapshot expires "
                    + "(24 h by default).")
    public Response requestSnapshot(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        AgentCommand command = cameras.requestSnapshot(id, caller);
        return Response.status(202).entity(command).build();
    }

    @GET
    @Path("/{id}/snapshot")
    @Produces({"image/jpeg", MediaType.APPLICATION_JSON})
    @Operation(summary = "The camera's latest snapshot that has not expired (JPEG); each view is audited",
            description = "A failure answers with the JSON error body.",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "image/jpeg")))
    public Response snapshot(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        return Response.ok(cameras.viewSnapshot(id, caller), "image/jpeg")
                .header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("/{id}/zones/{zoneId}/calibrate")
    @Operation(summary = "Calibrate a zone as empty now, or from a snapshot in which the seat was empty",
            description = "Queues a calibrate_zone command; the agent's zone_calibrated event completes it with the "
                    + "statistics. With seconds (10-600, default 60) the seat must be empty now and the agent samples it; "
                    + "with snapshotId the agent takes that snapshot (of this camera, not expired) as the empty seat, for "
                    + "a seat that is never still long enough to sample (threshold 0.15).")
    public Response calibrate(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id,
                              @PathParam("zoneId") long zoneId, @Valid CalibrateRequest request) {
        if (request != null && request.snapshotId() != null) {
            return Response.status(202).entity(cameras.requestCalibrationFromSnapshot(id, zoneId, request.snapshotId(),
                    caller)).build();
        }
        int seconds = request == null ? CalibrateRequest.DEFAULT_SECONDS : request.secondsOrDefault();
        return Response.status(202).entity(cameras.requestCalibration(id, zoneId, seconds, caller)).build();
    }
}
