package vn.onduty.server.testing;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.jackson.Jackson;
import java.time.Clock;
import java.util.List;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.ScopeDao;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.login.PasswordHasher;
import vn.onduty.server.org.account.AccountInput;
import vn.onduty.server.org.account.AccountService;

/** Creates the first administrator straight in the database, the way {@code create-admin} does. */
public final class Admins {

    private Admins() {}

    /** Returns the new account's id. */
    public static long create(TestDatabase db, String username, String password) {
        AuditLog audit = new AuditLog(db.jdbi(),
                Jackson.newObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS), Clock.systemUTC());
        AccountService accounts = new AccountService(db.jdbi(), audit, new AccessPolicy(db.jdbi().onDemand(ScopeDao.class)),
                new PasswordHasher(4));
        return accounts.create(new AccountInput(username, password, List.of("ADMIN"), null, List.of(), List.of(), "vi"),
                Caller.system("test")).id();
    }
}
