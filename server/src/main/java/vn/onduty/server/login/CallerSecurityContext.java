package vn.onduty.server.login;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import vn.onduty.server.auth.Caller;

/** Exposes the {@link Caller} to Jersey, {@code @RolesAllowed} and {@code @Auth}. */
final class CallerSecurityContext implements SecurityContext {
    private final Caller caller;
    private final boolean secure;

    CallerSecurityContext(Caller caller, boolean secure) {
        this.caller = caller;
        this.secure = secure;
    }

    @Override
    public Principal getUserPrincipal() {
        return caller;
    }

    @Override
    public boolean isUserInRole(String role) {
        return caller.roles().stream().anyMatch(r -> r.name().equals(role));
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return caller.viaCookie() ? FORM_AUTH : "Bearer";
    }
}
