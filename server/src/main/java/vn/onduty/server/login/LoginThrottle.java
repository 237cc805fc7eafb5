package vn.onduty.server.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;

/**
 * Who may try a password now: one model for every sign-in (web form and API), after the OWASP authentication
 * guidance.
 * <ul>
 * <li><b>Per account, growing delays</b> ({@link Lockout}): after {@code auth.maxFailedLogins} failures in a row the
 * username is locked for {@code auth.firstLockout}, each further failure doubling it up to {@code auth.maxLockout}.
 * Counted per browser: a browser whose device cookie names the account has its own count, every other client shares
 * one; so guesses from elsewhere never lock the owner's browser out. Unknown usernames are throttled alike.</li>
 * <li><b>Per address</b>: {@code auth.maxFailedLoginsPerAddress} failures in {@code auth.addressWindow} from one
 * address refuse further tries from it, except from browsers that have signed in before (a valid device cookie),
 * whose attempts neither count nor are refused. Set far above one office's honest mistakes.</li>
 * <li><b>Atomic</b>: an attempt is admitted and counted as a failure in one short transaction (the username's row
 * locked, the address serialised by an advisory lock) before its password is checked; a success undoes it. However
 * many arrive at once, no more than the limit reach the check.</li>
 * <li>An admin sees the current locks and lifts one; resetting an account's password lifts its locks.</li>
 * </ul>
 * Every password check is audited by {@link AuthService}; of the refusals only the first of each lock or episode is,
 * the rest are counted on the lock, so a flood of tries cannot flood the audit log.
 */
public final class LoginThrottle {

    /** An attempt admitted to the password check, already counted as a failure. */
    record Admitted(long attemptId, String username, String device, Instant lockedUntilIfWrong) {}

    /** A username locked for the browsers that do not know it ({@code knownBrowser} false) or for one that does. */
    public record AccountLock(String username, Long accountId, boolean knownBrowser, int failures, Instant lockedUntil,
                              int refused) {}

    /** An address over the per-address limit until {@code until}. */
    public record AddressLock(String ip, int failures, Instant until, int refused) {}

    public record Locks(List<AccountLock> accounts, List<AddressLock> addresses) {}

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final AuthConfiguration config;
    private final Lockout lockout;
    private final Clock clock;

    public LoginThrottle(Jdbi jdbi, AuditLog audit, AccessPolicy policy, AuthConfiguration config, Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
        this.config = config;
        this.lockout = new Lockout(config.getMaxFailedLogins(), config.getFirstLockout().toJavaDuration(),
                config.getMaxLockout().toJavaDuration());
        this.clock = clock;
    }

    private sealed interface Admission permits Let, Refused {}

    private record Let(Admitted attempt) implements Admission {}

    private record Refused(Duration retryAfter, String reason, boolean first, Map<String, Object> details)
            implements Admission {}

    /**
     * Admits an attempt to the password check and counts it, or refuses it with {@link TooManyLoginAttemptsException}.
     *
     * @param knownBrowser the id of a valid device cookie, whoever signed in with it
     * @param ownBrowser   whether that cookie names this username
     */
    Admitted admit(String username, String ip, Optional<String> knownBrowser, boolean ownBrowser, String kind) {
        Instant now = clock.instant();
        String device = ownBrowser ? knownBrowser.orElseThrow() : "";
        Admission admission = jdbi.inTransaction(h -> {
            LoginThrottleDao dao = h.attach(LoginThrottleDao.class);
            if (knownBrowser.isEmpty() && ip != null) {
                Instant since = now.minus(addressWindow());
                dao.lockAddress(ip);
                int failures = dao.failuresFrom(ip, since);
                if (failures >= config.getMaxFailedLoginsPerAddress()) {
                    Instant free = dao.limitingFailureFrom(ip, since, config.getMaxFailedLoginsPerAddress())
                            .orElse(now).plus(addressWindow());
                    boolean first = dao.countAddressRefusal(ip, now, since) == 1;
                    return new Refused(Duration.between(now, free), "address", first,
                            Map.of("kind", kind, "reason", "address", "failures", failures, "until", free.toString()));
                }
            }
            dao.ensureRow(username, device);
            LoginThrottleDao.Row row = dao.lockRow(username, device);
            if (row.lockedUntil() != null && row.lockedUntil().isAfter(now)) {
                boolean first = dao.countRefusal(username, device) == 1;
                return new Refused(Duration.between(now, row.lockedUntil()), "account", first,
                        Map.of("kind", kind, "reason", "account", "knownBrowser", ownBrowser,
                                "failures", row.failures(), "until", row.lockedUntil().toString()));
            }
            boolean remembered = row.lastFailureAt() != null
                    && row.lastFailureAt().isAfter(now.minus(config.getFailedLoginWindow().toJavaDuration()));
            int failures = remembered ? row.failures() + 1 : 1;
            Duration lock = lockout.after(failures);
            Instant lockedUntil = lock.isZero() ? null : now.plus(lock);
            dao.countFailure(username, device, failures, now, lockedUntil);
            long attemptId = dao.recordAttempt(username, ip, now, knownBrowser.orElse(null));
            return new Let(new Admitted(attemptId, username, device, lockedUntil));
        });
        if (admission instanceof Refused r) {
            if (r.first()) {
                audit.record(username, null, ip, "login.throttled", "user_account", username, r.details());
            }
            throw new TooManyLoginAttemptsException(r.retryAfter().isNegative() ? Duration.ofSeconds(1) : r.retryAfter());
        }
        return ((Let) admission).attempt();
    }

    /** The password was right: this browser's failures are forgotten and the attempt is a success. */
    void succeeded(Admitted attempt) {
        jdbi.useTransaction(h -> {
            LoginThrottleDao dao = h.attach(LoginThrottleDao.class);
            dao.forget(attempt.username(), attempt.device());
            dao.succeeded(attempt.attemptId());
        });
    }

    /** Failures in a row before a username is locked. */
    public int maxFailedLogins() {
        return config.getMaxFailedLogins();
    }

    /** The locks in force now, for the admin's accounts page. */
    public Locks current(Caller caller) {
        policy.requireAdmin(caller);
        Instant now = clock.instant();
        return jdbi.withExtension(LoginThrottleDao.class, dao -> new Locks(
                dao.locked(now).stream().map(r -> new AccountLock(r.username(), r.accountId(), !r.device().isEmpty(),
                        r.failures(), r.lockedUntil(), r.refused())).toList(),
                dao.blockedAddresses(now.minus(addressWindow()), config.getMaxFailedLoginsPerAddress(),
                                addressWindow().toSeconds() + " seconds").stream()
                        .map(a -> new AddressLock(a.ip(), a.failures(), a.until(), a.refused())).toList()));
    }

    /** Lifts every lock of a username (every browser's) at once; answers how many there were. */
    public int liftAccount(String rawUsername, Caller caller) {
        policy.requireAdmin(caller);
        String username = AuthService.normaliseUsername(rawUsername);
        return jdbi.inTransaction(h -> {
            List<LoginThrottleDao.Row> lifted = h.attach(LoginThrottleDao.class).forgetAll(username);
            audit.record(h, caller, "login.unlock", "login_lock", username,
                    lifted.stream().map(r -> Map.of("knownBrowser", !r.device().isEmpty(), "failures", r.failures(),
                            "lockedUntil", String.valueOf(r.lockedUntil()))).toList(), null);
            return lifted.size();
        });
    }

    /** Forgives an address's counted failures, so it may try again at once; answers how many were forgiven. */
    public int liftAddress(String ip, Caller caller) {
        policy.requireAdmin(caller);
        Instant since = clock.instant().minus(addressWindow());
        return jdbi.inTransaction(h -> {
            LoginThrottleDao dao = h.attach(LoginThrottleDao.class);
            dao.lockAddress(ip);
            int forgiven = dao.forgiveAddress(ip, since);
            dao.forgetAddressRefusals(ip);
            audit.record(h, caller, "login.unlock", "login_lock", ip, Map.of("address", ip, "failures", forgiven), null);
            return forgiven;
        });
    }

    /** A password reset lifts the account's locks, inside the reset's own transaction; answers how many. */
    public static int liftOnPasswordReset(Handle h, String username) {
        return h.attach(LoginThrottleDao.class).forgetAll(AuthService.normaliseUsername(username)).size();
    }

    /**
     * Deletes throttling state that no longer locks or counts. Login attempts and ended sessions are records, kept and
     * deleted by the retention job (its LOGINS kind, set by an admin).
     */
    public int purge() {
        Instant now = clock.instant();
        return jdbi.withExtension(LoginThrottleDao.class, dao ->
                dao.purgeForgotten(now, now.minus(config.getFailedLoginWindow().toJavaDuration()))
                + dao.purgeAddressRefusalsBefore(now.minus(addressWindow())));
    }

    private Duration addressWindow() {
        return config.getAddressWindow().toJavaDuration();
    }
}
