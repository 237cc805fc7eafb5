package vn.onduty.server.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.auth.Role;

/**
 * Logs people in and out and turns a bearer token or session cookie back into a {@link Caller}.
 * All state lives in PostgreSQL, so any server instance accepts any session.
 */
public final class AuthService {

    public static final String WEB = "WEB";
    public static final String API = "API";
    public static final String AGENT_TOKEN_PREFIX = "agt_";
    private static final String SESSION_TOKEN_PREFIX = "ses_";
    /** Writing last_seen_at on every request would turn every read into a write. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final Jdbi jdbi;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final AuthConfiguration config;
    private final LoginThrottle throttle;
    private final DeviceCookies devices;
    private final AgentTokens agentTokens;
    private final Clock clock;
    /** Once there is an administrator there always is one (the last active admin cannot be removed). */
    private volatile boolean administratorSeen;

    public AuthService(Jdbi jdbi, PasswordHasher hasher, AuditLog audit, AuthConfiguration config, LoginThrottle throttle,
                       DeviceCookies devices, AgentTokens agentTokens, Clock clock) {
        this.jdbi = jdbi;
        this.hasher = hasher;
        this.audit = audit;
        this.config = config;
        this.throttle = throttle;
        this.devices = devices;
        this.agentTokens = agentTokens;
        this.clock = clock;
    }

    public static String normaliseUsername(String username) {
        return username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether an active administrator exists. Without one nobody can sign in to create accounts: the login page
     * and the start log then name {@code ./onduty create-admin}.
     */
    public boolean hasAdministrator() {
        if (!administratorSeen) {
            administratorSeen = jdbi.withExtension(SessionDao.class, SessionDao::anyActiveAdmin);
        }
        return administratorSeen;
    }

    /**
     * Checks the password and opens a session of the given kind (WEB or API), if {@link LoginThrottle} lets the attempt
     * through. {@code deviceCookie} is the browser's {@link DeviceCookies#COOKIE}, if it sent one; the result carries
     * the renewed cookie, naming this account too.
     */
    public LoginResult login(String rawUsername, String password, String ip, String kind, String deviceCookie) {
        String username = normaliseUsername(rawUsername);
        Optional<DeviceCookies.Device> device = devices.read(deviceCookie);
        LoginThrottle.Admitted attempt = throttle.admit(username, ip, device.map(DeviceCookies.Device::id),
                device.filter(d -> devices.knows(d, username)).isPresent(), kind);

        SessionDao dao = jdbi.onDemand(SessionDao.class);
        Optional<AccountCredentials> account = dao.credentials(username);
        boolean ok;
        if (account.isEmpty() || !account.get().active()) {
            hasher.verifyDecoy(password);
            ok = false;
        } else {
            ok = hasher.verify(password, account.get().passwordHash());
        }
        if (!ok) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("kind", kind);
            details.put("reason", account.isEmpty() ? "unknown user" : !account.get().active() ? "inactive" : "wrong password");
            if (attempt.lockedUntilIfWrong() != null) {
                details.put("lockedUntil", attempt.lockedUntilIfWrong().toString());
            }
            device.ifPresent(d -> details.put("knownBrowser", true));
            audit.record(username, account.map(AccountCredentials::id).orElse(null), ip, "login.failure",
                    "user_account", username, details);
            throw new LoginFailedException();
        }
        throttle.succeeded(attempt);
        Instant now = clock.instant();
        long userId = account.get().id();
        Instant expires = now.plus(API.equals(kind) ? config.getApiTokenLifetime().toJavaDuration()
                : config.getSessionMaxAge().toJavaDuration());
        String token = Tokens.newToken(SESSION_TOKEN_PREFIX);
        String csrf = Tokens.newToken("");
        long sessionId = dao.create(Tokens.sha256(token), userId, kind, csrf, now, expires, ip);
        audit.record(username, userId, ip, "login.success", "user_account", userId,
                Map.of("kind", kind, "session", sessionId));
        List<String> roles = List.of(dao.roles(userId));
        return new LoginResult(token, expires, roles, csrf, userId, devices.issue(device, username));
    }

    /** The renewed device cookie lives this long. */
    public Duration deviceCookieLifetime() {
        return devices.lifetime();
    }

    public void logout(Caller caller) {
        if (caller.sessionId() != null) {
            jdbi.useHandle(h -> h.attach(SessionDao.class).revoke(caller.sessionId(), clock.instant()));
            audit.record(caller.name(), caller.id(), caller.ip(), "logout", "user_account", caller.id(), null);
        }
    }

    /** Resolves a session or API token; empty when unknown, revoked, expired or idle too long. */
    public Optional<Caller> authenticateSession(String token, boolean viaCookie, String ip) {
        if (token == null || token.isBlank() || token.startsWith(AGENT_TOKEN_PREFIX)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        SessionDao dao = jdbi.onDemand(SessionDao.class);
        Optional<SessionRow> found = dao.findLive(Tokens.sha256(token), now);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SessionRow s = found.get();
        if (WEB.equals(s.kind()) && s.lastSeenAt().plus(config.getSessionIdleTimeout().toJavaDuration()).isBefore(now)) {
            dao.revoke(s.sessionId(), now);
            return Optional.empty();
        }
        if (s.lastSeenAt().plus(TOUCH_EVERY).isBefore(now)) {
            dao.touch(s.sessionId(), now);
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String r : s.roles()) {
            Role role = Role.valueOf(r);
            if (role.isHuman()) {
                roles.add(role);
            }
        }
        return Optional.of(new Caller(s.userId(), s.username(), roles, s.staffId(),
                new HashSet<>(s.scopeSiteIds()), new HashSet<>(s.scopeDepartmentIds()), null,
                s.sessionId(), s.csrfToken(), s.language(), viaCookie, ip));
    }

    /** Resolves a device agent's bearer token; empty when unknown or the agent is deactivated. */
    public Optional<Caller> authenticateAgent(String token, String ip) {
        if (token == null || !token.startsWith(AGENT_TOKEN_PREFIX)) {
            return Optional.empty();
        }
        byte[] hash = Tokens.sha256(token);
        Instant now = clock.instant();
        return agentTokens.find(hash, now, TOUCH_EVERY).map(a -> {
            if (a.lastSeenAt() == null || a.lastSeenAt().plus(TOUCH_EVERY).isBefore(now)) {
                // Held in memory since the last contact was written (a lookup writes it when due): written now.
                jdbi.useExtension(AgentLoginDao.class, dao -> dao.touch(a.id(), now));
                agentTokens.seen(hash, new AgentRow(a.id(), a.name(), a.siteId(), now));
            }
            return Caller.agent(a.id(), a.name(), a.siteId(), ip);
        });
    }

    public Duration sessionMaxAge() {
        return config.getSessionMaxAge().toJavaDuration();
    }
}
