package vn.onduty.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.onduty.server.agentcommand.AgentCommands;
import vn.onduty.server.agentcommand.CommandPolls;
import vn.onduty.server.agentcommand.ListedCommand;
import vn.onduty.server.api.BodyLimit;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.camera.CameraReport;

/** The endpoints a device agent calls with its own token; see docs/agent-protocol.md. */
@Path("/api/agent")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Device agent protocol")
@SecurityRequirement(name = "bearer")
@RolesAllowed("AGENT")
public class AgentApiResource {

    public record Ack(Map<String, Long> acknowledged) {}

    public record Heartbeat(@NotNull Instant at, @Size(max = 50) String agentVersion, Long outboxPending,
                            @Size(max = 64) List<@Valid @NotNull SensorStatus> sensors,
                            @Size(max = 256) List<@Valid @NotNull CameraReport> cameras) {}

    /**
     * @param camerasVersion the version of {@code GET /api/agent/cameras} for this agent (its ETag without quotes): the
     *                       agent fetches the list when it is not the one it runs, instead of checking every 30 s
     */
    public record HeartbeatAnswer(Instant serverTime, String camerasVersion) {}

    public record Me(long agentId, String name, long siteId, Instant serverTime) {}

    /** Each command with the fields of its type only (docs/agent-protocol.md). */
    public record Commands(List<Map<String, Object>> commands) {}

    public record Progress(@NotBlank @Pattern(regexp = "started|place_finger|remove_finger|place_again|storing|retry|sampling|failed",
            message = "must be started, place_finger, remove_finger, place_again, storing, retry, sampling or failed") String step,
                           @Size(max = 500) String message) {}

    private final IngestService ingest;
    private final AgentCommands commands;
    private final CommandPolls polls;
    private final ObjectMapper json;
    private final Clock clock;
    private final HeartbeatService heartbeats;

    public AgentApiResource(IngestService ingest, AgentCommands commands, CommandPolls polls, ObjectMapper json,
                            Clock clock, HeartbeatService heartbeats) {
        this.ingest = ingest;
        this.commands = commands;
        this.polls = polls;
        this.json = json;
        this.clock = clock;
        this.heartbeats = heartbeats;
    }

    @POST
    @Path("/events")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Deliver a batch of events (exactly once)",
            description = "At most 1,000 events and 1 MiB; accepted whole or refused whole (422 names each bad record by index). "
                    + "Re-sending a batch changes nothing and gets the same answer.",
            requestBody = @RequestBody(content = @Content(schema = @Schema(example =
                    "{\"events\":[{\"stream\":\"fingerprint\",\"seq\":1,\"type\":\"punch\",\"at\":\"2026-11-26T00:31:05Z\",\"sensor\":\"cua-chinh\",\"slot\":5,\"score\":80}]}"))))
    @BodyLimit(IngestService.MAX_BYTES)
    public Ack events(@Parameter(hidden = true) @Auth Caller agent, InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(IngestService.MAX_BYTES + 1);
        if (bytes.length > IngestService.MAX_BYTES) {
            throw new ClientErrorException("The batch is larger than 1 MiB; send fewer events", 413);
        }
        JsonNode tree = json.readTree(bytes);
        if (tree != null && tree.path("events").isArray() && tree.path("events").size() > IngestService.MAX_EVENTS) {
            throw new ClientErrorException("The batch has " + tree.path("events").size()
                    + " events; at most " + IngestService.MAX_EVENTS + " are accepted", 413);
        }
        return new Ack(ingest.ingest(agent, tree));
    }

    @POST
    @Path("/heartbeat")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report the agent's, its sensors' and its cameras' state (not stored as events)",
            description = "Answers the server's time and the version of this agent's camera list (the ETag of "
                    + "GET /api/agent/cameras, without quotes): an agent fetches the list when that is not the one it "
                    + "runs, and needs no separate check.")
    public HeartbeatAnswer heartbeat(@Parameter(hidden = true) @Auth Caller agent, @NotNull @Valid Heartbeat heartbeat) {
        String camerasVersion = heartbeats.record(agent, heartbeat.at(), clock.instant(), heartbeat.sensors(),
                heartbeat.cameras());
        return new HeartbeatAnswer(clock.instant(), camerasVersion);
    }

    @GET
    @Path("/commands")
    @Operation(summary = "Work waiting for this agent (enroll an officer, delete a slot, take a snapshot, calibrate a zone)",
            description = "Each open command until its result arrives, it is cancelled or it expires (agentCommands.expireAfter). "
                    + "Long polling: with wait=N (seconds) a poll that finds nothing is held until a command is queued for "
                    + "this agent, on any server instance, and answered that moment; or, after N seconds (at most "
                    + "agentCommands.longPollMax, 25 s by default), answered with an empty list. Without wait, or wait=0, "
                    + "the answer comes at once.",
            responses = @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Commands.class))))
    public void commands(@Parameter(hidden = true) @Auth Caller agent,
                         @Parameter(description = "Seconds to hold the poll while there is nothing to do, 0-300")
                         @QueryParam("wait") @Min(value = 0, message = "must be 0 or more seconds")
                         @Max(value = 300, message = "must be at most 300 seconds") Integer wait,
                         @Parameter(hidden = true) @Suspended AsyncResponse response) {
        polls.poll(agent, Duration.ofSeconds(wait == null ? 0 : wait),
                listed -> response.resume(new Commands(listed.stream().map(AgentApiResource::command).toList())),
                response::resume);
    }

    private static Map<String, Object> command(ListedCommand c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("type", c.type());
        switch (c.type()) {
            case "camera_snapshot" -> m.put("cameraId", c.cameraId());
            case "calibrate_zone" -> {
                m.put("cameraId", c.cameraId());
                m.put("zoneId", c.zoneId());
                if (c.snapshotId() != null) {
                    m.put("snapshotId", c.snapshotId());
                } else {
                    m.put("seconds", c.seconds());
                }
            }
            default -> {
                m.put("sensor", c.sensor());
                m.put("staffId", c.staffId());
                m.put("slot", c.slot());
            }
        }
        return m;
    }

    @POST
    @Path("/commands/{id}/progress")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report a live step of a command, shown on the admin's page")
    public Response progress(@Parameter(hidden = true) @Auth Caller agent, @PathParam("id") long id,
                             @NotNull @Valid Progress progress) {
        commands.progress(agent, id, progress.step(), progress.message());
        return Response.noContent().build();
    }

    @GET
    @Path("/me")
    @Operation(summary = "Check the token: which agent and site it belongs to, and the server's clock")
    public Me me(@Parameter(hidden = true) @Auth Caller agent) {
        return new Me(agent.id(), agent.name(), agent.agentSiteId(), clock.instant());
    }
}
