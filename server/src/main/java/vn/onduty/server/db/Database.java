package vn.onduty.server.db;

import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.Duration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the {@code database} section into a connection pool description, starting the embedded
 * PostgreSQL first when no external URL is configured. Started at most once per process. A command run beside a
 * running server (create-admin, db migrate, db backup) connects to the PostgreSQL that server started on the data
 * directory instead: a second one on the same files is what PostgreSQL refuses. The server itself checks
 * {@link #running()} and refuses to share a data directory.
 */
public final class Database {

    private final DatabaseConfiguration config;
    private EmbeddedPostgresServer embedded;
    private RunningPostgres running;
    private DataSourceFactory dataSourceFactory;

    public Database(DatabaseConfiguration config) {
        this.config = config;
    }

    public synchronized DataSourceFactory dataSourceFactory() {
        if (dataSourceFactory == null) {
            DataSourceFactory f = new DataSourceFactory();
            f.setDriverClass("org.postgresql.Driver");
            if (config.isEmbedded()) {
                running = runningOn().orElse(null);
                if (running != null) {
                    f.setUrl(running.jdbcUrl(config.getEmbeddedDatabaseName()));
                    f.setUser(EmbeddedPostgresServer.SUPERUSER);
                } else {
                    embedded = EmbeddedPostgresServer.start(
                            config.getDataDirectory(), config.getEmbeddedPort(), config.getEmbeddedDatabaseName());
                    f.setUrl(embedded.jdbcUrl());
                    f.setUser(embedded.user());
                }
                f.setPassword("");
            } else {
                if (!config.getUrl().startsWith("jdbc:postgresql:")) {
                    throw new IllegalArgumentException(
                            "database.url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db), got: "
                                    + config.getUrl());
                }
                f.setUrl(config.getUrl());
                f.setUser(config.getUser());
                f.setPassword(config.getPassword());
            }
            f.setMaxSize(config.getMaxPoolSize());
            f.setMinSize(Math.min(2, config.getMaxPoolSize()));
            f.setInitialSize(Math.min(2, config.getMaxPoolSize()));
            f.setValidationQuery("/* OnDuty health check */ select 1");
            f.setCheckConnectionOnBorrow(true);
            f.setMaxWaitForConnection(Duration.seconds(10));
            f.setProperties(Map.of("ApplicationName", "onduty-server", "stringtype", "unspecified"));
            dataSourceFactory = f;
        }
        return dataSourceFactory;
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
}
