package vn.onduty.server.terminal;

import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.util.List;
import vn.onduty.server.auth.Caller;

/**
 * Admin API for ZKTeco-family terminals pushing over ADMS: the terminals that called in (waiting ones included),
 * adopting or refusing them, their PINs and the officers they are mapped to, commands and their results, the lines
 * they sent that could not be read. The terminals themselves call /iclock/* (docs/adms-protocol.md).
 */
@Path("/api/terminals")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Terminals")
@SecurityRequirement(name = "bearer")
@RolesAllowed("ADMIN")
public class TerminalResource {

    public record Adoption(@NotNull Long siteId, @Size(max = 100) String name) {}

    public record Settings(@Size(max = 100) String name, @Size(max = 64) String allowedRange) {}

    public record PinMapping(Long staffId) {}

    public record CommandInput(@NotNull String type, Long staffId, @Size(max = 24) String pin, LocalDate from) {}

    public record SitePush(@NotNull Long siteId, @NotNull Long staffId, @Size(max = 24) String pin) {}

    private final TerminalService terminals;
    private final TerminalPins pins;
    private final TerminalCommands commands;

    public TerminalResource(TerminalService terminals, TerminalPins pins, TerminalCommands commands) {
        this.terminals = terminals;
        this.pins = pins;
        this.commands = commands;
    }

    @GET
    @Operation(summary = "List every terminal that called in, waiting ones first",
            description = "status: waiting (called in, not yet decided: its records are kept aside, not punches), "
                    + "adopted (its records are punches at siteId) or refused (answered, nothing stored). health: "
                    + "silent (no call for terminals.silentAfter during the site's working hours), clockOff (clock "
                    + "further off than terminals.clockTolerance; clockOffsetSeconds is how far ahead it is), "
                    + "recordsToday, rejectedLines, unmappedPins.")
    public List<Terminal> list(@Parameter(hidden = true) @Auth Caller caller) {
        return terminals.list(caller);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read one terminal with its health")
    public Terminal get(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        return terminals.find(id, caller).orElseThrow(() -> new NotFoundException("No terminal " + id));
    }

    @POST
    @Path("/{id}/adopt")
    @Operation(summary = "Adopt a terminal for a site",
            description = "Its records kept aside become punches at the site (each at its local time read in the site's "
                    + "zone), its PINs that are officers' staff codes are mapped. Again with another siteId, it moves: "
                    + "later punches are the new site's. A refused terminal may be adopted.")
    public Terminal adopt(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id,
                          @NotNull @Valid Adoption adoption) {
        return terminals.adopt(id, adoption.siteId(), adoption.name(), caller);
    }

    @POST
    @Path("/{id}/refuse")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Refuse a terminal", description = "From now on it is answered and nothing it sends is stored.")
    public Terminal refuse(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        return terminals.refuse(id, caller);
    }

    @PUT
    @Path("/{id}/settings")
    @Operation(summary = "Name a terminal and restrict it to an address range",
            description = "allowedRange: an address or a network such as 192.168.1.0/24; null or empty for any "
                    + "address. A call from outside the range is answered 403 and noted as refusedAddress.")
    public Terminal settings(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id,
                             @NotNull @Valid Settings settings) {
        return terminals.settings(id, settings.name(), settings.allowedRange(), caller);
    }

    @GET
    @Path("/{id}/pins")
    @Operation(summary = "The terminal's user list: every PIN it reported or punched with, and its officer",
            description = "Names and privileges are the terminal's; templates, faces and photos are never stored.")
    public List<PinEntry> pins(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        return pins.pins(id, caller);
    }

    @PUT
    @Path("/{id}/pins/{pin}")
    @Operation(summary = "Map a PIN of the terminal to an officer",
            description = "The PIN's punches that waited for an officer become theirs (from the end of the PIN's previous "
                    + "mapping on) and their days are recomputed. staffId null ends the PIN's mapping.")
    public PinEntry mapPin(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id,
                           @PathParam("pin") String pin, @NotNull @Valid PinMapping mapping) {
        return pins.map(id, pin, mapping.staffId(), caller);
    }

    @GET
    @Path("/{id}/rejected-lines")
    @Operation(summary = "Lines the terminal sent that could not be read, with why, latest first")
    public List<RejectedLine> rejected(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        return terminals.rejected(id, caller);
    }

    @GET
    @Path("/{id}/commands")
    @Operation(summary = "The terminal's latest commands and their results, newest first")
    public List<TerminalCommand> commands(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        return commands.latest(id, caller);
    }

    @POST
    @Path("/{id}/commands")
    @Operation(summary = "Queue a command for the terminal",
            description = "type: user_update (put an officer on the terminal: staffId, pin optional: the officer's PIN "
                    + "at the site's terminals or the lowest free number; maps the PIN), user_delete (pin), info, reupload "
                    + "(from: the first day to upload again), set_clock (to the server's time in the site's zone when "
                    + "handed over). Handed over at the terminal's next poll; status PENDING, SENT, DONE, FAILED, "
                    + "CANCELLED or EXPIRED. A waiting terminal takes only info; a refused one nothing.")
    public Response queue(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id,
                          @NotNull @Valid CommandInput input) {
        return Response.accepted(commands.queue(id,
                new TerminalCommands.Request(input.type(), input.staffId(), input.pin(), input.from()), caller)).build();
    }

    @POST
    @Path("/push")
    @Operation(summary = "Put an officer on every adopted terminal of a site",
            description = "One user_update command per terminal, all or none, under the same PIN (given, or the "
                    + "officer's PIN at the site's terminals, or the lowest number none of them uses).")
    public Response pushToSite(@Parameter(hidden = true) @Auth Caller caller, @NotNull @Valid SitePush push) {
        return Response.accepted(commands.pushToSite(push.siteId(), push.staffId(), push.pin(), caller)).build();
    }

    @POST
    @Path("/commands/{commandId}/cancel")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Cancel a command not yet handed over to its terminal")
    public TerminalCommand cancel(@Parameter(hidden = true) @Auth Caller caller, @PathParam("commandId") long commandId) {
        return commands.cancel(commandId, caller);
    }
}
