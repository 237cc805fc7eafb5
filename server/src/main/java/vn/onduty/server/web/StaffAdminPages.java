package vn.onduty.server.web;

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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.org.staff.Staff;
import vn.onduty.server.org.staff.StaffInput;
import vn.onduty.server.org.staff.StaffService;
import vn.onduty.server.leave.LeaveRules;
import vn.onduty.server.leave.LeaveService;

/** Admin pages for staff records: list by site and department with search, create, edit, deactivate, reactivate. */
@Path("/admin/staff")
@Hidden
@RolesAllowed("ADMIN")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class StaffAdminPages {

    private final Web web;
    private final Forms forms;
    private final StaffService staff;
    private final OrgChoices org;
    private final LeaveService leave;

    public StaffAdminPages(Web web, Forms forms, StaffService staff, OrgChoices org, LeaveService leave) {
        this.web = web;
        this.forms = forms;
        this.staff = staff;
        this.org = org;
        this.leave = leave;
    }

    @GET
    public PageView list(@Context ContainerRequestContext request, @QueryParam("siteId") String siteId,
                         @QueryParam("departmentId") String departmentId, @QueryParam("q") String q,
                         @QueryParam("active") String active, @QueryParam("page") Integer page,
                         @QueryParam("done") String done) {
        WebContext ctx = web.context(request);
        Map<String, Object> data = StaffPages.listData(staff, org, ctx, siteId, departmentId, q, active, page);
        ListFilters.done(data, done);
        return new PageView("admin/staff.ftlh", ctx, "staff.title", data);
    }

    @GET
    @Path("new")
    public PageView createForm(@Context ContainerRequestContext request) {
        return form(web.context(request), null,
                new StaffInput("", "", null, null, "", null, "", ""), Map.of(), List.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@Context ContainerRequestContext request, MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        StaffInput input = read(form);
        Map<String, String> errors = validate(form, input, ctx);
        return Forms.submit(input, errors, ctx.t(), () -> {
            Staff created = staff.create(input, ctx.caller());
            leave.setPostCategory(created.id(), category(form), ctx.caller());
            return Forms.done("/admin/staff/" + created.id(), "created");
        }, (in, errs, problems) -> form(ctx, null, in, errs, problems));
    }

    @GET
    @Path("{id}")
    public PageView editForm(@Context ContainerRequestContext request, @PathParam("id") long id,
                             @QueryParam("done") String done) {
        WebContext ctx = web.context(request);
        Staff s = staff.find(id, ctx.caller()).orElseThrow(NotFoundException::new);
        PageView page = form(ctx, s, new StaffInput(s.code(), s.fullName(), s.departmentId(), s.homeSiteId(),
                s.position(), s.serviceStartDate(), s.email(), s.phone()), Map.of(), List.of());
        ListFilters.done(page.getData(), done);
        return page;
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@Context ContainerRequestContext request, @PathParam("id") long id,
                           MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        Staff s = staff.find(id, ctx.caller()).orElseThrow(NotFoundException::new);
        StaffInput input = read(form);
        Map<String, String> errors = validate(form, input, ctx);
        return Forms.submit(input, errors, ctx.t(), () -> {
            staff.update(id, input, ctx.caller());
            leave.setPostCategory(id, category(form), ctx.caller());
            return Forms.done("/admin/staff/" + id, "saved");
        }, (in, errs, problems) -> form(ctx, s, in, errs, problems));
    }

    @POST
    @Path("{id}/deactivate")
    public Response deactivate(@Context ContainerRequestContext request, @PathParam("id") long id) {
        staff.setActive(id, false, web.context(request).caller());
        return Forms.done("/admin/staff/" + id, "deactivated");
    }

    @POST
    @Path("{id}/reactivate")
    public Response reactivate(@Context ContainerRequestContext request, @PathParam("id") long id) {
        staff.setActive(id, true, web.context(request).caller());
        return Forms.done("/admin/staff/" + id, "reactivated");
    }

    /** The post category (annual leave base 12/14/16 days), kept by leave beside the staff record. */
    private static LeaveRules.PostCategory category(MultivaluedMap<String, String> form) {
        try {
            String v = Forms.text(form, "postCategory");
            return v == null ? LeaveRules.PostCategory.NORMAL : LeaveRules.PostCategory.valueOf(v);
        } catch (IllegalArgumentException e) {
            return LeaveRules.PostCategory.NORMAL;
        }
    }

    private static StaffInput read(MultivaluedMap<String, String> form) {
        return new StaffInput(Forms.text(form, "code"), Forms.text(form, "fullName"), Forms.id(form, "departmentId"),
                Forms.id(form, "homeSiteId"), Forms.text(form, "position"), Forms.date(form, "serviceStartDate"),
                Forms.text(form, "email"), Forms.text(form, "phone"));
    }

    /** The API's rules, plus one the API gets from JSON parsing: a date that is not a date. */
    private Map<String, String> validate(MultivaluedMap<String, String> form, StaffInput input, WebContext ctx) {
        Map<String, String> errors = new LinkedHashMap<>(forms.validate(input, ctx.t()));
        if (input.serviceStartDate() == null && Forms.text(form, "serviceStartDate") != null) {
            errors.put("serviceStartDate", ctx.t().get("validation.date"));
        }
        return errors;
    }

    private PageView form(WebContext ctx, Staff s, StaffInput input, Map<String, String> errors,
                          List<String> problems) {
        Map<String, Object> data = new HashMap<>();
        Optional.ofNullable(s).ifPresent(x -> data.put("staff", x));
        data.put("input", input);
        data.put("postCategories", LeaveRules.PostCategory.values());
        data.put("postCategory", s == null ? LeaveRules.PostCategory.NORMAL.name() : leave.postCategory(s.id()).name());
        data.put("errors", errors);
        data.put("problems", problems);
        data.put("sites", org.pickableSites(OrgChoices.keep(input.homeSiteId(), s == null ? null : s.homeSiteId())));
        data.put("departments", org.pickableDepartments(
                OrgChoices.keep(input.departmentId(), s == null ? null : s.departmentId())));
        return new PageView("admin/staff-form.ftlh", ctx, s == null ? "staff.new" : "staff.edit", data);
    }
}
