package vn.onduty.server.org.site;

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
import java.util.Map;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.web.Forms;
import vn.onduty.server.web.ListFilters;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.RecordForm;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/** Admin pages for sites: list with search, create, edit, deactivate and reactivate. */
@Path("/admin/sites")
@Hidden
@RolesAllowed("ADMIN")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class SiteAdminPages {

    private final Web web;
    private final SiteService sites;
    private final RecordForm<Site, SiteInput> form;

    public SiteAdminPages(Web web, Forms forms, SiteService sites) {
        this.web = web;
        this.sites = sites;
        this.form = RecordForm.<Site, SiteInput>of(forms, "/admin/sites", "site", "sites", (body, site) -> read(body),
                        s -> new SiteInput(s.name(), s.address(), s.timeZone()))
                .showing((data, site, input, ctx) -> data.put("zones", ListFilters.ZONES));
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
        return new PageView("site/sites.ftlh", web.context(request), "sites.title", data);
    }

    @GET
    @Path("new")
    public PageView createForm(@Context ContainerRequestContext request) {
        return form.blank(web.context(request), new SiteInput("", "", "Asia/Ho_Chi_Minh"));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@Context ContainerRequestContext request, MultivaluedMap<String, String> body) {
        WebContext ctx = web.context(request);
        return form.create(ctx, body, input -> sites.create(input, ctx.caller()).id());
    }

    @GET
    @Path("{id}")
    public PageView editForm(@Context ContainerRequestContext request, @PathParam("id") long id,
                             @QueryParam("done") String done) {
        return form.edit(web.context(request), sites.find(id).orElseThrow(NotFoundException::new), done);
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@Context ContainerRequestContext request, @PathParam("id") long id,
                           MultivaluedMap<String, String> body) {
        WebContext ctx = web.context(request);
        Site site = sites.find(id).orElseThrow(NotFoundException::new);
        return form.update(ctx, site, id, body, input -> sites.update(id, input, ctx.caller()));
    }

    @POST
    @Path("{id}/deactivate")
    public Response deactivate(@Context ContainerRequestContext request, @PathParam("id") long id) {
        sites.setActive(id, false, web.context(request).caller());
        return form.done(id, "deactivated");
    }

    @POST
    @Path("{id}/reactivate")
    public Response reactivate(@Context ContainerRequestContext request, @PathParam("id") long id) {
        sites.setActive(id, true, web.context(request).caller());
        return form.done(id, "reactivated");
    }

    private static SiteInput read(MultivaluedMap<String, String> body) {
        return new SiteInput(Forms.text(body, "name"), Forms.text(body, "address"), Forms.text(body, "timeZone"));
    }
}
