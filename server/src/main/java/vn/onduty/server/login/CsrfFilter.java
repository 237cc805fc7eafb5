package vn.onduty.server.login;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import org.glassfish.jersey.media.multipart.FormDataBodyPart;
import org.glassfish.jersey.media.multipart.FormDataMultiPart;
import org.glassfish.jersey.server.ContainerRequest;
import vn.onduty.server.api.Errors;
import vn.onduty.server.auth.Caller;

/**
 * Refuses state-changing requests that ride on the session cookie without the session's CSRF token,
 * given as the {@code _csrf} form field or the {@code X-CSRF-Token} header. Bearer-token requests
 * need none: a browser never adds that header by itself.
 */
@Priority(Priorities.AUTHORIZATION + 10)
public final class CsrfFilter implements ContainerRequestFilter {

    public static final String FORM_FIELD = "_csrf";
    public static final String HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Override
    public void filter(ContainerRequestContext request) {
        if (SAFE.contains(request.getMethod())
                || !(request.getSecurityContext().getUserPrincipal() instanceof Caller caller)
                || !caller.viaCookie()) {
            return;
        }
        String given = request.getHeaderString(HEADER);
        if (given == null && MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(request.getMediaType())) {
            ContainerRequest jersey = (ContainerRequest) request;
            jersey.bufferEntity();
            Form form = jersey.readEntity(Form.class);
            given = form.asMap().getFirst(FORM_FIELD);
        } else if (given == null && MediaType.MULTIPART_FORM_DATA_TYPE.isCompatible(request.getMediaType())) {
            // A form with a file (a leave request's document): the token is one of its parts.
            ContainerRequest jersey = (ContainerRequest) request;
            jersey.bufferEntity();
            FormDataBodyPart part = jersey.readEntity(FormDataMultiPart.class).getField(FORM_FIELD);
            given = part == null ? null : part.getValue();
        }
        if (!Tokens.constantTimeEquals(given, caller.csrfToken())) {
            request.abortWith(Errors.response(request, 403,
                    "The form has expired or did not come from OnDuty (CSRF token missing or wrong); reload the page and try again"));
        }
    }
}
