package vn.onduty.server.openapi;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.Web;

/**
 * The API reference page (the footer's "Tài liệu API"), drawn from {@code /api/openapi.json}. Its own root
 * resource at the full path: Jersey picks one root resource by its path alone, so a page declared under
 * {@code @Path("/")} would lose {@code /api/docs} to any resource rooted at {@code /api}.
 */
@Path("/api/docs")
@Hidden
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class ApiDocsPage {

    private final Web web;

    public ApiDocsPage(Web web) {
        this.web = web;
    }

    @GET
    @PermitAll
    public PageView apiDocs(@Context ContainerRequestContext request) {
        return new PageView("openapi/api-docs.ftlh", web.context(request), "apidocs.title", Map.of());
    }
}
