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
import vn.onduty.server.org.counter.Counter;
import vn.onduty.server.org.counter.CounterInput;
import vn.onduty.server.org.counter.CounterService;

/** Admin pages for counters: list by site with search, create, edit, deactivate and reactivate. */
@Path("/admin/counters")
@Hidden
@RolesAllowed("ADMIN")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class CounterAdminPages {

    private final Web web;
    private final Forms forms;
    private final CounterService counters;
    private final OrgChoices org;

    public CounterAdminPages(Web web, Forms forms, CounterService counters, OrgChoices org) {
        this.web = web;
        this.forms = forms;
        this.counters = counters;
        this.org = org;
    }

    @GET
    public PageView list(@Context ContainerRequestContext request, @QueryParam("siteId") String siteId,
                         @QueryParam("q") String q, @QueryParam("active") String active,
                         @QueryParam("page") Integer page, @QueryParam("done") String done) {
        Long site = ListFilters.id(siteId);
        Map<String, Object> data = new HashMap<>();
        data.put("result", counters.list(site, q, ListFilters.active(active),
                PageRequest.of(ListFilters.page(page), 25)));
        data.put("q", q == null ? "" : q);
        data.put("active", active == null ? "true" : active);
        data.put("siteId", site == null ? "" : site.toString());
        data.put("sites", org.allSites());
        data.put("names", org.names());
        ListFilters.done(data, done);
        return new PageView("admin/counters.ftlh", web.context(request), "counters.title", data);
    }

    @GET
    @Path("new")
    public PageView createForm(@Context ContainerRequestContext request, @QueryParam("siteId") String siteId) {
        return form(web.context(request), null, new CounterInput(ListFilters.id(siteId), null, null, "", List.of()),
                Map.of(), List.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@Context ContainerRequestContext request, MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        CounterInput input = read(form);
        Map<String, String> errors = forms.validate(input, ctx.t());
        return Forms.submit(input, errors, ctx.t(), () -> {
            Counter counter = counters.create(input, ctx.caller());
            return Forms.done("/admin/counters/" + counter.id(), "created");
        }, (in, errs, problems) -> form(ctx, null, in, errs, problems));
    }

    @GET
    @Path("{id}")
    public PageView editForm(@Context ContainerRequestContext request, @PathParam("id") long id,
                             @QueryParam("done") String done) {
        Counter counter = counters.find(id).orElseThrow(NotFoundException::new);
        PageView page = form(web.context(request), counter,
                new CounterInput(counter.siteId(), counter.departmentId(), counter.number(), counter.name(), counter.services()),
                Map.of(), List.of());
        ListFilters.done(page.getData(), done);
        return page;
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@Context ContainerRequestContext request, @PathParam("id") long id,
                           MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        Counter counter = counters.find(id).orElseThrow(NotFoundException::new);
        CounterInput input = read(form);
        Map<String, String> errors = forms.validate(input, ctx.t());
        return Forms.submit(input, errors, ctx.t(), () -> {
            counters.update(id, input, ctx.caller());
            return Forms.done("/admin/counters/" + id, "saved");
        }, (in, errs, problems) -> form(ctx, counter, in, errs, problems));
    }

    @POST
    @Path("{id}/deactivate")
    public Response deactivate(@Context ContainerRequestContext request, @PathParam("id") long id) {
        counters.setActive(id, false, web.context(request).caller());
        return Forms.done("/admin/counters/" + id, "deactivated");
    }

    @POST
    @Path("{id}/reactivate")
    public Response reactivate(@Context ContainerRequestContext request, @PathParam("id") long id) {
        counters.setActive(id, true, web.context(request).caller());
        return Forms.done("/admin/counters/" + id, "reactivated");
    }

    private static CounterInput read(MultivaluedMap<String, String> form) {
        return new CounterInput(Forms.id(form, "siteId"), Forms.id(form, "departmentId"), Forms.integer(form, "number"), Forms.text(form, "name"),
                Forms.lines(form, "services"));
    }

    private PageView form(WebContext ctx, Counter counter, CounterInput input, Map<String, String> errors,
                          List<String> problems) {
        Map<String, Object> data = new HashMap<>();
        Optional.ofNullable(counter).ifPresent(c -> data.put("counter", c));
        data.put("input", input);
        data.put("errors", errors);
        data.put("problems", problems);
        data.put("sites", org.pickableSites(
                OrgChoices.keep(input.siteId(), counter == null ? null : counter.siteId())));
        data.put("departments", org.pickableDepartments(
                OrgChoices.keep(input.departmentId(), counter == null ? null : counter.departmentId())));
        return new PageView("admin/counter-form.ftlh", ctx, counter == null ? "counters.new" : "counters.edit", data);
    }
}
