package vn.onduty.server.org.staff;

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
import java.math.BigDecimal;
import java.util.Map;
import vn.onduty.server.org.OrgChoices;
import vn.onduty.server.web.Forms;
import vn.onduty.server.web.ListFilters;
import vn.onduty.server.web.Messages;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.RecordForm;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/** Admin pages for staff records: list by site and department with search, create, edit, deactivate, reactivate. */
@Path("/admin/staff")
@Hidden
@RolesAllowed("ADMIN")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class StaffAdminPages {

    private final Web web;
    private final StaffService staff;
    private final OrgChoices org;
    private final RecordForm<Staff, StaffInput> form;

    public StaffAdminPages(Web web, Forms forms, StaffService staff, OrgChoices org) {
        this.web = web;
        this.staff = staff;
        this.org = org;
        this.form = RecordForm.<Staff, StaffInput>of(forms, "/admin/staff", "staff", "staff", (body, s) -> read(body),
                        StaffAdminPages::current)
                .checking(StaffAdminPages::dates)
                .showing(this::choices);
    }

    @GET
    public PageView list(@Context ContainerRequestContext request, @QueryParam("siteId") Long siteId,
                         @QueryParam("departmentId") Long departmentId, @QueryParam("q") String q,
                         @QueryParam("active") String active, @QueryParam("page") Integer page,
                         @QueryParam("done") String done) {
        WebContext ctx = web.context(request);
        Map<String, Object> data = StaffPages.listData(staff, org, ctx, siteId, departmentId, q, active, page);
        ListFilters.done(data, done);
        return new PageView("staff/admin-list.ftlh", ctx, "staff.title", data);
    }

    @GET
    @Path("new")
    public PageView createForm(@Context ContainerRequestContext request) {
        return form.blank(web.context(request), new StaffInput("", "", null, null, "", null, null,
                StaffCategory.CIVIL_SERVANT, "", "", BigDecimal.ZERO, "", ""));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@Context ContainerRequestContext request, MultivaluedMap<String, String> body) {
        WebContext ctx = web.context(request);
        return form.create(ctx, body, input -> {
            Staff created = staff.create(input, ctx.caller());
            staff.setPostCategory(created.id(), category(body), ctx.caller());
            return created.id();
        });
    }

    @GET
    @Path("{id}")
    public PageView editForm(@Context ContainerRequestContext request, @PathParam("id") long id,
                             @QueryParam("done") String done) {
        WebContext ctx = web.context(request);
        return form.edit(ctx, staff.find(id, ctx.caller()).orElseThrow(NotFoundException::new), done);
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@Context ContainerRequestContext request, @PathParam("id") long id,
                           MultivaluedMap<String, String> body) {
        WebContext ctx = web.context(request);
        Staff s = staff.find(id, ctx.caller()).orElseThrow(NotFoundException::new);
        return form.update(ctx, s, id, body, input -> {
            staff.update(id, input, ctx.caller());
            staff.setPostCategory(id, category(body), ctx.caller());
        });
    }

    @POST
    @Path("{id}/deactivate")
    public Response deactivate(@Context ContainerRequestContext request, @PathParam("id") long id) {
        staff.setActive(id, false, web.context(request).caller());
        return form.done(id, "deactivated");
    }

    @POST
    @Path("{id}/reactivate")
    public Response reactivate(@Context ContainerRequestContext request, @PathParam("id") long id) {
        staff.setActive(id, true, web.context(request).caller());
        return form.done(id, "reactivated");
    }

    /** The post category (annual leave base 12/14/16 days), kept by leave beside the staff record. */
    private static PostCategory category(MultivaluedMap<String, String> form) {
        try {
            String v = Forms.text(form, "postCategory");
            return v == null ? PostCategory.NORMAL : PostCategory.valueOf(v);
        } catch (IllegalArgumentException e) {
            return PostCategory.NORMAL;
        }
    }

    private static StaffInput read(MultivaluedMap<String, String> body) {
        return new StaffInput(Forms.text(body, "code"), Forms.text(body, "fullName"), Forms.id(body, "departmentId"),
                Forms.id(body, "homeSiteId"), Forms.text(body, "position"), Forms.date(body, "serviceStartDate"),
                Forms.date(body, "endOfServiceDate"), staffCategory(body), Forms.text(body, "grade"),
                Forms.text(body, "gradeCode"), allowance(body), Forms.text(body, "email"), Forms.text(body, "phone"));
    }

    private static StaffInput current(Staff s) {
        return new StaffInput(s.code(), s.fullName(), s.departmentId(), s.homeSiteId(), s.position(), s.serviceStartDate(),
                s.endOfServiceDate(), s.staffCategory(), s.grade(), s.gradeCode(), s.regionalAllowance(), s.email(),
                s.phone());
    }

    /** The category chosen; the select offers only valid ones, so anything else is a broken form: the default. */
    private static StaffCategory staffCategory(MultivaluedMap<String, String> form) {
        try {
            String v = Forms.text(form, "staffCategory");
            return v == null ? null : StaffCategory.valueOf(v);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The regional allowance coefficient as typed ("0,7" or "0.7"); null when it is not a number (said by dates()). */
    private static BigDecimal allowance(MultivaluedMap<String, String> form) {
        String v = Forms.text(form, "regionalAllowance");
        if (v == null) {
            return null;
        }
        try {
            return new BigDecimal(v.replace(',', '.'));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The API's rules, plus one the API gets from JSON parsing: a date that is not a date. */
    private static void dates(MultivaluedMap<String, String> body, Staff s, StaffInput input, Messages t,
                              Map<String, String> errors) {
        if (input.serviceStartDate() == null && Forms.text(body, "serviceStartDate") != null) {
            errors.put("serviceStartDate", t.get("validation.date"));
        }
        if (input.endOfServiceDate() == null && Forms.text(body, "endOfServiceDate") != null) {
            errors.put("endOfServiceDate", t.get("validation.date"));
        } else if (input.endOfServiceDate() != null && input.serviceStartDate() != null
                && input.endOfServiceDate().isBefore(input.serviceStartDate())) {
            errors.put("endOfServiceDate", t.get("staff.endBeforeStart"));
        }
        if (input.regionalAllowance() == null && Forms.text(body, "regionalAllowance") != null) {
            errors.put("regionalAllowance", t.get("validation.number"));
        }
    }

    private void choices(Map<String, Object> data, Staff s, StaffInput input, WebContext ctx) {
        data.put("postCategories", PostCategory.values());
        data.put("staffCategories", StaffCategory.values());
        data.put("postCategory", s == null ? PostCategory.NORMAL.name() : staff.postCategory(s.id()).name());
        OrgChoices.Choices choices = org.choicesFor(ctx.caller(),
                OrgChoices.keep(input.homeSiteId(), s == null ? null : s.homeSiteId()),
                OrgChoices.keep(input.departmentId(), s == null ? null : s.departmentId()));
        data.put("sites", choices.sites());
        data.put("departments", choices.departments());
    }
}
