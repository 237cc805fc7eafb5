package vn.onduty.server.home;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.org.counter.CounterService;
import vn.onduty.server.org.department.DepartmentService;
import vn.onduty.server.org.site.SiteService;
import vn.onduty.server.org.staff.StaffService;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/** The start page after login: the person's own record, and for supervisors and admins what they look after. */
@Path("/")
@Hidden
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class HomePage {

    private final Web web;
    private final SiteService sites;
    private final DepartmentService departments;
    private final CounterService counters;
    private final StaffService staff;

    public HomePage(Web web, SiteService sites, DepartmentService departments, CounterService counters,
                    StaffService staff) {
        this.web = web;
        this.sites = sites;
        this.departments = departments;
        this.counters = counters;
        this.staff = staff;
    }

    @GET
    @PermitAll
    public Response home(@Context ContainerRequestContext request) {
        WebContext ctx = web.context(request);
        if (!ctx.signedIn()) {
            return Response.seeOther(URI.create("/login")).build();
        }
        Caller caller = ctx.caller();
        Map<String, Object> data = new HashMap<>();
        caller.staff().flatMap(id -> staff.find(id, caller)).ifPresent(me -> {
            data.put("me", me);
            sites.find(me.homeSiteId()).ifPresent(s -> data.put("mySite", s));
            departments.find(me.departmentId()).ifPresent(d -> data.put("myDepartment", d));
        });
        PageRequest one = PageRequest.of(1, 1);
        if (caller.isSupervisor() || caller.isAdmin()) {
            data.put("staffInScope", staff.list(null, null, null, true, one, caller).total());
        }
        if (caller.isAdmin()) {
            data.put("siteCount", sites.list(null, true, one).total());
            data.put("departmentCount", departments.list(null, true, one).total());
            data.put("counterCount", counters.list(null, null, true, one).total());
        }
        return Response.ok(new PageView("home/home.ftlh", ctx, "home.title", data)).build();
    }
}
