package vn.onduty.server.login;

import java.time.Instant;
import java.util.List;

/**
 * A new session: the token (only ever shown here), when it ends, the roles and its CSRF token, and the browser's
 * renewed device cookie ({@link DeviceCookies}).
 */
public record LoginResult(String token, Instant expiresAt, List<String> roles, String csrfToken, long userId,
                          String deviceCookie) {}
