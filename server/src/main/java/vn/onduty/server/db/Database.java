package vn.onduty.server.db;

import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.Duration;
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
 */
public final class Database {

    private final DatabaseConfiguration config;
    private EmbeddedPostgresServer embedded;
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
            EmbeddedPostgresServer pg = startEmbedded();
            return new Login(pg.jdbcUrl(), pg.applicationUser(), pg.applicationPassword());
        }
        return new Login(externalUrl(), config.getUser(), config.getPassword());
    }

    private synchronized Login owner() {
        if (config.isEmbedded()) {
            EmbeddedPostgresServer pg = startEmbedded();
            return new Login(pg.jdbcUrl(), pg.user(), pg.password());
        }
        return config.hasSeparateOwner()
                ? new Login(externalUrl(), config.getMigrationUser(), config.getMigrationPassword())
                : new Login(externalUrl(), config.getUser(), config.getPassword());
    }

    private synchronized EmbeddedPostgresServer startEmbedded() {
        if (embedded == null) {
            embedded = EmbeddedPostgresServer.start(
                    config.getDataDirectory(), config.getEmbeddedPort(), config.getEmbeddedDatabaseName());
        }
        return embedded;
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
        f.setProperties(Map.of("ApplicationName", applicationName, "stringtype", "unspecified"));
        return f;
    }
}
