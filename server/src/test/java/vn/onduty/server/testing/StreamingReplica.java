package vn.onduty.server.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import vn.onduty.server.db.EmbeddedPostgresServer;

/**
 * A real PostgreSQL streaming replica (a hot standby) of a test's own embedded primary, made the way an administrator
 * makes one without pg_basebackup (which the embedded binaries do not ship): a physical replication slot, then a copy
 * of the primary's data directory between {@code pg_backup_start} and {@code pg_backup_stop}, the backup label
 * written beside it, {@code standby.signal} and {@code primary_conninfo}; then the same PostgreSQL 17 binaries start
 * on the copy, and it streams the primary's WAL from then on.
 */
public final class StreamingReplica implements AutoCloseable {

    private static final String SLOT = "onduty_test_replica";
    /** What a base backup leaves out (PostgreSQL's documentation, "Making a Base Backup Using the Low Level API"). */
    private static final Set<String> NOT_COPIED = Set.of("postmaster.pid", "postmaster.opts", "epg-lock",
            "backup_label", "tablespace_map", "standby.signal", "recovery.signal");
    private static final Set<String> COPIED_EMPTY = Set.of("pg_wal", "pg_replslot", "pg_stat_tmp", "pg_dynshmem",
            "pg_notify", "pg_serial", "pg_snapshots", "pg_subtrans");

    private final EmbeddedPostgresServer primary;
    private final EmbeddedPostgres standby;
    private final Path directory;
    private boolean closed;

    private StreamingReplica(EmbeddedPostgresServer primary, EmbeddedPostgres standby, Path directory) {
        this.primary = primary;
        this.standby = standby;
        this.directory = directory;
    }

    /** Makes a standby of {@code primary} (whose files are in {@code primaryData}) in {@code directory}, and starts it. */
    public static StreamingReplica of(EmbeddedPostgresServer primary, Path primaryData, Path directory) {
        try (Connection c = DriverManager.getConnection(primary.jdbcUrl("postgres"), primary.user(), primary.password());
             Statement st = c.createStatement()) {
            // The slot keeps the WAL the standby has not received yet, from the backup's start on.
            st.execute("select pg_create_physical_replication_slot('" + SLOT + "', true)");
            st.execute("select pg_backup_start('onduty-test-replica', true)");
            copy(primaryData, directory);
            // PostgreSQL starts only on a directory its owner alone may read.
            Files.setPosixFilePermissions(directory, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            String label;
            try (ResultSet rs = st.executeQuery("select labelfile from pg_backup_stop(false)")) {
                rs.next();
                label = rs.getString(1);
            }
            Files.writeString(directory.resolve("backup_label"), label);
            Files.writeString(directory.resolve("standby.signal"), "");
            Files.writeString(directory.resolve("postgresql.auto.conf"), String.format("""
                    primary_conninfo = 'host=127.0.0.1 port=%d user=%s password=%s application_name=%s'
                    primary_slot_name = '%s'
                    """, primary.port(), primary.user(), primary.password(), SLOT, SLOT),
                    StandardOpenOption.APPEND);
            EmbeddedPostgres standby = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setPort(freePort())
                    .setRegisterShutdownHook(true)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setConnectConfig("password", primary.password())
                    .start();
            StreamingReplica replica = new StreamingReplica(primary, standby, directory);
            replica.awaitCaughtUp();
            return replica;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not make the streaming replica: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JDBC URL of a database on the replica, for {@code database.readUrl}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + standby.getPort() + "/" + database;
    }

    /**
     * Until the replica has replayed everything the primary has written so far (bounded). The primary's insert
     * position, not its write position: the embedded PostgreSQL commits asynchronously (synchronous_commit off), so a
     * committed transaction may still be in the primary's WAL buffers, unsent, for up to wal_writer_delay.
     */
    public void awaitCaughtUp() {
        String lsn = onPrimary("select cast(pg_current_wal_insert_lsn() as text)");
        await("replay " + lsn, "select pg_last_wal_replay_lsn() >= cast('" + lsn + "' as pg_lsn)");
    }

    /** Until the replica has received (not necessarily replayed) everything the primary has written so far. */
    public void awaitReceived() {
        String lsn = onPrimary("select cast(pg_current_wal_insert_lsn() as text)");
        await("receive " + lsn, "select pg_last_wal_receive_lsn() >= cast('" + lsn + "' as pg_lsn)");
    }

    /** Stops applying what it receives: it keeps receiving, and falls behind. */
    public void pauseReplay() {
        onReplica("select pg_wal_replay_pause()");
    }

    public void resumeReplay() {
        onReplica("select pg_wal_replay_resume()");
    }

    /**
     * Stops the replica (fast shutdown) and drops its slot, so that the primary keeps no WAL for it; once only, as a
     * replica a test has stopped is stopped at the end again.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            standby.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        onPrimary("select cast(pg_drop_replication_slot('" + SLOT + "') as text)");
    }

    /** A test's files (primary and replica), once both are stopped. */
    public static void deleteFiles(Path directory) {
        TestPostgres.deleteQuietly(directory);
    }

    private void await(String what, String sql) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String answer = onReplica(sql);
            if ("t".equals(answer) || "true".equals(answer)) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("The replica did not " + what + " within 30 s");
    }

    private String onPrimary(String sql) {
        return one(primary.jdbcUrl("postgres"), sql);
    }

    private String onReplica(String sql) {
        return one(jdbcUrl("postgres"), sql);
    }

    private String one(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url, primary.user(), primary.password());
             PreparedStatement st = c.prepareStatement(sql);
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(dir).toString());
                Files.createDirectories(target);
                if (!dir.equals(from) && COPIED_EMPTY.contains(from.relativize(dir).toString())) {
                    if (dir.getFileName().toString().equals("pg_wal")) {
                        Files.createDirectories(target.resolve("archive_status"));
                    }
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!NOT_COPIED.contains(from.relativize(file).toString())) {
                    try {
                        Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                    } catch (NoSuchFileException gone) {
                        // Dropped while copying: the WAL replayed from the backup's start drops it again.
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
