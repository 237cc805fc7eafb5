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
import vn.onduty.server.org.site.Site;
import vn.onduty.server.org.site.SiteInput;
import vn.onduty.server.org.site.SiteService;

/** Admin pages for sites: list with search, create, edit, deactivate and reactivate. */
@Path("/admin/sites")
@Hidden
@RolesAllowed("ADMIN")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class SiteAdminPages {

    private final Web web;
    private final Forms forms;
    private final SiteService sites;

    public SiteAdminPages(Web web, Forms forms, SiteService sites) {
        this.web = web;
        this.forms = forms;
        this.sites = sites;
    }

    @GET
    public PageView list(@Context ContainerRequestContext request, @QueryParam("q") String q,
                         @QueryParam("active") String active, @QueryParam("page") Integer page,
                         @QueryParam("done") String done) {
        Boolean activeFilter = ListFilters.active(active);
        Map<String, Object> data = new HashMap<>();
        data.put("result", sites.list(q, activeFilter, PageRequest.of(ListFilters.page(page), 25)));
        data.put("q", q == null ? "" : q);
        data.put("active", active == null ? "true" : active);
        ListFilters.done(data, done);
        return new PageView("admin/sites.ftlh", web.context(request), "sites.title", data);
    }

    @GET
    @Path("new")
    public PageView createForm(@Context ContainerRequestContext request) {
        return form(web.context(request), null, new SiteInput("", "", "Asia/Ho_Chi_Minh"), Map.of(), List.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@Context ContainerRequestContext request, MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        SiteInput input = read(form);
        Map<String, String> errors = forms.validate(input, ctx.t());
        return Forms.submit(input, errors, ctx.t(), () -> {
            Site site = sites.create(input, ctx.caller());
            return Forms.done("/admin/sites/" + site.id(), "created");
        }, (in, errs, problems) -> form(ctx, null, in, errs, problems));
    }

    @GET
    @Path("{id}")
    public PageView editForm(@Context ContainerRequestContext request, @PathParam("id") long id,
                             @QueryParam("done") String done) {
        Site site = sites.find(id).orElseThrow(NotFoundException::new);
        PageView page = form(web.context(request), site,
                new SiteInput(site.name(), site.address(), site.timeZone()), Map.of(), List.of());
        ListFilters.done(page.getData(), done);
        return page;
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@Context ContainerRequestContext request, @PathParam("id") long id,
                           MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        Site site = sites.find(id).orElseThrow(NotFoundException::new);
        SiteInput input = read(form);
        Map<String, String> errors = forms.validate(input, ctx.t());
        return Forms.submit(input, errors, ctx.t(), () -> {
            sites.update(id, input, ctx.caller());
            return Forms.done("/admin/sites/" + id, "saved");
        }, (in, errs, problems) -> form(ctx, site, in, errs, problems));
    }

    @POST
    @Path("{id}/deactivate")
    public Response deactivate(@Context ContainerRequestContext request, @PathParam("id") long id) {
        sites.setActive(id, false, web.context(request).caller());
        return Forms.done("/admin/sites/" + id, "deactivated");
    }

    @POST
    @Path("{id}/reactivate")
    public Response reactivate(@Context ContainerRequestContext request, @PathParam("id") long id) {
        sites.setActive(id, true, web.context(request).caller());
        return Forms.done("/admin/sites/" + id, "reactivated");
    }

    private static SiteInput read(MultivaluedMap<String, String> form) {
        return new SiteInput(Forms.text(form, "name"), Forms.text(form, "address"), Forms.text(form, "timeZone"));
    }

    private static PageView form(WebContext ctx, Site site, SiteInput input, Map<String, String> errors,
                                 List<String> problems) {
        Map<String, Object> data = new HashMap<>();
        Optional.ofNullable(site).ifPresent(s -> data.put("site", s));
        data.put("input", input);
        data.put("errors", errors);
        data.put("problems", problems);
        data.put("zones", ListFilters.ZONES);
        return new PageView("admin/site-form.ftlh", ctx, site == null ? "sites.new" : "sites.edit", data);
    }
}
