package vn.onduty.server.db;

import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.Duration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Turns the {@code database} section into connection pool descriptions, starting the embedded PostgreSQL first when
 * no external URL is configured. Started at most once per process.
 *
 * <p>Two roles: the <em>application</em> role the server works as ({@link #dataSourceFactory}), and the
 * <em>owner</em> of the tables, which runs the migrations ({@link #migrationDataSourceFactory}). The embedded database
 * always has both ({@link EmbeddedCredentials}); an external one has both when {@code database.migrationUser} is set,
 * else its {@code user} is both. When they differ, {@link #grantApplicationRole} gives the application role rows,
 * never tables.
 *
 * <p>A command run beside a running server (create-admin, db migrate, db backup) connects to the PostgreSQL that
 * server started on the data directory instead, with the passwords kept beside it: a second PostgreSQL on the same
 * files is what PostgreSQL refuses. The server itself checks {@link #running()} and refuses to share a data directory.
 */
public final class Database {

    private final DatabaseConfiguration config;
    private EmbeddedPostgresServer embedded;
    private RunningPostgres running;
    private DataSourceFactory dataSourceFactory;
    private DataSourceFactory migrationDataSourceFactory;

    public Database(DatabaseConfiguration config) {
        this.config = config;
    }

    /** The application role's pool. */
    public synchronized DataSourceFactory dataSourceFactory() {
        if (dataSourceFactory == null) {
            Login app = application();
            DataSourceFactory f = factory(app, "onduty-server");
            f.setMaxSize(config.getMaxPoolSize());
            f.setMinSize(Math.min(2, config.getMaxPoolSize()));
            f.setInitialSize(Math.min(2, config.getMaxPoolSize()));
            dataSourceFactory = f;
        }
        return dataSourceFactory;
    }

    /**
     * The pool of the streaming replica the reports read ({@code database.readUrl}), when one is configured: logged in
     * as {@code readUser} (else the application role), read-only, and quick to give up connecting (3 s), since a
     * report that cannot reach it reads the primary instead ({@link ReplicaReads}).
     */
    public synchronized Optional<DataSourceFactory> readDataSourceFactory() {
        if (!config.hasReadReplica()) {
            return Optional.empty();
        }
        if (!config.getReadUrl().startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("database.readUrl must be a PostgreSQL JDBC URL of a streaming replica "
                    + "(jdbc:postgresql://host:port/db), got: " + config.getReadUrl());
        }
        Login app = application();
        String user = config.getReadUser() == null || config.getReadUser().isBlank() ? app.user() : config.getReadUser();
        String password = config.getReadPassword() == null || config.getReadPassword().isBlank()
                ? app.password() : config.getReadPassword();
        DataSourceFactory f = factory(new Login(config.getReadUrl(), user, password), "onduty-reports");
        f.setMaxSize(config.getMaxPoolSize());
        f.setMinSize(0);
        f.setInitialSize(0);
        f.setReadOnlyByDefault(true);
        f.setMaxWaitForConnection(Duration.seconds(3));
        Map<String, String> properties = new java.util.HashMap<>(f.getProperties());
        properties.put("connectTimeout", "3");
        // Read-only also outside transactions: a write sent here by mistake fails on the primary too (after a fail-over).
        properties.put("readOnlyMode", "always");
        f.setProperties(properties);
        return Optional.of(f);
    }

    /** The owner's, for the migrations (at start and {@code db migrate}). */
    public synchronized DataSourceFactory migrationDataSourceFactory() {
        if (migrationDataSourceFactory == null) {
            DataSourceFactory f = factory(owner(), "onduty-migrations");
            f.setMaxSize(2);
            f.setMinSize(0);
            f.setInitialSize(0);
            migrationDataSourceFactory = f;
        }
        return migrationDataSourceFactory;
    }

    /** One connection at a time as the owner, for migrating and granting at start. */
    public DataSource ownerDataSource() {
        Login owner = owner();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(owner.url());
        ds.setUser(owner.user());
        ds.setPassword(owner.password());
        ds.setApplicationName("onduty-migrations");
        ds.setStringType("unspecified");
        return ds;
    }

    /** Whether the tables belong to another role than the one the server works as. */
    public boolean hasSeparateOwner() {
        return config.isEmbedded() || config.hasSeparateOwner();
    }

    /** Gives the application role what it needs of the owner's tables (nothing when it is the owner). */
    public void grantApplicationRole() {
        if (hasSeparateOwner()) {
            Grants.apply(ownerDataSource(), application().user());
        }
    }

    /** The embedded PostgreSQL another process (a running server) had started on the data directory, when one had. */
    public synchronized Optional<RunningPostgres> running() {
        return Optional.ofNullable(running);
    }

    private Optional<RunningPostgres> runningOn() {
        try {
            return RunningPostgres.of(config.getDataDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + config.getDataDirectory().resolve("postmaster.pid")
                    + " (database.dataDirectory): " + e.getMessage(), e);
        }
    }

    /** The embedded server, when this process started one. */
    public synchronized Optional<EmbeddedPostgresServer> embedded() {
        return Optional.ofNullable(embedded);
    }

    public DatabaseConfiguration config() {
        return config;
    }

    private record Login(String url, String user, String password) {}

    private synchronized Login application() {
        if (config.isEmbedded()) {
            return embeddedLogin(true);
        }
        return new Login(externalUrl(), config.getUser(), config.getPassword());
    }

    private synchronized Login owner() {
        if (config.isEmbedded()) {
            return embeddedLogin(false);
        }
        return config.hasSeparateOwner()
                ? new Login(externalUrl(), config.getMigrationUser(), config.getMigrationPassword())
                : new Login(externalUrl(), config.getUser(), config.getPassword());
    }

    /**
     * The embedded database's login: the PostgreSQL a running server started on the data directory, with the
     * passwords kept beside it, or else one this process starts (decided once, at the first call).
     */
    private synchronized Login embeddedLogin(boolean application) {
        if (embedded == null && running == null) {
            running = runningOn().orElse(null);
            if (running == null) {
                embedded = EmbeddedPostgresServer.start(
                        config.getDataDirectory(), config.getEmbeddedPort(), config.getEmbeddedDatabaseName());
            }
        }
        if (embedded != null) {
            return application
                    ? new Login(embedded.jdbcUrl(), embedded.applicationUser(), embedded.applicationPassword())
                    : new Login(embedded.jdbcUrl(), embedded.user(), embedded.password());
        }
        EmbeddedCredentials credentials = EmbeddedCredentials.load(config.getDataDirectory());
        String url = running.jdbcUrl(config.getEmbeddedDatabaseName());
        return application
                ? new Login(url, EmbeddedCredentials.APP, credentials.appPassword())
                : new Login(url, EmbeddedCredentials.OWNER, credentials.ownerPassword());
    }

    private String externalUrl() {
        if (!config.getUrl().startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(
                    "database.url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db), got: " + config.getUrl());
        }
        return config.getUrl();
    }

    private static DataSourceFactory factory(Login login, String applicationName) {
        DataSourceFactory f = new DataSourceFactory();
        f.setDriverClass("org.postgresql.Driver");
        f.setUrl(login.url());
        f.setUser(login.user());
        f.setPassword(login.password());
        f.setValidationQuery("/* OnDuty health check */ select 1");
        f.setCheckConnectionOnBorrow(true);
        f.setMaxWaitForConnection(Duration.seconds(10));
        // logServerErrorDetail=false: PostgreSQL's DETAIL ("Failing row contains (...)", "Key (token_hash)=(...)") repeats
        // stored values, hashes and tokens included; exception messages (and so logs) go without it.
        f.setProperties(Map.of("ApplicationName", applicationName, "stringtype", "unspecified",
                "logServerErrorDetail", "false"));
        return f;
    }
}
