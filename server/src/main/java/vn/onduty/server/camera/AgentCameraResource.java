package vn.onduty.server.camera;

import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import vn.onduty.server.api.BodyLimit;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.auth.Caller;

/** The camera part of the device-agent protocol (docs/agent-protocol.md): its cameras, and snapshot uploads. */
@Path("/api/agent/cameras")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Device agent protocol")
@SecurityRequirement(name = "bearer")
@RolesAllowed("AGENT")
public class AgentCameraResource {

    private final CameraService cameras;

    public AgentCameraResource(CameraService cameras) {
        this.cameras = cameras;
    }

    @GET
    @Operation(summary = "The cameras this agent watches, with credentials and zones",
            description = "version changes whenever anything in the answer does; send If-None-Match: \"<version>\" "
                    + "and get 304 while nothing has.")
    public Response list(@Parameter(hidden = true) @Auth Caller agent,
                         @Parameter(description = "the version last received, quoted") @HeaderParam("If-None-Match") String ifNoneMatch) {
        if (ifNoneMatch != null) {
            // The version alone is one query; the answer opens every camera's sealed password.
            EntityTag current = new EntityTag(cameras.agentCamerasVersion(agent));
            if (Arrays.stream(ifNoneMatch.split(",")).map(String::strip)
                    .anyMatch(v -> v.equals(current.toString()) || v.equals("W/" + current) || v.equals("*"))) {
                return Response.notModified(current).header("Cache-Control", "no-store").build();
            }
        }
        AgentCameras answer = cameras.agentCameras(agent);
        return Response.ok(answer).tag(new EntityTag(answer.version())).header("Cache-Control", "no-store").build();
    }

    @PUT
    @Path("/{id}/snapshot")
    @Consumes("image/jpeg")
    @Operation(summary = "Upload the frame a camera_snapshot command asked for (JPEG, at most 2 MiB)",
            description = "Completes the command. Only a pending camera_snapshot command of this agent for this camera.")
    @BodyLimit(CameraService.MAX_SNAPSHOT_BYTES)
    public Response snapshot(@Parameter(hidden = true) @Auth Caller agent, @PathParam("id") long cameraId,
                             @QueryParam("commandId") Long commandId, InputStream body) throws IOException {
        // The body is read before anything is refused: answering with most of it unread leaves the connection for Jetty
        // to close after the answer, and a client that already reused it for its next request gets no answer at all
        // (CameraIT's upload after this refusal failed so, now and then).
        byte[] bytes = body.readNBytes(CameraService.MAX_SNAPSHOT_BYTES + 1);
        if (bytes.length > CameraService.MAX_SNAPSHOT_BYTES) {
            // Read on (within a bound) before answering: a connection closed while the agent is still sending loses
            // the 413, and the agent would see a broken connection instead of the reason.
            drain(body, DRAIN_LIMIT);
            throw new ClientErrorException("The snapshot is larger than 2 MiB; send a smaller JPEG (at most 1280 px wide)", 413);
        }
        if (commandId == null) {
            throw InvalidInputException.field("commandId", "is required: the id of the camera_snapshot command");
        }
        cameras.storeSnapshot(agent, cameraId, commandId, bytes);
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/snapshots/{snapshotId}")
    @Produces({"image/jpeg", MediaType.APPLICATION_JSON})
    @Operation(summary = "The snapshot an open calibrate_zone command of this agent names (JPEG)",
            description = "For the agent to make the zone's empty-seat reference from; audited as a view. 404 unless "
                    + "commandId is an open calibrate_zone command of this agent for this camera and snapshot, and the "
                    + "snapshot has not expired.",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "image/jpeg")))
    public Response snapshotForCalibration(@Parameter(hidden = true) @Auth Caller agent, @PathParam("id") long cameraId,
                                           @PathParam("snapshotId") long snapshotId,
                                           @QueryParam("commandId") Long commandId) {
        if (commandId == null) {
            throw InvalidInputException.field("commandId", "is required: the id of the calibrate_zone command");
        }
        return Response.ok(cameras.snapshotForCalibration(agent, cameraId, snapshotId, commandId), "image/jpeg")
                .header("Cache-Control", "no-store").build();
    }

    /** How much of a refused, oversized body is read and thrown away so that the answer reaches the agent. */
    static final long DRAIN_LIMIT = 16L * 1024 * 1024;

    private static void drain(InputStream body, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = limit;
        int n;
        while (left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
            left -= n;
        }
    }
}
