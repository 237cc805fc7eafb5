package vn.onduty.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class WebTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/admin/sites", "/admin/sites/12?done=saved", "/admin/audit?actor=qu%E1%BA%A3n%26tri",
            "/admin/staff?q=Nguyễn", "/%2F%2Fevil.example", "/@evil.example"})
    void keepsAPathOnThisSite(String next) {
        URI uri = Web.safeNext(next);
        assertThat(uri.toString()).isEqualTo(next);
        assertThat(uri.getHost()).isNull();
        assertThat(uri.getScheme()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "//evil.example", "//evil.example/login", "///evil.example", "/\\evil.example", "\\\\evil.example",
            "https://evil.example/", "http:evil.example", "javascript:alert(1)", "evil.example", "admin/sites",
            "/admin\r\nSet-Cookie: ONDUTY_SESSION=x", "/\nLocation: //evil.example",
            // Browsers drop tabs inside URLs, which would turn this into //evil.example.
            "/\t/evil.example", "/ /evil.example", "/\u3000/evil.example"})
    void sendsEverythingElseHome(String next) {
        assertThat(Web.safeNext(next)).isEqualTo(URI.create("/"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void sendsMissingNextHome(String next) {
        assertThat(Web.safeNext(next)).isEqualTo(URI.create("/"));
    }

    @Test
    void cookiesAreLaxAndOnlySecureWhenAsked() {
        var cookie = Web.cookie("ONDUTY_SESSION", "ses_x", java.time.Duration.ofHours(12), true, false);
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.isSecure()).isFalse();
        assertThat(cookie.getSameSite()).isEqualTo(jakarta.ws.rs.core.NewCookie.SameSite.LAX);
        assertThat(cookie.getMaxAge()).isEqualTo(12 * 3600);
        assertThat(cookie.getPath()).isEqualTo("/");
        assertThat(Web.cookie("ONDUTY_SESSION", "ses_x", null, true, true).isSecure()).isTrue();
        assertThat(Web.expired("ONDUTY_SESSION", true).getMaxAge()).isZero();
    }
}
