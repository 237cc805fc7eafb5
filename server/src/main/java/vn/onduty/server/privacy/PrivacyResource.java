package vn.onduty.server.privacy;

import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.util.List;
import vn.onduty.server.api.Page;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.audit.ReadEntry;
import vn.onduty.server.auth.Caller;

/**
 * Personal data under Law 91/2025/QH15: the notice officers are given and acknowledge, the archive of everything
 * held about them (theirs to download; a supervisor in scope or an admin produces it on their request), who read
 * their records, and, for admins, the notice's settings, end of service and anonymisation of officers who left.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Personal data")
@SecurityRequirement(name = "bearer")
public class PrivacyResource {

    public static final String ZIP = "application/zip";

    public record ExportRequest(@Size(max = 500) String reason) {}

    public record EndOfServiceInput(LocalDate date) {}

    public record AnonymiseInput(@Size(max = 64) String confirmCode) {}

    private final PrivacyNotices notices;
    private final PersonalDataExport export;
    private final Anonymisation anonymisation;
    private final vn.onduty.server.audit.AuditLog audit;

    public PrivacyResource(PrivacyNotices notices, PersonalDataExport export, Anonymisation anonymisation,
                           vn.onduty.server.audit.AuditLog audit) {
        this.notices = notices;
        this.export = export;
        this.anonymisation = anonymisation;
        this.audit = audit;
    }

    @GET
    @Path("/privacy/notice")
    @RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
    @Operation(summary = "The privacy notice in force: what OnDuty processes about officers, why, who sees it, how long",
            description = "lang=vi (default: the account's language) or en. 'blocks' is the text cut into headings,"
                    + " paragraphs and lists.")
    public PrivacyNotices.Shown notice(@Parameter(hidden = true) @Auth Caller caller, @QueryParam("lang") String lang) {
        return notices.shown(lang == null || lang.isBlank() ? caller.language() : lang.strip());
    }

    @PUT
    @Path("/privacy/notice")
    @RolesAllowed("ADMIN")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the privacy notice: a new version, which every officer acknowledges again",
            description = "textVi/textEn null or equal to the default keep the default text; {controller}, {contact}"
                    + ", {retention} and {retentionPeriods} (each kind of record's retention in force, as list lines)"
                    + " in a text are filled in. anonymiseAfterMonths: how long after the end of"
                    + " service an officer's records keep their name.")
    public PrivacyNotice updateNotice(@Parameter(hidden = true) @Auth Caller caller, @NotNull @Valid NoticeInput input) {
        return notices.update(input, caller);
    }

    @GET
    @Path("/privacy/notice/acknowledgements")
    @RolesAllowed("ADMIN")
    @Operation(summary = "How many active officers' accounts have acknowledged the notice in force")
    public PrivacyDao.Acknowledgements acknowledgements() {
        return notices.acknowledgements();
    }

    @GET
    @Path("/me/privacy/notice/acknowledgement")
    @RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
    @Operation(summary = "Whether the caller acknowledged the notice in force, and when",
            description = "required is true for an account linked to a staff record.")
    public PrivacyNotices.Acknowledgement acknowledgement(@Parameter(hidden = true) @Auth Caller caller) {
        return notices.acknowledgement(caller);
    }

    @POST
    @Path("/me/privacy/notice/acknowledge")
    @RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
    @Operation(summary = "Acknowledge the notice in force (an officer's account); doing it twice changes nothing")
    public PrivacyNotices.Acknowledgement acknowledge(@Parameter(hidden = true) @Auth Caller caller) {
        return notices.acknowledge(caller);
    }

    @GET
    @Path("/me/personal-data")
    @RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
    @Produces({ZIP, MediaType.APPLICATION_JSON})
    @Operation(summary = "Download everything OnDuty holds about the caller, as one ZIP archive",
            description = "A JSON file per kind (punches, attendance days, corrections, leave requests with decisions,"
                    + " leave documents, entitlements, roster, presence at the counters you staffed while you staffed"
                    + " them, queue tickets, filed timesheets, sessions, audit events about you, who read your records),"
                    + " the documents as uploaded, a README and tom-tat-summary.xlsx. For an account linked to a staff"
                    + " record.", responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = ZIP)))
    public Response mine(@Parameter(hidden = true) @Auth Caller caller) {
        return zip(export.mine(caller));
    }

    @GET
    @Path("/me/privacy/reads")
    @RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
    @Operation(summary = "Who read the caller's records (timesheets, months, leave documents, presence, exports), newest first")
    public Page<ReadEntry> reads(@Parameter(hidden = true) @Auth Caller caller, @QueryParam("page") Integer page,
                                 @QueryParam("size") Integer size) {
        if (caller.staffId() == null) {
            throw new jakarta.ws.rs.ForbiddenException("Only an officer's account (linked to a staff record) has records to read");
        }
        return audit.readsOf(caller.staffId(), PageRequest.of(page, size));
    }

    @POST
    @Path("/privacy/staff/{id}/export")
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({ZIP, MediaType.APPLICATION_JSON})
    @Operation(summary = "Produce an officer's archive on their request (a supervisor whose scope holds them, or an admin)",
            description = "The same archive the officer downloads. reason (required) names the request it answers; the"
                    + " export is written to the audit log as a read of the officer's records, which they see.",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = ZIP)))
    public Response exportFor(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id,
                              @NotNull @Valid ExportRequest request) {
        return zip(export.forOfficer(id, request.reason(), caller));
    }

    @GET
    @Path("/privacy/leavers")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Officers who left (inactive, with an end of service), not yet anonymised, and from when they may be")
    public List<Anonymisation.Leaver> leavers(@Parameter(hidden = true) @Auth Caller caller) {
        return anonymisation.leavers(caller);
    }

    @GET
    @Path("/privacy/staff/{id}/anonymisation")
    @RolesAllowed("ADMIN")
    @Operation(summary = "An officer's end of service and whether (from when) their records may be anonymised")
    public Anonymisation.Status anonymisationStatus(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        return anonymisation.status(id, caller);
    }

    @PUT
    @Path("/privacy/staff/{id}/end-of-service")
    @RolesAllowed("ADMIN")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record an officer's last day of service (date null clears it); audited")
    public Anonymisation.Status setEndOfService(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id,
                                                @NotNull @Valid EndOfServiceInput input) {
        return anonymisation.setEndOfService(id, input.date(), caller);
    }

    @POST
    @Path("/privacy/staff/{id}/anonymise")
    @RolesAllowed("ADMIN")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Anonymise an officer who left, once the notice's delay after their end of service has passed",
            description = "confirmCode must repeat the officer's staff code: it cannot be undone. Name, code and contact"
                    + " become a pseudonym, free-text reasons and leave documents go, mentions in other records and the"
                    + " audit log are replaced; the figures (punches, attendance, filed timesheets) stay. 409 while the"
                    + " officer is active, has no end of service or the delay has not passed.")
    public Anonymisation.Result anonymise(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id,
                                          @NotNull @Valid AnonymiseInput input) {
        return anonymisation.anonymise(id, input.confirmCode(), caller);
    }

    static Response zip(PersonalDataExport.Archive a) {
        return Response.ok(a.bytes(), ZIP)
                .header("Content-Disposition", "attachment; filename=\"" + a.fileName() + "\"")
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff").build();
    }
}
