package vn.onduty.server.login;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/** The login form and logout. */
@Path("/")
@Hidden
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class LoginPages {

    /** Double-submit cookie: the login form has no session yet to hold its CSRF token. */
    static final String LOGIN_CSRF_COOKIE = "ONDUTY_LOGIN_CSRF";

    private final Web web;
    private final AuthService auth;
    private final Landing landing;

    public LoginPages(Web web, AuthService auth, Landing landing) {
        this.web = web;
        this.auth = auth;
        this.landing = landing;
    }

    @GET
    @Path("login")
    @PermitAll
    public Response form(@Context ContainerRequestContext request, @QueryParam("next") String next) {
        WebContext ctx = web.context(request);
        if (ctx.signedIn()) {
            return Response.seeOther(Web.safeNext(next)).build();
        }
        return loginPage(ctx, next, null, null, 200);
    }

    @POST
    @Path("login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response login(@Context ContainerRequestContext request, @Context HttpServletRequest servlet,
                          @FormParam("username") String username, @FormParam("password") String password,
                          @FormParam("next") String next, @FormParam("_csrf") String csrf,
                          @CookieParam(LOGIN_CSRF_COOKIE) String csrfCookie,
                          @CookieParam(DeviceCookies.COOKIE) String deviceCookie) {
        WebContext ctx = web.context(request);
        if (!Tokens.constantTimeEquals(csrf, csrfCookie)) {
            return loginPage(ctx, next, username, ctx.t().get("login.expired"), 403);
        }
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            return loginPage(ctx, next, username, ctx.t().get("login.missing"), 422);
        }
        try {
            LoginResult r = auth.login(username, password, servlet.getRemoteAddr(), AuthService.WEB, deviceCookie);
            return Response.seeOther(landing.after(r.userId(), Web.safeNext(next)))
                    .cookie(Web.cookie(AuthenticationFilter.SESSION_COOKIE, r.token(), auth.sessionMaxAge(), true, ctx.secure()),
                            Web.cookie(DeviceCookies.COOKIE, r.deviceCookie(), auth.deviceCookieLifetime(), true, ctx.secure()),
                            Web.expired(LOGIN_CSRF_COOKIE, ctx.secure()))
                    .build();
        } catch (LoginFailedException e) {
            return loginPage(ctx, next, username, ctx.t().get("login.failed"), 401);
        } catch (TooManyLoginAttemptsException e) {
            return Response.fromResponse(loginPage(ctx, next, username,
                            ctx.t().get("login.throttled", e.retryAfterMinutes()), 429))
                    .header("Retry-After", Math.max(1, e.retryAfter().toSeconds())).build();
        }
    }

    @POST
    @Path("logout")
    @RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
    public Response logout(@Context ContainerRequestContext request) {
        WebContext ctx = web.context(request);
        auth.logout(ctx.caller());
        return Response.seeOther(URI.create("/login"))
                .cookie(Web.expired(AuthenticationFilter.SESSION_COOKIE, ctx.secure()))
                .build();
    }

    private Response loginPage(WebContext ctx, String next, String username, String error, int status) {
        String csrf = Tokens.newToken("");
        Map<String, Object> data = new HashMap<>();
        data.put("noAdministrator", !auth.hasAdministrator());
        data.put("next", next == null ? "/" : Web.safeNext(next).toString());
        data.put("username", username == null ? "" : username);
        data.put("loginCsrf", csrf);
        if (error != null) {
            data.put("error", error);
        }
        return Response.status(status)
                .entity(new PageView("auth/login.ftlh", ctx, "login.title", data))
                .cookie(Web.cookie(LOGIN_CSRF_COOKIE, csrf, Duration.ofHours(2), true, ctx.secure()))
                .build();
    }
}
