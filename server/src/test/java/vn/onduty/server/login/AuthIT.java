package vn.onduty.server.login;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.anAccount;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Browser;
import vn.onduty.server.testing.Org;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/** Signing in and out, by API token and by the web form and its session cookie, and what protects them. */
class AuthIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(AuthIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    /** The same server as deployed behind a TLS-terminating proxy: its connector trusts X-Forwarded-*. */
    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> BEHIND_PROXY = TestApp.on(DB,
            Map.of("server.applicationConnectors[0].useForwardedHeaders", "true"));

    static final String PASSWORD = "admin-password-1";
    static final String FORM = "application/x-www-form-urlencoded";

    @BeforeAll
    static void createAdmin() {
        Admins.create(DB, "quantri", PASSWORD);
    }

    // ---- API tokens ----

    @Test
    void loginAnswersTokenExpiryAndRoles() {
        Reply r = api().post("/api/auth/login", Map.of("username", "QuanTri ", "password", PASSWORD));

        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("token").asText()).startsWith("ses_").hasSizeGreaterThan(40);
        assertThat(Instant.parse(body.get("expiresAt").asText()))
                .isBetween(Instant.now().plus(Duration.ofHours(11)), Instant.now().plus(Duration.ofHours(13)));
        assertThat(body.get("roles")).extracting(JsonNode::asText).containsExactly("ADMIN");

        Reply me = api().as(body.get("token").asText()).get("/api/auth/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("username").asText()).isEqualTo("quantri");
        assertThat(DB.count("auth_session", "position('" + body.get("token").asText() + "' in auth_session::text) > 0"))
                .as("only a hash of the token is stored").isZero();
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        Reply wrong = api().post("/api/auth/login", Map.of("username", "quantri", "password", "not-the-password"));
        Reply unknown = api().post("/api/auth/login", Map.of("username", "nobody" + Org.unique(), "password", "not-the-password"));

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo(unknown.body());
        assertThat(wrong.json().get("message").asText()).isEqualTo("Wrong username or password");
        assertThat(wrong.header("WWW-Authenticate")).hasValue("Bearer realm=\"onduty\"");
    }

    @Test
    void overlongPasswordIsAWrongPasswordNotAServerError() {
        Reply r = api().post("/api/auth/login", Map.of("username", "quantri", "password", "x".repeat(100)));
        assertThat(r.status()).as("%s", r).isEqualTo(401);
    }

    @Test
    void throttlesUsernameAfterFiveFailuresEvenWithTheRightPassword() {
        Org.Body account = anAccount("SUPERVISOR");
        account.createdBy(admin());
        String username = account.get("username").toString();
        for (int i = 1; i <= 5; i++) {
            assertThat(api().post("/api/auth/login", Map.of("username", username, "password", "guess-" + i)).status())
                    .as("attempt %d", i).isEqualTo(401);
        }

        Reply r = api().post("/api/auth/login", Map.of("username", username, "password", Org.PASSWORD));

        assertThat(r.status()).isEqualTo(429);
        assertThat(r.json().get("code").asInt()).isEqualTo(429);
        assertThat(Long.parseLong(r.header("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(DB.count("auth_session", "user_id = (select id from user_account where username = '" + username + "')"))
                .isZero();
        // Other usernames from the same address are not locked out.
        assertThat(api().login("quantri", PASSWORD)).isNotBlank();
    }

    @Test
    void webSessionEndsAfterEightHoursWithoutARequest() {
        String session = Browser.session(APP, "quantri", PASSWORD);
        Api browser = api().withHeader("Cookie", "ONDUTY_SESSION=" + session);
        assertThat(browser.get("/api/auth/me").status()).isEqualTo(200);

        DB.jdbi().useHandle(h -> h.execute("update auth_session set last_seen_at = now() - interval '8 hours 1 minute' "
                + "where token_hash = ?", Tokens.sha256(session)));

        assertThat(browser.get("/api/auth/me").status()).isEqualTo(401);
        assertThat(DB.count("auth_session", "revoked_at is not null and token_hash = decode('"
                + java.util.HexFormat.of().formatHex(Tokens.sha256(session)) + "', 'hex')")).isEqualTo(1);
    }

    @Test
    void tokenStopsWorkingWhenItExpires() {
        String token = api().login("quantri", PASSWORD);
        Api client = api().as(token);
        DB.jdbi().useHandle(h -> h.execute("update auth_session set last_seen_at = now() - interval '9 hours' "
                + "where token_hash = ?", Tokens.sha256(token)));
        assertThat(client.get("/api/auth/me").status()).as("API tokens have no idle timeout").isEqualTo(200);

        DB.jdbi().useHandle(h -> h.execute("update auth_session set expires_at = now() - interval '1 second' "
                + "where token_hash = ?", Tokens.sha256(token)));

        assertThat(client.get("/api/auth/me").status()).isEqualTo(401);
    }

    @Test
    void logoutRevokesTheToken() {
        String token = api().login("quantri", PASSWORD);
        Api client = api().as(token);
        assertThat(client.get("/api/auth/me").status()).isEqualTo(200);

        assertThat(client.post("/api/auth/logout", null).status()).isEqualTo(204);

        Reply after = client.get("/api/auth/me");
        assertThat(after.status()).isEqualTo(401);
        assertThat(DB.count("auth_session", "revoked_at is not null and token_hash = decode('"
                + java.util.HexFormat.of().formatHex(Tokens.sha256(token)) + "', 'hex')")).isEqualTo(1);
    }

    @Test
    void refusesMalformedAuthorizationHeader() {
        assertThat(api().withHeader("Authorization", "Basic cXVhbnRyaTp4").get("/api/sites").status()).isEqualTo(401);
        assertThat(api().as("ses_made-up").get("/api/sites").status()).isEqualTo(401);
    }

    // ---- the web form and its session cookie ----

    @Test
    void webLoginSetsHttpOnlyLaxSessionCookie() {
        Reply r = Browser.login(APP, "quantri", PASSWORD, "/admin/sites?q=Hu%E1%BA%BF");

        assertThat(r.status()).isEqualTo(303);
        assertThat(URI.create(r.header("Location").orElseThrow()).getRawPath()).isEqualTo("/admin/sites");
        assertThat(r.cookieAttributes("ONDUTY_SESSION")).contains("httponly", "samesite=lax", "path=/")
                .doesNotContain("secure");
        assertThat(r.cookieAttributes("ONDUTY_LOGIN_CSRF")).as("the login form's cookie is spent").contains("max-age=0");

        String session = r.cookieValue("ONDUTY_SESSION").orElseThrow();
        Reply me = api().withHeader("Cookie", "ONDUTY_SESSION=" + session).get("/api/auth/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("username").asText()).isEqualTo("quantri");
    }

    @Test
    void marksSessionCookieSecureWhenAProxyReportsHttps() {
        Reply r = Browser.login(BEHIND_PROXY, "quantri", PASSWORD, "/");

        assertThat(r.status()).isEqualTo(303);
        assertThat(r.cookieAttributes("ONDUTY_SESSION")).contains("secure", "httponly", "samesite=lax");
    }

    @Test
    void httpsBehindAProxyTurnsOnStrictTransportSecurityAndSecureCookies() {
        Reply overHttps = Browser.at(BEHIND_PROXY).withHeader("X-Forwarded-Proto", "https").get("/login");
        Reply overHttp = Browser.at(BEHIND_PROXY).get("/login");
        Reply forgedByAClient = Browser.at(APP).withHeader("X-Forwarded-Proto", "https").get("/login");

        assertThat(overHttps.header("Strict-Transport-Security")).hasValue("max-age=31536000");
        assertThat(overHttps.cookieAttributes("ONDUTY_LOGIN_CSRF")).contains("secure");
        assertThat(overHttp.header("Strict-Transport-Security")).isEmpty();
        assertThat(forgedByAClient.header("Strict-Transport-Security")).as("a connector that trusts no proxy").isEmpty();
        assertThat(Browser.login(BEHIND_PROXY, "quantri", PASSWORD, "/").cookieAttributes(DeviceCookies.COOKIE))
                .contains("secure", "httponly", "samesite=lax");
    }

    @Test
    void plainConnectorIgnoresForwardedProtoFromClients() {
        // config.yml's connector does not trust X-Forwarded-* (Dropwizard's default): a deployment behind
        // a TLS proxy must set useForwardedHeaders, or its session cookies go out without Secure.
        Reply r = Browser.login(APP, "quantri", PASSWORD, "/");
        assertThat(r.cookieAttributes("ONDUTY_SESSION")).doesNotContain("secure");
    }

    @Test
    void webLoginWithoutTheFormsCsrfTokenIsRefused() {
        long sessions = DB.count("auth_session");
        Reply form = Browser.at(APP).get("/login");
        String csrf = form.cookieValue("ONDUTY_LOGIN_CSRF").orElseThrow();

        Reply noCookie = Browser.at(APP).postRaw("/login", FORM,
                Browser.form("username", "quantri", "password", PASSWORD, "_csrf", csrf));
        Reply otherToken = Browser.at(APP).withHeader("Cookie", "ONDUTY_LOGIN_CSRF=" + csrf).postRaw("/login", FORM,
                Browser.form("username", "quantri", "password", PASSWORD, "_csrf", "forged"));

        assertThat(noCookie.status()).isEqualTo(403);
        assertThat(otherToken.status()).isEqualTo(403);
        assertThat(noCookie.setCookie("ONDUTY_SESSION")).isEmpty();
        assertThat(DB.count("auth_session")).isEqualTo(sessions);
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"})
    void webLoginNeverRedirectsOffSite(String next) {
        Reply r = Browser.login(APP, "quantri", PASSWORD, next);
        assertThat(r.status()).isEqualTo(303);
        URI location = URI.create(r.header("Location").orElseThrow());
        assertThat(location.getHost()).isEqualTo("localhost");
        assertThat(location.getPath()).isEqualTo("/");
    }

    @Test
    void cookieAuthenticatedChangeNeedsTheSessionsCsrfToken() {
        String session = Browser.session(APP, "quantri", PASSWORD);
        Api browser = api().withHeader("Cookie", "ONDUTY_SESSION=" + session);
        Map<String, Object> site = aSite().fields();

        Map<String, String> before = DB.snapshot();
        Reply withoutToken = browser.post("/api/sites", site);
        Reply wrongToken = browser.withHeader("X-CSRF-Token", "forged").post("/api/sites", site);
        assertThat(withoutToken.status()).isEqualTo(403);
        assertThat(wrongToken.status()).isEqualTo(403);
        assertThat(withoutToken.json().get("message").asText()).contains("CSRF");
        assertThat(DB.snapshot()).isEqualTo(before);

        Reply withToken = browser.withHeader("X-CSRF-Token", Browser.csrfToken(APP, session)).post("/api/sites", site);
        assertThat(withToken.status()).isEqualTo(201);
        assertThat(DB.count("site", "name = '" + site.get("name") + "'")).isEqualTo(1);
    }

    @Test
    void webLogoutNeedsTheCsrfFormFieldAndEndsTheSession() {
        String session = Browser.session(APP, "quantri", PASSWORD);
        Api browser = Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION=" + session);

        Reply forged = browser.postRaw("/logout", FORM, "");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(api().withHeader("Cookie", "ONDUTY_SESSION=" + session).get("/api/auth/me").status()).isEqualTo(200);

        Reply logout = browser.postRaw("/logout", FORM, Browser.form("_csrf", Browser.csrfToken(APP, session)));
        assertThat(logout.status()).isEqualTo(303);
        assertThat(URI.create(logout.header("Location").orElseThrow()).getPath()).isEqualTo("/login");
        assertThat(logout.cookieAttributes("ONDUTY_SESSION")).contains("max-age=0");
        assertThat(api().withHeader("Cookie", "ONDUTY_SESSION=" + session).get("/api/auth/me").status()).isEqualTo(401);
    }

    @Test
    void unauthenticatedPageRequestRedirectsToLoginWithNext() {
        // "%26" is an '&' inside the actor filter: it must come back as typed, not split the query in two.
        String page = "/admin/audit?entityType=site&actor=qu%E1%BA%A3n%26tri";
        Reply r = Browser.at(APP).get(page);

        assertThat(r.status()).isEqualTo(303);
        URI location = URI.create(r.header("Location").orElseThrow());
        assertThat(location.getPath()).isEqualTo("/login");
        assertThat(location.getRawQuery()).startsWith("next=");
        String next = URLDecoder.decode(location.getRawQuery().substring(5), StandardCharsets.UTF_8);
        Reply afterLogin = Browser.login(APP, "quantri", PASSWORD, next);
        assertThat(next).isEqualTo(page);
        URI back = URI.create(afterLogin.header("Location").orElseThrow());
        assertThat(back.getRawPath() + "?" + back.getRawQuery()).isEqualTo(page);
    }

    @Test
    void unauthenticatedApiRequestGets401EvenFromABrowser() {
        Reply r = Browser.at(APP).get("/api/sites");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("code").asInt()).isEqualTo(401);
    }

    // ---- helpers ----

    static Api api() {
        return Api.at(APP);
    }

    static Api admin() {
        return api().loggedInAs("quantri", PASSWORD);
    }
}
