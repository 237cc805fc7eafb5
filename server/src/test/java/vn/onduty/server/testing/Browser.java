package vn.onduty.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a browser does with the web pages: the login form with its CSRF cookie, and reading a page's CSRF token. */
public final class Browser {

    public static final String ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private Browser() {}

    public static Api at(DropwizardAppExtension<?> app) {
        return Api.at(app).withHeader("Accept", ACCEPT);
    }

    /**
     * Opens the login form as a browser does (telling the server, as a TLS proxy would, that the page
     * came over HTTPS), then posts it back with its CSRF cookie and hidden field.
     */
    public static Reply login(DropwizardAppExtension<?> app, String username, String password, String next) {
        Api browser = at(app).withHeader("X-Forwarded-Proto", "https");
        Reply form = browser.get("/login");
        assertThat(form.status()).as("%s", form).isEqualTo(200);
        String cookie = form.cookieValue("ONDUTY_LOGIN_CSRF").orElseThrow();
        assertThat(csrfField(form)).as("the login form's _csrf field matches its cookie").isEqualTo(cookie);
        return browser.withHeader("Cookie", "ONDUTY_LOGIN_CSRF=" + cookie).postRaw("/login",
                "application/x-www-form-urlencoded",
                form("username", username, "password", password, "next", next, "_csrf", cookie));
    }

    /** The session cookie's value after a successful {@link #login}. */
    public static String session(DropwizardAppExtension<?> app, String username, String password) {
        Reply r = login(app, username, password, "/");
        assertThat(r.status()).as("%s", r).isEqualTo(303);
        return r.cookieValue("ONDUTY_SESSION").orElseThrow();
    }

    /** The session's CSRF token, as the home page hands it to its forms. */
    public static String csrfToken(DropwizardAppExtension<?> app, String session) {
        Reply home = at(app).withHeader("Cookie", "ONDUTY_SESSION=" + session).get("/");
        assertThat(home.status()).as("%s", home).isEqualTo(200);
        return csrfField(home);
    }

    private static String csrfField(Reply page) {
        Matcher m = CSRF_FIELD.matcher(page.body());
        assertThat(m.find()).as("%s has a _csrf field", page.request()).isTrue();
        return m.group(1);
    }

    /** An application/x-www-form-urlencoded body from name, value pairs. */
    public static String form(String... pairs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return b.toString();
    }
}
