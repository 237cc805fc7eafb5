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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.org.department.Department;
import vn.onduty.server.org.department.DepartmentInput;
import vn.onduty.server.org.department.DepartmentService;

/** Admin pages for departments: list with search, create, edit, deactivate and reactivate. */
@Path("/admin/departments")
@Hidden
@RolesAllowed("ADMIN")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class DepartmentAdminPages {

    private final Web web;
    private final Forms forms;
    private final DepartmentService departments;

    public DepartmentAdminPages(Web web, Forms forms, DepartmentService departments) {
        this.web = web;
        this.forms = forms;
        this.departments = departments;
    }

    @GET
    public PageView list(@Context ContainerRequestContext request, @QueryParam("q") String q,
                         @QueryParam("active") String active, @QueryParam("page") Integer page,
                         @QueryParam("done") String done) {
        Map<String, Object> data = new HashMap<>();
        data.put("result", departments.list(q, ListFilters.active(active), PageRequest.of(ListFilters.page(page), 25)));
        data.put("q", q == null ? "" : q);
        data.put("active", active == null ? "true" : active);
        ListFilters.done(data, done);
        return new PageView("admin/departments.ftlh", web.context(request), "departments.title", data);
    }

    @GET
    @Path("new")
    public PageView createForm(@Context ContainerRequestContext request) {
        return form(web.context(request), null, new DepartmentInput("", ""), Map.of(), List.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@Context ContainerRequestContext request, MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        DepartmentInput input = read(form);
        Map<String, String> errors = forms.validate(input, ctx.t());
        return Forms.submit(input, errors, ctx.t(), () -> {
            Department department = departments.create(input, ctx.caller());
            return Forms.done("/admin/departments/" + department.id(), "created");
        }, (in, errs, problems) -> form(ctx, null, in, errs, problems));
    }

    @GET
    @Path("{id}")
    public PageView editForm(@Context ContainerRequestContext request, @PathParam("id") long id,
                             @QueryParam("done") String done) {
        Department department = departments.find(id).orElseThrow(NotFoundException::new);
        PageView page = form(web.context(request), department,
                new DepartmentInput(department.code(), department.name()), Map.of(), List.of());
        ListFilters.done(page.getData(), done);
        return page;
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@Context ContainerRequestContext request, @PathParam("id") long id,
                           MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        Department department = departments.find(id).orElseThrow(NotFoundException::new);
        DepartmentInput input = read(form);
        Map<String, String> errors = forms.validate(input, ctx.t());
        return Forms.submit(input, errors, ctx.t(), () -> {
            departments.update(id, input, ctx.caller());
            return Forms.done("/admin/departments/" + id, "saved");
        }, (in, errs, problems) -> form(ctx, department, in, errs, problems));
    }

    @POST
    @Path("{id}/deactivate")
    public Response deactivate(@Context ContainerRequestContext request, @PathParam("id") long id) {
        departments.setActive(id, false, web.context(request).caller());
        return Forms.done("/admin/departments/" + id, "deactivated");
    }

    @POST
    @Path("{id}/reactivate")
    public Response reactivate(@Context ContainerRequestContext request, @PathParam("id") long id) {
        departments.setActive(id, true, web.context(request).caller());
        return Forms.done("/admin/departments/" + id, "reactivated");
    }

    private static DepartmentInput read(MultivaluedMap<String, String> form) {
        return new DepartmentInput(Forms.text(form, "code"), Forms.text(form, "name"));
    }

    private static PageView form(WebContext ctx, Department department, DepartmentInput input,
                                 Map<String, String> errors, List<String> problems) {
        Map<String, Object> data = new HashMap<>();
        Optional.ofNullable(department).ifPresent(d -> data.put("department", d));
        data.put("input", input);
        data.put("errors", errors);
        data.put("problems", problems);
        return new PageView("admin/department-form.ftlh", ctx,
                department == null ? "departments.new" : "departments.edit", data);
    }
}
