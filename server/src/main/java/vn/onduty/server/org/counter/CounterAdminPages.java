package vn.onduty.server.org.counter;

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
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.org.OrgChoices;
import vn.onduty.server.web.Forms;
import vn.onduty.server.web.ListFilters;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.RecordForm;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/** Admin pages for counters: list by site with search, create, edit, deactivate and reactivate. */
@Path("/admin/counters")
@Hidden
@RolesAllowed("ADMIN")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class CounterAdminPages {

    private final Web web;
    private final CounterService counters;
    private final OrgChoices org;
    private final RecordForm<Counter, CounterInput> form;

    public CounterAdminPages(Web web, Forms forms, CounterService counters, OrgChoices org) {
        this.web = web;
        this.counters = counters;
        this.org = org;
        this.form = RecordForm.<Counter, CounterInput>of(forms, "/admin/counters", "counter", "counters",
                        (body, counter) -> read(body),
                        c -> new CounterInput(c.siteId(), c.departmentId(), c.number(), c.name(), c.services()))
                .showing(this::choices);
    }

    @GET
    public PageView list(@Context ContainerRequestContext request, @QueryParam("siteId") Long siteId,
                         @QueryParam("q") String q, @QueryParam("active") String active,
                         @QueryParam("page") Integer page, @QueryParam("done") String done) {
        Map<String, Object> data = new HashMap<>();
        data.put("result", counters.list(siteId, q, ListFilters.active(active),
                PageRequest.of(ListFilters.page(page), 25)));
        data.put("q", q == null ? "" : q);
        data.put("active", active == null ? "true" : active);
        data.put("siteId", siteId == null ? "" : siteId.toString());
        data.put("sites", org.allSites());
        data.put("names", org.names());
        ListFilters.done(data, done);
        return new PageView("counter/counters.ftlh", web.context(request), "counters.title", data);
    }

    @GET
    @Path("new")
    public PageView createForm(@Context ContainerRequestContext request, @QueryParam("siteId") Long siteId) {
        return form.blank(web.context(request), new CounterInput(siteId, null, null, "", List.of()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@Context ContainerRequestContext request, MultivaluedMap<String, String> body) {
        WebContext ctx = web.context(request);
        return form.create(ctx, body, input -> counters.create(input, ctx.caller()).id());
    }

    @GET
    @Path("{id}")
    public PageView editForm(@Context ContainerRequestContext request, @PathParam("id") long id,
                             @QueryParam("done") String done) {
        return form.edit(web.context(request), counters.find(id).orElseThrow(NotFoundException::new), done);
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@Context ContainerRequestContext request, @PathParam("id") long id,
                           MultivaluedMap<String, String> body) {
        WebContext ctx = web.context(request);
        Counter counter = counters.find(id).orElseThrow(NotFoundException::new);
        return form.update(ctx, counter, id, body, input -> counters.update(id, input, ctx.caller()));
    }

    @POST
    @Path("{id}/deactivate")
    public Response deactivate(@Context ContainerRequestContext request, @PathParam("id") long id) {
        counters.setActive(id, false, web.context(request).caller());
        return form.done(id, "deactivated");
    }

    @POST
    @Path("{id}/reactivate")
    public Response reactivate(@Context ContainerRequestContext request, @PathParam("id") long id) {
        counters.setActive(id, true, web.context(request).caller());
        return form.done(id, "reactivated");
    }

    private static CounterInput read(MultivaluedMap<String, String> body) {
        return new CounterInput(Forms.id(body, "siteId"), Forms.id(body, "departmentId"), Forms.integer(body, "number"),
                Forms.text(body, "name"), Forms.lines(body, "services"));
    }

    private void choices(Map<String, Object> data, Counter counter, CounterInput input, WebContext ctx) {
        OrgChoices.Choices choices = org.choicesFor(ctx.caller(),
                OrgChoices.keep(input.siteId(), counter == null ? null : counter.siteId()),
                OrgChoices.keep(input.departmentId(), counter == null ? null : counter.departmentId()));
        data.put("sites", choices.sites());
        data.put("departments", choices.departments());
    }
}
