package vn.onduty.server.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;
import java.net.URI;
import java.time.Duration;
import vn.onduty.server.auth.Caller;

/** Shared by the web resources: the request's {@link WebContext}, cookies and safe redirects. */
public final class Web {

    public static final String LANG_COOKIE = "ONDUTY_LANG";

    private final I18n i18n;

    public Web(I18n i18n) {
        this.i18n = i18n;
    }

    public I18n i18n() {
        return i18n;
    }

    /** Language: the remembered switch (cookie), else the account's choice, else the configured default. */
    public WebContext context(ContainerRequestContext request) {
        Caller caller = request.getSecurityContext().getUserPrincipal() instanceof Caller c ? c : null;
        Cookie langCookie = request.getCookies().get(LANG_COOKIE);
        String lang = langCookie != null && I18n.LANGUAGES.contains(langCookie.getValue()) ? langCookie.getValue()
                : caller != null && !caller.isAgent() ? caller.language() : i18n.defaultLanguage();
        String path = "/" + request.getUriInfo().getPath();
        return new WebContext(caller, i18n.of(lang), path.replace("//", "/"), request.getSecurityContext().isSecure());
    }

    /** A cookie only this site's pages send back, never to scripts, only over HTTPS when the page came that way. */
    public static NewCookie cookie(String name, String value, Duration maxAge, boolean httpOnly, boolean secure) {
        return new NewCookie.Builder(name)
                .value(value)
                .path("/")
                .maxAge(maxAge == null ? -1 : (int) maxAge.toSeconds())
                .httpOnly(httpOnly)
                .secure(secure)
                .sameSite(NewCookie.SameSite.LAX)
                .build();
    }

    public static NewCookie expired(String name, boolean secure) {
        return new NewCookie.Builder(name).value("").path("/").maxAge(0).httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.LAX).build();
    }

    /** Only a path on this site: "/x" yes, "//evil.example" or "https://..." no. */
    public static URI safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.contains("\r") || next.contains("\n")) {
            return URI.create("/");
        }
        try {
            return URI.create(next);
        } catch (IllegalArgumentException e) {
            return URI.create("/");
        }
    }
}
