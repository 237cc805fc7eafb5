package vn.onduty.server.org.account;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import vn.onduty.server.web.I18n;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/** The language switch of every page: remembered in a cookie for a year, and on the account when someone is signed in. */
@Path("/lang")
@Hidden
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class LanguagePage {

    private final Web web;
    private final AccountService accounts;

    public LanguagePage(Web web, AccountService accounts) {
        this.web = web;
        this.accounts = accounts;
    }

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response switchLanguage(@Context ContainerRequestContext request, @FormParam("lang") String lang,
                                   @FormParam("next") String next) {
        WebContext ctx = web.context(request);
        String chosen = I18n.LANGUAGES.contains(lang) ? lang : web.i18n().defaultLanguage();
        if (ctx.signedIn()) {
            accounts.setOwnLanguage(ctx.caller(), chosen);
        }
        return Response.seeOther(Web.safeNext(next))
                .cookie(Web.cookie(Web.LANG_COOKIE, chosen, Duration.ofDays(365), false, ctx.secure()))
                .build();
    }
}
