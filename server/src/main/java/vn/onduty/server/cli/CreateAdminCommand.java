package vn.onduty.server.cli;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jackson.Jackson;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.api.ExceptionMappers;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.ScopeDao;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.db.Database;
import vn.onduty.server.db.JdbiSetup;
import vn.onduty.server.db.Migrator;
import vn.onduty.server.login.PasswordHasher;
import vn.onduty.server.org.account.AccountInput;
import vn.onduty.server.org.account.AccountService;

/**
 * {@code create-admin [config.yml] --username NAME}: creates the first administrator, so a production
 * config never has to hold a password. The password is read from the terminal (asked twice), or from
 * standard input with {@code --password-stdin} for scripts.
 */
public class CreateAdminCommand extends ConfiguredCommand<OnDutyConfiguration> {

    private final DatabaseSource databases;

    /** How the command gets the process's database (the application starts the embedded one at most once). */
    public interface DatabaseSource {
        Database database(OnDutyConfiguration configuration);
    }

    public CreateAdminCommand(DatabaseSource databases) {
        super("create-admin", "Create an administrator account");
        this.databases = databases;
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--username").required(true).help("the new administrator's username");
        subparser.addArgument("--password-stdin").action(net.sourceforge.argparse4j.impl.Arguments.storeTrue())
                .help("read the password from standard input instead of asking");
    }

    @Override
    protected void run(Bootstrap<OnDutyConfiguration> bootstrap, Namespace namespace, OnDutyConfiguration config)
            throws Exception {
        String username = namespace.getString("username");
        String password = namespace.getBoolean("password_stdin") ? readStdin() : ask();
        String problem = PasswordHasher.problemWith(password);
        if (problem != null) {
            throw new IllegalArgumentException("The password " + problem);
        }
        Database database = databases.database(config);
        ManagedDataSource pool = database.dataSourceFactory().build(new MetricRegistry(), "create-admin");
        try {
            Migrator.migrate(database.ownerDataSource());
            database.grantApplicationRole();
            Jdbi jdbi = JdbiSetup.configure(Jdbi.create(pool));
            AuditLog audit = new AuditLog(jdbi, Jackson.newObjectMapper()
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS), Clock.systemUTC());
            AccountService accounts = new AccountService(jdbi, audit, new AccessPolicy(jdbi.onDemand(ScopeDao.class)),
                    new PasswordHasher(config.getAuth().getBcryptCost()));
            try {
                var account = accounts.create(new AccountInput(username, password, List.of("ADMIN"), null,
                        List.of(), List.of(), config.getDefaultLanguage()), Caller.system("create-admin"));
                System.out.println("Created administrator '" + account.username() + "' (id " + account.id() + ").");
            } catch (RuntimeException e) {
                var known = ExceptionMappers.known(e).orElseThrow(() -> e);
                throw new IllegalArgumentException(known.details().isEmpty() ? known.message()
                        : String.join("; ", known.details()), e);
            }
        } finally {
            pool.stop();
            database.embedded().ifPresent(pg -> pg.close());
        }
    }

    private static String readStdin() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        return line == null ? "" : line;
    }

    private static String ask() {
        Console console = System.console();
        if (console == null) {
            throw new IllegalStateException("No terminal to ask for the password: use --password-stdin");
        }
        char[] first = console.readPassword("Password for the new administrator: ");
        char[] second = console.readPassword("Repeat the password: ");
        if (first == null || !Arrays.equals(first, second)) {
            throw new IllegalArgumentException("The two passwords differ; nothing was created");
        }
        return new String(first);
    }
}
