package vn.onduty.server.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.List;

/** Builds the error responses; {@link HtmlErrorFilter} turns them into pages for browsers. */
public final class Errors {

    private Errors() {}

    public static Response response(int status, String message, List<String> details) {
        return response(new ErrorBody(status, message, details));
    }

    public static Response response(ErrorBody body) {
        return Response.status(body.code())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body)
                .build();
    }

    public static Response response(ContainerRequestContext request, int status, String message) {
        return response(status, message, List.of());
    }

    public static Response unauthorized(String message) {
        return Response.status(401)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"onduty\"")
                .entity(new ErrorBody(401, message))
                .build();
    }

    /** A browser asking for a page is sent to the login form; anything else gets 401. */
    public static Response notSignedIn(ContainerRequestContext request) {
        if (isPageRequest(request) && "GET".equals(request.getMethod())) {
            String path = "/" + request.getUriInfo().getPath();
            String query = request.getUriInfo().getRequestUri().getRawQuery();
            // A template value is encoded whole, '%' included, so an escaped '&' in the query comes back as typed.
            URI login = UriBuilder.fromPath("/login").queryParam("next", "{next}")
                    .build(query == null ? path : path + "?" + query);
            return Response.seeOther(login).build();
        }
        return unauthorized("Sign in first: send 'Authorization: Bearer <token>' from POST /api/auth/login");
    }

    /** A request for an HTML page rather than for the JSON API. */
    public static boolean isPageRequest(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.equals("api") || path.startsWith("api/") || path.startsWith("iclock")) {
            return false;
        }
        return request.getAcceptableMediaTypes().stream()
                .anyMatch(m -> m.isCompatible(MediaType.TEXT_HTML_TYPE) && !m.isWildcardType());
    }
}
