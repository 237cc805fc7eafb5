package vn.onduty.server.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import vn.onduty.server.api.BodyLimit;
import vn.onduty.server.auth.Caller;

/** Queue tickets and ratings from a queue system: an admin's token, or the site's device agent token. */
@Path("/api/tickets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Service quality")
@SecurityRequirement(name = "bearer")
@RolesAllowed({"ADMIN", "AGENT"})
public class TicketResource {

    private final TicketService tickets;
    private final ObjectMapper json;

    public TicketResource(TicketService tickets, ObjectMapper json) {
        this.tickets = tickets;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report a batch of queue tickets (issued, called, served, rated)",
            description = "At most 1,000 tickets and 1 MiB; accepted whole or refused whole (422 names each bad ticket by "
                    + "index). A ticket is one per site, service day and number: a report of a stored ticket is merged "
                    + "into it (fields left out or null keep their value), so sending a batch again changes nothing. "
                    + "An agent reports its own site's tickets; an admin gives siteId. counterNumber is the number on the "
                    + "counter, officerCode the officer's staff code; serviceDate defaults to the issue time's date in the "
                    + "site's zone. outcome: SERVED, NO_SHOW or TRANSFERRED. rating with ratingScale STARS5 (1-5) or "
                    + "LEVELS3 (1 unsatisfied, 2 neutral, 3 satisfied).",
            requestBody = @RequestBody(content = @Content(schema = @Schema(example = "{\"siteId\":1,\"tickets\":[{\"number\":"
                    + "\"A012\",\"service\":\"Chứng thực bản sao\",\"counterNumber\":3,\"officerCode\":\"CB0012\","
                    + "\"issuedAt\":\"2026-11-26T01:05:00Z\",\"calledAt\":\"2026-11-26T01:17:00Z\",\"endedAt\":"
                    + "\"2026-11-26T01:25:00Z\",\"outcome\":\"SERVED\",\"rating\":5,\"ratingScale\":\"STARS5\"}]}"))))
    @BodyLimit(TicketService.MAX_BYTES)
    public TicketService.Stored receive(@Parameter(hidden = true) @Auth Caller caller, InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(TicketService.MAX_BYTES + 1);
        if (bytes.length > TicketService.MAX_BYTES) {
            throw new ClientErrorException("The batch is larger than 1 MiB; send fewer tickets", 413);
        }
        JsonNode tree = bytes.length == 0 ? null : json.readTree(bytes);
        return tickets.receive(caller, tree);
    }
}
