package vn.onduty.server.db;

import io.dropwizard.lifecycle.Managed;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the real PostgreSQL 17 binaries shipped in the jar, with its files kept in a directory so the
 * data survives restarts. Stopped cleanly when the server stops (or the JVM exits).
 */
public final class EmbeddedPostgresServer implements Managed, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    /** The embedded cluster's superuser; it trusts connections from this machine only (it listens on 127.0.0.1). */
    public static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;
    private final String databaseName;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, String databaseName) {
        this.postgres = postgres;
        this.databaseName = databaseName;
    }

    /** Starts PostgreSQL on {@code dataDirectory} (initialising it on first use) and creates the database if missing. */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, String databaseName) {
        try {
            Files.createDirectories(dataDirectory);
            LOG.debug("Starting embedded PostgreSQL with data in {}", dataDirectory.toAbsolutePath());
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory.toAbsolutePath())
                    .setCleanDataDirectory(false)
                    .setPort(port == 0 ? freePort() : port)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // Same encoding and case rules on every machine, whatever its OS locale.
                    .setLocaleConfig("encoding", "UTF8")
                    .setLocaleConfig("locale", "C")
                    .setLocaleConfig("locale-provider", "builtin")
                    .setLocaleConfig("builtin-locale", "C.UTF-8")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(pg, databaseName);
            server.createDatabaseIfMissing(databaseName);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-postgres-stop"));
            // One line for the database: where it listens (this computer only) and where its files are.
            LOG.info("Embedded PostgreSQL ready on port {} (127.0.0.1 only), data in {}", pg.getPort(),
                    dataDirectory.toAbsolutePath());
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDirectory
                    + " (database.dataDirectory): " + e.getMessage(), e);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Creates {@code name} unless it exists; used by tests for a fresh database per test class. */
    public void createDatabaseIfMissing(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement("select 1 from pg_database where datname = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                try (Statement st = c.createStatement()) {
                    st.execute("create database " + name + " encoding 'UTF8' template template0");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + ": " + e.getMessage(), e);
        }
    }

    public String jdbcUrl() {
        return jdbcUrl(databaseName);
    }

    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl(SUPERUSER, database);
    }

    public String user() {
        return SUPERUSER;
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void start() {
        // Already running: it must be up before the connection pool and migrations are built.
    }

    @Override
    public void stop() {
        close();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                LOG.info("Stopping embedded PostgreSQL");
                postgres.close();
            } catch (IOException e) {
                LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
            }
        }
    }
}
