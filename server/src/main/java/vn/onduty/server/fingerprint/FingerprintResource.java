package vn.onduty.server.fingerprint;

import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import vn.onduty.server.auth.Caller;

/** Admin API for fingerprint sensors: status, enrollments, and the commands that change them (read and cancelled at /api/agent-commands). */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Fingerprint sensors")
@SecurityRequirement(name = "bearer")
@RolesAllowed("ADMIN")
public class FingerprintResource {

    public record EnrollRequest(@NotNull Long staffId) {}

    private final FingerprintService fingerprints;

    public FingerprintResource(FingerprintService fingerprints) {
        this.fingerprints = fingerprints;
    }

    @GET
    @Path("/sensors")
    @Operation(summary = "List sensors with their latest state", description = "Sensors appear when their agent first reports them.")
    public List<Sensor> sensors(@QueryParam("siteId") Long siteId) {
        return fingerprints.sensors(siteId);
    }

    @GET
    @Path("/sensors/{id}")
    @Operation(summary = "Read one sensor")
    public Sensor sensor(@PathParam("id") long id) {
        return fingerprints.sensor(id).orElseThrow(() -> new NotFoundException("No sensor " + id));
    }

    @GET
    @Path("/sensors/{id}/enrollments")
    @Operation(summary = "Who is enrolled in which slot of the sensor")
    public List<Enrollment> enrollments(@PathParam("id") long id) {
        return fingerprints.enrollments(id);
    }

    @POST
    @Path("/sensors/{id}/enrollments")
    @Operation(summary = "Start enrolling an officer on the sensor",
            description = "Queues a command for the agent; the officer then presents the finger twice. Poll GET /api/agent-commands/{id}.")
    public Response enroll(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id,
                           @NotNull @Valid EnrollRequest request) {
        return Response.status(202).entity(fingerprints.startEnrollment(id, request.staffId(), caller)).build();
    }

    @DELETE
    @Path("/enrollments/{id}")
    @Operation(summary = "Delete an enrollment", description = "Queues a command that deletes the slot on the sensor; the enrollment ends when the agent confirms.")
    public Response delete(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        return Response.status(202).entity(fingerprints.deleteEnrollment(id, caller)).build();
    }
}
