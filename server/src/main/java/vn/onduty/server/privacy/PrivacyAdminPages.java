package vn.onduty.server.privacy;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.onduty.server.web.Forms;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/**
 * The privacy notice's settings for admins: controller, contact, the anonymisation delay and the text in each
 * language (each save a new version every officer acknowledges again), who acknowledged it, and its versions.
 */
@Path("/admin/privacy")
@Hidden
@RolesAllowed("ADMIN")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class PrivacyAdminPages {

    private final Web web;
    private final Forms forms;
    private final PrivacyNotices notices;

    public PrivacyAdminPages(Web web, Forms forms, PrivacyNotices notices) {
        this.web = web;
        this.forms = forms;
        this.notices = notices;
    }

    @GET
    public PageView settings(@Context ContainerRequestContext request, @QueryParam("done") String done) {
        WebContext ctx = web.context(request);
        PrivacyNotice n = notices.current();
        return settingsPage(ctx, new NoticeInput(n.controller(), n.contact(), n.anonymiseAfterMonths(),
                        textOrDefault(n, "vi"), textOrDefault(n, "en")), Map.of(), List.of(),
                done != null && PrivacyPages.DONE.contains(done) ? done : "");
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveSettings(@Context ContainerRequestContext request, MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        NoticeInput input = new NoticeInput(Forms.text(form, "controller"), Forms.text(form, "contact"),
                Forms.integer(form, "anonymiseAfterMonths"), Forms.text(form, "textVi"), Forms.text(form, "textEn"));
        return Forms.submit(input, forms.validate(input, ctx.t()), ctx.t(), () -> {
            notices.update(input, ctx.caller());
            return Response.seeOther(URI.create("/admin/privacy?done=saved")).build();
        }, (in, errors, problems) -> settingsPage(ctx, in, errors, problems, ""));
    }

    private PageView settingsPage(WebContext ctx, NoticeInput input, Map<String, String> errors, List<String> problems,
                                  String done) {
        Map<String, Object> data = new HashMap<>();
        data.put("input", input);
        data.put("errors", errors);
        data.put("problems", problems);
        data.put("done", done);
        data.put("notice", notices.shown(ctx.lang()));
        data.put("acks", notices.acknowledgements());
        data.put("versions", notices.versions());
        return new PageView("privacy/settings.ftlh", ctx, "privacy.settings.title", data);
    }

    private static String textOrDefault(PrivacyNotice n, String language) {
        return n.ownText(language) != null ? n.ownText(language) : NoticeText.defaultText(language).strip();
    }
}
