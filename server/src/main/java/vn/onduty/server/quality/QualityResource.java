package vn.onduty.server.quality;

import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.auth.Caller;

/** Service-quality reports of a site: KPIs, the joined measures, tickets, and the waiting target. */
@Path("/api/quality")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Service quality")
@SecurityRequirement(name = "bearer")
@RolesAllowed({"SUPERVISOR", "ADMIN"})
public class QualityResource {

    public record Target(long siteId, int waitTargetMinutes) {}

    public record TargetInput(@NotNull Integer waitTargetMinutes) {}

    private final QualityService quality;

    public QualityResource(QualityService quality) {
        this.quality = quality;
    }

    @GET
    @Path("/kpis")
    @Operation(summary = "Ticket KPIs of a site over a range, grouped by site, counter, officer, service, day or week",
            description = "from and to are service days (inclusive, at most 400 days apart). Per group: tickets issued and "
                    + "served, no-show %, average and maximum wait (issue to call) in minutes, % waiting over the site's "
                    + "target, average service time, ratings and satisfaction % (4-5 stars or the top of 3 levels). "
                    + "counterId or staffId narrow the tickets. The site's supervisors and admins.")
    public List<Kpis> kpis(@Parameter(hidden = true) @Auth Caller caller, @QueryParam("siteId") Long siteId,
                           @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to, @QueryParam("by") String by,
                           @QueryParam("counterId") Long counterId, @QueryParam("staffId") Long staffId) {
        return quality.kpis(site(siteId), required("from", from), required("to", to), by(by), counterId, staffId,
                caller);
    }

    @GET
    @Path("/joined")
    @Operation(summary = "Tickets joined to counter presence, roster and attendance over a range (at most 93 days)",
            description = "Per counter: opening, occupied, empty and unknown minutes, minutes a ticket for its services "
                    + "waited, and unattended-queue minutes (empty or unknown while one waited; null without a camera). "
                    + "Per officer: rostered and present minutes at watched counters, presence %, clocked-in and "
                    + "away-from-counter minutes, beside the KPIs of the tickets they served. Substituted sessions (who "
                    + "covered whom, for how long; the leave request covered, with its type, or the reason of a "
                    + "substitution made by hand) and data-quality flags (SERVED_AT_EMPTY_COUNTER, PUNCH_NOT_ROSTERED).")
    public QualityService.Joined joined(@Parameter(hidden = true) @Auth Caller caller, @QueryParam("siteId") Long siteId,
                                        @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to) {
        return quality.joined(site(siteId), required("from", from), required("to", to), caller);
    }

    @GET
    @Path("/tickets")
    @Operation(summary = "A site's tickets of a range of service days, optionally of one counter or officer (at most 5,000)")
    public List<TicketDao.Row> tickets(@Parameter(hidden = true) @Auth Caller caller, @QueryParam("siteId") Long siteId,
                                       @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to,
                                       @QueryParam("counterId") Long counterId, @QueryParam("staffId") Long staffId) {
        return quality.tickets(site(siteId), required("from", from), required("to", to), counterId, staffId, 5000,
                caller);
    }

    @GET
    @Path("/sites/{siteId}/target")
    @Operation(summary = "The site's waiting target in minutes (20 unless an admin changed it)")
    public Target target(@Parameter(hidden = true) @Auth Caller caller, @PathParam("siteId") long siteId) {
        return new Target(siteId, quality.target(siteId, caller));
    }

    @PUT
    @Path("/sites/{siteId}/target")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("ADMIN")
    @Operation(summary = "Change the site's waiting target (1-240 minutes), audited")
    public Target setTarget(@Parameter(hidden = true) @Auth Caller caller, @PathParam("siteId") long siteId,
                            @NotNull TargetInput input) {
        return new Target(siteId, quality.setTarget(siteId, input.waitTargetMinutes(), caller));
    }

    private static long site(Long siteId) {
        if (siteId == null) {
            throw InvalidInputException.field("siteId", "is required");
        }
        return siteId;
    }

    private static LocalDate required(String field, LocalDate value) {
        if (value == null) {
            throw InvalidInputException.field(field, "is required, e.g. 2026-11-26");
        }
        return value;
    }

    private static Kpis.By by(String value) {
        if (value == null || value.isBlank()) {
            return Kpis.By.SITE;
        }
        try {
            return Kpis.By.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.field("by", "must be site, counter, officer, service, day or week");
        }
    }
}
