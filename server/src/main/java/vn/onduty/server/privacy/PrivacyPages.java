package vn.onduty.server.privacy;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.onduty.server.api.ExceptionMappers;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.org.OrgChoices;
import vn.onduty.server.org.staff.Staff;
import vn.onduty.server.org.staff.StaffService;
import vn.onduty.server.web.Forms;
import vn.onduty.server.web.ListFilters;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/**
 * The personal-data pages: "Dữ liệu cá nhân của tôi" (the notice, its acknowledgement, the download and who read the
 * officer's records), the notice shown at sign-in until acknowledged (and a reminder on every page meanwhile), the
 * supervisors' and admins' page for an officer's request (export, end of service, anonymisation). The notice's
 * settings are {@link PrivacyAdminPages}.
 */
@Path("/")
@Hidden
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class PrivacyPages {

    static final Set<String> DONE = Set.of("acknowledged", "saved", "anonymised");

    private final Web web;
    private final PrivacyNotices notices;
    private final PersonalDataExport export;
    private final Anonymisation anonymisation;
    private final AuditLog audit;
    private final StaffService staff;
    private final OrgChoices org;

    public PrivacyPages(Web web, PrivacyNotices notices, PersonalDataExport export, Anonymisation anonymisation,
                        AuditLog audit, StaffService staff, OrgChoices org) {
        this.web = web;
        this.notices = notices;
        this.export = export;
        this.anonymisation = anonymisation;
        this.audit = audit;
        this.staff = staff;
        this.org = org;
    }

    @GET
    @Path("me/privacy")
    @RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
    public PageView mine(@Context ContainerRequestContext request, @QueryParam("page") Integer page,
                         @QueryParam("done") String done) {
        WebContext ctx = web.context(request);
        Caller caller = ctx.caller();
        Map<String, Object> data = new HashMap<>();
        data.put("notice", notices.shown(ctx.lang()));
        data.put("ack", notices.acknowledgement(caller));
        data.put("linked", caller.staffId() != null);
        if (caller.staffId() != null) {
            data.put("reads", audit.readsOf(caller.staffId(), PageRequest.of(ListFilters.page(page), 20)));
        }
        data.put("done", done != null && DONE.contains(done) ? done : "");
        return new PageView("privacy/mine.ftlh", ctx, "privacy.mine.title", data);
    }

    @GET
    @Path("me/privacy/notice")
    @RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
    public PageView notice(@Context ContainerRequestContext request, @QueryParam("next") String next) {
        WebContext ctx = web.context(request);
        Map<String, Object> data = new HashMap<>();
        data.put("notice", notices.shown(ctx.lang()));
        data.put("ack", notices.acknowledgement(ctx.caller()));
        data.put("next", Web.safeNext(next == null ? "/" : next).toString());
        return new PageView("privacy/notice.ftlh", ctx, "privacy.notice.title", data);
    }

    @POST
    @Path("me/privacy/notice")
    @RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response acknowledge(@Context ContainerRequestContext request, MultivaluedMap<String, String> form) {
        notices.acknowledge(web.context(request).caller());
        String next = Forms.text(form, "next");
        return Response.seeOther(next == null ? URI.create("/me/privacy?done=acknowledged") : Web.safeNext(next)).build();
    }

    /** The reminder every page loads while the officer has not acknowledged the notice in force; empty otherwise. */
    @GET
    @Path("me/privacy/banner")
    @RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
    public PageView banner(@Context ContainerRequestContext request, @QueryParam("next") String next) {
        WebContext ctx = web.context(request);
        Map<String, Object> data = new HashMap<>();
        data.put("pending", notices.pending(ctx.caller()));
        data.put("next", Web.safeNext(next == null ? "/" : next).toString());
        return new PageView("privacy/banner.ftlh", ctx, "privacy.notice.title", data);
    }

    @GET
    @Path("me/privacy/download")
    @RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
    @Produces({PrivacyResource.ZIP, MediaType.TEXT_HTML + ";charset=UTF-8"})
    public Response download(@Context ContainerRequestContext request) {
        return PrivacyResource.zip(export.mine(web.context(request).caller()));
    }

    @GET
    @Path("privacy/staff")
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    public PageView officers(@Context ContainerRequestContext request, @QueryParam("q") String q,
                             @QueryParam("page") Integer page) {
        WebContext ctx = web.context(request);
        Map<String, Object> data = new HashMap<>();
        data.put("q", q == null ? "" : q);
        data.put("result", staff.list(null, null, q, null, PageRequest.of(ListFilters.page(page), 25), ctx.caller()));
        data.put("names", org.names());
        if (ctx.caller().isAdmin()) {
            data.put("leavers", anonymisation.leavers(ctx.caller()));
        }
        return new PageView("privacy/officers.ftlh", ctx, "privacy.officers.title", data);
    }

    @GET
    @Path("privacy/staff/{id}")
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    public PageView officer(@Context ContainerRequestContext request, @PathParam("id") long id,
                            @QueryParam("done") String done) {
        WebContext ctx = web.context(request);
        return officerPage(ctx, id, done, List.of(), Map.of());
    }

    @POST
    @Path("privacy/staff/{id}/export")
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces({PrivacyResource.ZIP, MediaType.TEXT_HTML + ";charset=UTF-8"})
    public Response exportFor(@Context ContainerRequestContext request, @PathParam("id") long id,
                              MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        String reason = Forms.text(form, "reason");
        try {
            return PrivacyResource.zip(export.forOfficer(id, reason, ctx.caller()));
        } catch (RuntimeException e) {
            return again(ctx, id, e, Map.of("reason", reason == null ? "" : reason));
        }
    }

    @POST
    @Path("privacy/staff/{id}/end-of-service")
    @RolesAllowed("ADMIN")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response endOfService(@Context ContainerRequestContext request, @PathParam("id") long id,
                                 MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        String typed = Forms.text(form, "date");
        try {
            if (typed != null && Forms.date(typed) == null) {
                throw vn.onduty.server.api.InvalidInputException.field("date", "must be a date such as 2025-06-30, got " + typed);
            }
            anonymisation.setEndOfService(id, Forms.date(typed), ctx.caller());
        } catch (RuntimeException e) {
            return again(ctx, id, e, Map.of());
        }
        return Response.seeOther(URI.create("/privacy/staff/" + id + "?done=saved")).build();
    }

    @POST
    @Path("privacy/staff/{id}/anonymise")
    @RolesAllowed("ADMIN")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response anonymise(@Context ContainerRequestContext request, @PathParam("id") long id,
                              MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        try {
            anonymisation.anonymise(id, Forms.text(form, "confirmCode"), ctx.caller());
        } catch (RuntimeException e) {
            return again(ctx, id, e, Map.of());
        }
        return Response.seeOther(URI.create("/privacy/staff/" + id + "?done=anonymised")).build();
    }

    private Response again(WebContext ctx, long id, RuntimeException e, Map<String, String> typed) {
        List<String> problems = Forms.problems(e, ctx.t()).orElseThrow(() -> e);
        int status = ExceptionMappers.known(e).map(ExceptionMappers.KnownFailure::code).orElse(422);
        if (status == 404) {
            throw e;
        }
        return Response.status(status).entity(officerPage(ctx, id, null, problems, typed)).build();
    }

    private PageView officerPage(WebContext ctx, long id, String done, List<String> problems, Map<String, String> typed) {
        Caller caller = ctx.caller();
        Staff s = staff.find(id, caller).orElseThrow(NotFoundException::new);
        Map<String, Object> data = new HashMap<>();
        data.put("staff", s);
        data.put("names", org.names());
        data.put("problems", problems);
        data.put("reason", typed.getOrDefault("reason", ""));
        data.put("done", done != null && DONE.contains(done) ? done : "");
        if (caller.isAdmin()) {
            data.put("status", anonymisation.status(id, caller));
        }
        return new PageView("privacy/officer.ftlh", ctx, "privacy.officer.title", data);
    }
}
