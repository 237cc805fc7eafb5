package vn.onduty.server.org.account;

import jakarta.ws.rs.NotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.ConflictException;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.api.Page;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.imports.Upsert;
import vn.onduty.server.login.AuthService;
import vn.onduty.server.login.LoginThrottle;
import vn.onduty.server.login.PasswordHasher;
import vn.onduty.server.login.SessionDao;
import vn.onduty.server.org.activation.Activation;

/**
 * Sign-in accounts, their roles and supervisor scope. Only admins manage them; every change is
 * audited (never with the password), and deactivating an account or resetting its password ends
 * its sessions; a reset also lifts the account's sign-in locks. The last active admin cannot be removed.
 */
public final class AccountService {

    /** Deactivating the last active admin is refused; a deactivated account's sessions end with it. */
    private static final Activation.Kind<Account> ACTIVATION = new Activation.Kind<>("account", "user_account", "No account",
            (h, id) -> {
                AccountDao dao = h.attach(AccountDao.class);
                dao.lockAdmins();
                return dao.lock(id).flatMap(dao::find);
            },
            (h, id, active, before) -> {
                AccountDao dao = h.attach(AccountDao.class);
                dao.setActive(id, active);
                if (!active) {
                    h.attach(SessionDao.class).revokeAllOf(id, Instant.now());
                }
                requireAnAdminRemains(dao);
                return dao.find(id).orElseThrow();
            });

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final Activation activation;
    private final PasswordHasher hasher;

    public AccountService(Jdbi jdbi, AuditLog audit, AccessPolicy policy, PasswordHasher hasher) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
        this.activation = new Activation(jdbi, audit, policy);
        this.hasher = hasher;
    }

    public Page<Account> list(String q, String role, Boolean active, PageRequest page) {
        String query = q == null || q.isBlank() ? null : q.trim();
        String r = role == null || role.isBlank() ? null : role.trim().toUpperCase();
        return jdbi.withExtension(AccountDao.class, dao -> new Page<>(
                dao.list(query, r, active, page.size(), page.offset()), page.page(), page.size(),
                dao.count(query, r, active)));
    }

    public Optional<Account> find(long id) {
        return jdbi.withExtension(AccountDao.class, dao -> dao.find(id));
    }

    public Account create(AccountInput in, Caller caller) {
        policy.requireAdmin(caller);
        List<String> problems = new ArrayList<>(rulesBroken(in));
        if (in.username() == null || in.username().isBlank()) {
            problems.add("username must not be blank");
        }
        String pw = PasswordHasher.problemWith(in.password());
        if (pw != null) {
            problems.add("password " + pw);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid account", problems);
        }
        String hash = hasher.hash(in.password());
        return jdbi.inTransaction(h -> {
            AccountDao dao = h.attach(AccountDao.class);
            long id = dao.insert(AuthService.normaliseUsername(in.username()), hash,
                    in.roles().stream().distinct().sorted().toArray(String[]::new), in.staffId(), language(in));
            writeScope(dao, id, in);
            Account created = dao.find(id).orElseThrow();
            audit.record(h, caller, "account.create", "user_account", id, null, created);
            return created;
        });
    }

    public Account update(long id, AccountInput in, Caller caller) {
        policy.requireAdmin(caller);
        List<String> problems = rulesBroken(in);
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid account", problems);
        }
        return jdbi.inTransaction(h -> {
            AccountDao dao = h.attach(AccountDao.class);
            h.attach(AccountDao.class).lockAdmins();
            dao.lock(id).orElseThrow(() -> new NotFoundException("No account " + id));
            Account before = dao.find(id).orElseThrow();
            dao.update(id, in.roles().stream().distinct().sorted().toArray(String[]::new), in.staffId(), language(in));
            writeScope(dao, id, in);
            requireAnAdminRemains(dao);
            Account after = dao.find(id).orElseThrow();
            audit.record(h, caller, "account.update", "user_account", id, before, after);
            return after;
        });
    }

    /** An account by its username, within the caller's transaction (an import sees the accounts it made before). */
    public Optional<Account> findNamed(Handle h, String username) {
        AccountDao dao = h.attach(AccountDao.class);
        return dao.lockNamed(AuthService.normaliseUsername(username)).flatMap(dao::find);
    }

    /**
     * The account of this username created (without a password: nobody signs in to it until an admin gives it one,
     * see {@link #newInitialPasswords}), changed to the input's roles, staff member, scope and language, or left as it
     * is when it already says the same. The input's password is not read.
     */
    public Upsert<Account> upsert(Handle h, AccountInput in, Caller caller) {
        policy.requireAdmin(caller);
        List<String> problems = new ArrayList<>(rulesBroken(in));
        if (in.username() == null || in.username().isBlank()) {
            problems.add("username must not be blank");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid account", problems);
        }
        AccountDao dao = h.attach(AccountDao.class);
        dao.lockAdmins();
        String[] roles = in.roles().stream().distinct().sorted().toArray(String[]::new);
        Optional<Account> found = findNamed(h, in.username());
        if (found.isEmpty()) {
            long id = dao.insert(AuthService.normaliseUsername(in.username()), PasswordHasher.NO_PASSWORD, roles,
                    in.staffId(), language(in));
            writeScope(dao, id, in);
            Account created = dao.find(id).orElseThrow();
            audit.record(h, caller, "account.create", "user_account", id, null, created);
            return Upsert.created(created);
        }
        Account before = found.get();
        if (before.roles().equals(List.of(roles)) && Objects.equals(before.staffId(), in.staffId())
                && before.scopeSiteIds().equals(in.sites()) && before.scopeDepartmentIds().equals(in.departments())
                && before.language().equals(language(in))) {
            return Upsert.unchanged(before);
        }
        dao.update(before.id(), roles, in.staffId(), language(in));
        writeScope(dao, before.id(), in);
        requireAnAdminRemains(dao);
        Account after = dao.find(before.id()).orElseThrow();
        audit.record(h, caller, "account.update", "user_account", before.id(), before, after);
        return Upsert.updated(after);
    }

    /** An account and the password it was just given, to be handed to its owner. */
    public record InitialPassword(Account account, String password) {}

    /**
     * Gives each of these accounts a new random password (audited, never stored in clear) and ends their sessions; the
     * passwords are returned once, for the admin to hand out. Inactive accounts are left alone.
     */
    public List<InitialPassword> newInitialPasswords(List<Long> ids, Caller caller) {
        policy.requireAdmin(caller);
        List<InitialPassword> out = new ArrayList<>();
        for (long id : ids) {
            String password = PasswordHasher.newInitialPassword();
            String hash = hasher.hash(password);
            jdbi.useTransaction(h -> {
                AccountDao dao = h.attach(AccountDao.class);
                if (dao.lock(id).isEmpty() || !dao.find(id).orElseThrow().active()) {
                    return;
                }
                dao.setPassword(id, hash);
                int ended = h.attach(SessionDao.class).revokeAllOf(id, Instant.now());
                audit.record(h, caller, "account.password_reset", "user_account", id, null,
                        Map.of("sessionsEnded", ended, "initialPassword", true));
                out.add(new InitialPassword(dao.find(id).orElseThrow(), password));
            });
        }
        return out;
    }

    public Account setPassword(long id, String password, Caller caller) {
        policy.requireAdmin(caller);
        String problem = PasswordHasher.problemWith(password);
        if (problem != null) {
            throw InvalidInputException.field("password", problem);
        }
        String hash = hasher.hash(password);
        return jdbi.inTransaction(h -> {
            AccountDao dao = h.attach(AccountDao.class);
            dao.lock(id).orElseThrow(() -> new NotFoundException("No account " + id));
            dao.setPassword(id, hash);
            int ended = h.attach(SessionDao.class).revokeAllOf(id, Instant.now());
            // The owner asked for a new password because they were locked out: the new one works at once.
            int locksLifted = LoginThrottle.liftOnPasswordReset(h, dao.find(id).orElseThrow().username());
            audit.record(h, caller, "account.password_reset", "user_account", id, null,
                    Map.of("sessionsEnded", ended, "loginLocksLifted", locksLifted));
            return dao.find(id).orElseThrow();
        });
    }

    public Account setActive(long id, boolean active, Caller caller) {
        return activation.set(ACTIVATION, id, active, caller);
    }

    /** A person's own choice of language, remembered across devices. */
    public void setOwnLanguage(Caller caller, String language) {
        if (caller.isAgent() || caller.isSystem() || !("vi".equals(language) || "en".equals(language))) {
            return;
        }
        jdbi.useExtension(AccountDao.class, dao -> dao.setLanguage(caller.id(), language));
    }

    private static List<String> rulesBroken(AccountInput in) {
        List<String> problems = new ArrayList<>();
        List<String> roles = in.roles() == null ? List.of() : in.roles();
        if (roles.contains("OFFICER") && in.staffId() == null) {
            problems.add("staffId is required for an OFFICER: an officer account belongs to a staff member");
        }
        if (!roles.contains("SUPERVISOR") && (!in.sites().isEmpty() || !in.departments().isEmpty())) {
            problems.add("scopeSiteIds and scopeDepartmentIds apply only to a SUPERVISOR");
        }
        return problems;
    }

    private static String language(AccountInput in) {
        return in.language() == null ? "vi" : in.language();
    }

    private static void writeScope(AccountDao dao, long id, AccountInput in) {
        dao.clearSiteScope(id);
        dao.clearDepartmentScope(id);
        if (!in.sites().isEmpty()) {
            dao.addSiteScope(id, in.sites().toArray(Long[]::new));
        }
        if (!in.departments().isEmpty()) {
            dao.addDepartmentScope(id, in.departments().toArray(Long[]::new));
        }
    }

    /** Serialises changes that could remove the last admin, so two at once cannot both pass the check. */
    private static void requireAnAdminRemains(AccountDao dao) {
        if (dao.activeAdmins() == 0) {
            throw new ConflictException("At least one active ADMIN account must remain");
        }
    }
}
