package vn.onduty.server.db;

import io.dropwizard.lifecycle.Managed;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
 *
 * <p>It listens on 127.0.0.1 only and asks every connection for a password (SCRAM): the passwords of its owner and of
 * the application role are generated on first start and kept beside the data directory ({@link EmbeddedCredentials}).
 * A data directory made by an earlier OnDuty, which trusted every local connection, is upgraded on start: the owner
 * gets its password and pg_hba.conf asks for it from then on; its data stays as it was.
 */
public final class EmbeddedPostgresServer implements Managed, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    /** The embedded cluster's superuser, which owns the tables and runs the migrations; it gives its password. */
    public static final String SUPERUSER = EmbeddedCredentials.OWNER;
    /** What initdb writes with --auth=scram-sha-256, and what an old trusting directory is given. */
    static final String PASSWORDS_ONLY = """
            # Written by OnDuty: every connection gives its password (SCRAM), and only from this computer.
            local   all             all                                     scram-sha-256
            host    all             all             127.0.0.1/32            scram-sha-256
            host    all             all             ::1/128                 scram-sha-256
            local   replication     all                                     scram-sha-256
            host    replication     all             127.0.0.1/32            scram-sha-256
            host    replication     all             ::1/128                 scram-sha-256
            """;

    private final EmbeddedPostgres postgres;
    private final String databaseName;
    private final EmbeddedCredentials credentials;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, String databaseName, EmbeddedCredentials credentials) {
        this.postgres = postgres;
        this.databaseName = databaseName;
        this.credentials = credentials;
    }

    /**
     * Starts PostgreSQL on {@code dataDirectory} (initialising it on first use, or upgrading one that trusted local
     * connections), makes sure the application role exists with its password, and creates the database if missing.
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, String databaseName) {
        return start(dataDirectory, port, databaseName, true);
    }

    /**
     * As {@link #start(Path, int, String)}; {@code durable} false gives up durability for speed, for a test cluster
     * thrown away after the run only. The library starts PostgreSQL for tests: without fsync ({@code -F}) and with
     * asynchronous commits, so that an acknowledged punch could be lost on a crash and the whole cluster spoilt by a
     * power cut. A server's data directory is durable: every commit on disk before it is acknowledged.
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, String databaseName, boolean durable) {
        Path pwfile = null;
        try {
            Files.createDirectories(dataDirectory);
            boolean fresh = !Files.exists(dataDirectory.resolve("postgresql.conf"));
            boolean trusting = !fresh && trusts(dataDirectory);
            EmbeddedCredentials credentials = EmbeddedCredentials.loadOrCreate(dataDirectory);
            if (!fresh && !trusting && credentials.created()) {
                Files.deleteIfExists(credentials.file());
                throw new IllegalStateException("The embedded PostgreSQL in " + dataDirectory.toAbsolutePath()
                        + " asks for passwords, but " + credentials.file() + ", which holds them, is missing: restore it"
                        + " from the backup of the data directory (database.dataDirectory)");
            }
            LOG.debug("Starting embedded PostgreSQL with data in {}", dataDirectory.toAbsolutePath());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
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
                    .setServerConfig("password_encryption", "scram-sha-256")
                    // Given after the library's -F, so they win over it (the last setting of a parameter counts).
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setConnectConfig("password", credentials.ownerPassword());
            if (fresh) {
                // initdb's own -A trust is overridden by the later --auth; the owner's password comes from a file
                // that lives only while initdb runs.
                pwfile = Files.createTempFile("onduty-pg-", ".pw",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(pwfile, credentials.ownerPassword() + "\n");
                builder.setLocaleConfig("auth", "scram-sha-256").setLocaleConfig("pwfile", pwfile.toString());
            }
            EmbeddedPostgres pg = builder.start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(pg, databaseName, credentials);
            if (trusting) {
                server.requirePasswords(dataDirectory);
            }
            server.ensureApplicationRole();
            server.createDatabaseIfMissing(databaseName);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-postgres-stop"));
            // One line for the database: where it listens (this computer only) and where its files are.
            LOG.info("Embedded PostgreSQL ready on port {} (127.0.0.1 only), data in {}", pg.getPort(),
                    dataDirectory.toAbsolutePath());
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDirectory
                    + " (database.dataDirectory): " + e.getMessage(), e);
        } finally {
            if (pwfile != null) {
                try {
                    Files.deleteIfExists(pwfile);
                } catch (IOException e) {
                    LOG.warn("Could not delete the temporary password file {}", pwfile, e);
                }
            }
        }
    }

    /** Whether pg_hba.conf lets any connection in without a password (the setup of OnDuty before 2026-12). */
    static boolean trusts(Path dataDirectory) throws IOException {
        Path hba = dataDirectory.resolve("pg_hba.conf");
        return Files.exists(hba) && Files.readAllLines(hba).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .anyMatch(l -> l.matches(".*\\strust\\s*$"));
    }

    /** The one-time upgrade of a trusting directory: the owner gets its password, then every connection must give one. */
    private void requirePasswords(Path dataDirectory) throws IOException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("alter role " + SUPERUSER + " with password '" + credentials.ownerPassword() + "'");
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), PASSWORDS_ONLY);
            st.execute("select pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not give the embedded PostgreSQL's owner its password: " + e.getMessage(), e);
        }
        LOG.warn("The embedded PostgreSQL in {} trusted every local connection; it now asks for passwords, which are in {}",
                dataDirectory.toAbsolutePath(), credentials.file());
    }

    /** The role the server works as: may log in and use what the migrations grant it, nothing more. */
    private void ensureApplicationRole() {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            boolean exists;
            try (ResultSet rs = st.executeQuery("select 1 from pg_roles where rolname = '" + EmbeddedCredentials.APP + "'")) {
                exists = rs.next();
            }
            st.execute((exists ? "alter" : "create") + " role " + EmbeddedCredentials.APP
                    + " with login nosuperuser nocreatedb nocreaterole noreplication password '"
                    + credentials.appPassword() + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set up the application role " + EmbeddedCredentials.APP
                    + " of the embedded PostgreSQL: " + e.getMessage(), e);
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
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    /** The owner: runs the migrations. */
    public String user() {
        return SUPERUSER;
    }

    public String password() {
        return credentials.ownerPassword();
    }

    /** The role the server works as. */
    public String applicationUser() {
        return EmbeddedCredentials.APP;
    }

    public String applicationPassword() {
        return credentials.appPassword();
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
