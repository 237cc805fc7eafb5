package vn.onduty.server.web;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import vn.onduty.server.api.ErrorBody;
import vn.onduty.server.api.Errors;

/** Shows an error to a browser as a page in its language, instead of the JSON body API clients get. */
@Priority(Priorities.ENTITY_CODER)
public final class HtmlErrorFilter implements ContainerResponseFilter {

    private final Web web;

    public HtmlErrorFilter(Web web) {
        this.web = web;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 400 || !(response.getEntity() instanceof ErrorBody error)
                || !Errors.isPageRequest(request)) {
            return;
        }
        WebContext context = web.context(request);
        String key = "error.text." + error.code();
        String text = error.pageText() != null ? context.t().get(error.pageText().key(), error.pageText().args().toArray())
                : context.t().has(key) ? context.t().get(key) : context.t().get("error.text.other");
        PageView page = new PageView("error.ftlh", context, "error.title." + titleFor(error.code()),
                Map.of("error", error, "text", text));
        response.setEntity(page, response.getEntityAnnotations(), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
    }

    private static String titleFor(int code) {
        return switch (code) {
            case 400, 401, 403, 404, 409, 413, 422, 429 -> String.valueOf(code);
            default -> "other";
        };
    }
}
