package vn.onduty.server.login;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;
import vn.onduty.server.api.Errors;
import vn.onduty.server.auth.Caller;

/**
 * Works out who is calling, for every request: a bearer token (API client or device agent) or the
 * web session cookie. A request with neither stays anonymous; {@link AccessFeature} decides whether
 * that is allowed. A bearer token that does not resolve is refused at once.
 */
@Priority(Priorities.AUTHENTICATION)
public final class AuthenticationFilter implements ContainerRequestFilter {

    public static final String SESSION_COOKIE = "ONDUTY_SESSION";

    private final AuthService auth;

    @Context
    private HttpServletRequest servletRequest;

    public AuthenticationFilter(AuthService auth) {
        this.auth = auth;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String ip = servletRequest == null ? null : servletRequest.getRemoteAddr();
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header != null && !header.isBlank()) {
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                request.abortWith(Errors.unauthorized("Authorization header must be 'Bearer <token>'"));
                return;
            }
            String token = header.substring(7).trim();
            Optional<Caller> caller = token.startsWith(AuthService.AGENT_TOKEN_PREFIX)
                    ? auth.authenticateAgent(token, ip)
                    : auth.authenticateSession(token, false, ip);
            if (caller.isEmpty()) {
                request.abortWith(Errors.unauthorized("The bearer token is unknown, expired or revoked"));
                return;
            }
            request.setSecurityContext(new CallerSecurityContext(caller.get(), secure));
            return;
        }
        Cookie cookie = request.getCookies().get(SESSION_COOKIE);
        if (cookie != null) {
            auth.authenticateSession(cookie.getValue(), true, ip)
                    .ifPresent(c -> request.setSecurityContext(new CallerSecurityContext(c, secure)));
        }
    }
}
