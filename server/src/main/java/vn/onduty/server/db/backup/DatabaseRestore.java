package vn.onduty.server.db.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.changelog.ChangeSet;
import liquibase.ui.LoggerUIService;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import vn.onduty.server.db.EmbeddedCredentials;
import vn.onduty.server.db.EmbeddedPostgresServer;
import vn.onduty.server.db.Migrator;

/**
 * Restores a {@link DatabaseBackup} file into an empty data directory for the embedded PostgreSQL: the schema is
 * built by the migrations the backup names (those of this build, which must begin with them), the rows are loaded
 * in one transaction, sequences set, and then every table's row count and SHA-256 are computed again and compared
 * with the backup's. Only a database that matches is moved into place: the work happens in a sibling directory,
 * renamed onto the target at the end, so a restore that fails leaves the target as empty as it was.
 */
public final class DatabaseRestore {

    /** Given a connection to the restored, checked database before it is stopped, e.g. to write the audit record. */
    public interface Finisher {
        void finish(Connection connection, BackupManifest manifest) throws SQLException;
    }

    /** What was restored. */
    public record Result(Path dataDirectory, BackupManifest manifest, int migrationsToApply) {}

    private DatabaseRestore() {}

    /** Reads and checks the manifest alone: what the file holds, without restoring it. */
    public static BackupManifest manifest(Path file) throws IOException {
        try (ZipFile zip = open(file)) {
            return manifest(zip, file);
        }
    }

    public static Result restore(Path file, Path dataDirectory, String databaseName, Finisher finisher)
            throws IOException, SQLException {
        requireEmpty(dataDirectory);
        try (ZipFile zip = open(file)) {
            BackupManifest manifest = manifest(zip, file);
            Path work = dataDirectory.toAbsolutePath().resolveSibling(dataDirectory.getFileName() + ".restoring");
            Path workCredentials = EmbeddedCredentials.fileFor(work);
            if (Files.exists(work)) {
                // Left by a restore that was killed: nothing in it was ever in place.
                deleteTree(work);
            }
            Files.deleteIfExists(workCredentials);
            boolean moved = false;
            boolean credentialsMoved = false;
            try {
                int newer;
                try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(work, 0, databaseName);
                     Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
                    newer = migrate(c, manifest);
                    load(c, zip, manifest);
                    verify(c, manifest);
                    finisher.finish(c, manifest);
                }
                Files.deleteIfExists(dataDirectory);
                Files.createDirectories(dataDirectory.toAbsolutePath().getParent());
                // Its passwords go with it, beside it (requireEmpty made sure none were there).
                Files.move(workCredentials, EmbeddedCredentials.fileFor(dataDirectory), StandardCopyOption.ATOMIC_MOVE);
                credentialsMoved = true;
                Files.move(work, dataDirectory, StandardCopyOption.ATOMIC_MOVE);
                moved = true;
                return new Result(dataDirectory, manifest, newer);
            } finally {
                if (!moved && Files.exists(work)) {
                    deleteTree(work);
                }
                if (!moved) {
                    Files.deleteIfExists(credentialsMoved ? EmbeddedCredentials.fileFor(dataDirectory) : workCredentials);
                }
            }
        }
    }

    /** Absent, or an empty directory: a restore never replaces data. */
    static void requireEmpty(Path dataDirectory) throws IOException {
        if (Files.exists(dataDirectory)) {
            if (!Files.isDirectory(dataDirectory)) {
                throw new IllegalArgumentException(dataDirectory + " (database.dataDirectory) is a file, not a directory");
            }
            try (Stream<Path> entries = Files.list(dataDirectory)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(dataDirectory + " (database.dataDirectory) is not empty: a restore "
                            + "goes only into an empty directory. Stop the server and move that directory aside, or give "
                            + "a configuration whose database.dataDirectory is new.");
                }
            }
        }
        Path credentials = EmbeddedCredentials.fileFor(dataDirectory);
        if (Files.exists(credentials)) {
            throw new IllegalArgumentException(credentials + " exists: it holds the passwords of the database that was in "
                    + dataDirectory + " (database.dataDirectory). Move it aside together with that data directory; the"
                    + " restored database gets passwords of its own.");
        }
    }

    private static ZipFile open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No backup file " + file);
        }
        try {
            return new ZipFile(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not an OnDuty backup (not a ZIP file): " + e.getMessage(), e);
        }
    }

    private static BackupManifest manifest(ZipFile zip, Path file) throws IOException {
        ZipEntry entry = zip.getEntry(BackupManifest.ENTRY);
        if (entry == null) {
            throw new IllegalArgumentException(file + " is not an OnDuty backup, or an incomplete one: it has no "
                    + BackupManifest.ENTRY);
        }
        BackupManifest manifest;
        try (InputStream in = zip.getInputStream(entry)) {
            manifest = BackupManifest.read(in);
        }
        if (!BackupManifest.FORMAT.equals(manifest.format())) {
            throw new IllegalArgumentException(file + " is in format " + manifest.format() + "; this OnDuty reads "
                    + BackupManifest.FORMAT);
        }
        for (BackupManifest.Table t : manifest.tables()) {
            if (zip.getEntry(t.entry()) == null) {
                throw new IllegalArgumentException(file + " is incomplete: the rows of " + t.qualified() + " are missing");
            }
        }
        return manifest;
    }

    /**
     * Applies exactly the migrations the backed-up database had, so its rows fit; those this build has on top are left
     * to the server's start (or {@code db migrate}), as for any upgrade.
     * @return how many newer migrations this build has
     */
    private static int migrate(Connection c, BackupManifest manifest) throws SQLException {
        try {
            // Not closed: closing it would close the connection the rest of the restore uses.
            Liquibase liquibase = Migrator.liquibase(c);
            List<ChangeSet> known = liquibase.getDatabaseChangeLog().getChangeSets();
            List<BackupManifest.ChangeSetRef> had = manifest.changeSets();
            for (int i = 0; i < had.size(); i++) {
                BackupManifest.ChangeSetRef ref = had.get(i);
                if (i >= known.size()) {
                    throw new IllegalArgumentException("The backup was made by a newer OnDuty: its database had migration "
                            + ref.filename() + " (" + ref.id() + "), which this build does not know. Restore it with "
                            + "that version or a later one.");
                }
                ChangeSet mine = known.get(i);
                if (!mine.getId().equals(ref.id()) || !mine.getAuthor().equals(ref.author())
                        || !normalise(mine.getFilePath()).equals(normalise(ref.filename()))) {
                    throw new IllegalArgumentException("The backup's migrations differ from this build's at number "
                            + (i + 1) + ": the backup has " + ref.filename() + " (" + ref.id() + "), this build "
                            + mine.getFilePath() + " (" + mine.getId() + ")");
                }
            }
            // No update summary on the operator's console: the restore says what it did.
            Scope.child(Map.of(Scope.Attr.ui.name(), new LoggerUIService(), "liquibase.command.showSummary", "OFF"),
                    () -> liquibase.update(had.size(), new Contexts(), new LabelExpression()));
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return known.size() - had.size();
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new SQLException("Building the schema with the migrations failed: " + e.getMessage(), e);
        }
    }

    private static String normalise(String path) {
        return path.replace('\\', '/').replaceFirst("^classpath:", "").replaceFirst("^/", "");
    }

    /**
     * In one transaction with triggers and foreign-key checks off (session_replication_role = replica, as a
     * replica applies rows): what the migrations seeded is replaced by the backup's rows, the months a job added
     * are created again, and every row goes back as it was, append-only tables included.
     */
    private static void load(Connection c, ZipFile zip, BackupManifest manifest) throws SQLException, IOException {
        c.setAutoCommit(false);
        Sql.deterministicText(c);
        try (Statement st = c.createStatement()) {
            st.execute("set local session_replication_role = replica");
            createPartitions(st, manifest.partitions());
            Set<String> present = existingTables(st);
            List<String> missing = new ArrayList<>();
            for (BackupManifest.Table t : manifest.tables()) {
                if (!present.contains(t.qualified())) {
                    missing.add(t.qualified());
                }
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("The migrations do not create these tables of the backup: " + missing);
            }
            if (!present.isEmpty()) {
                st.execute("truncate " + String.join(", ", present));
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (BackupManifest.Table t : manifest.tables()) {
                try (InputStream in = zip.getInputStream(zip.getEntry(t.entry()))) {
                    copy.copyIn("copy " + t.qualified() + " (" + Sql.columns(t.columns()) + ") from stdin", in);
                } catch (SQLException e) {
                    throw new SQLException("Loading " + t.qualified() + " failed: " + e.getMessage(), e);
                }
            }
            for (BackupManifest.Sequence s : manifest.sequences()) {
                try (ResultSet rs = st.executeQuery("select setval('" + Sql.qualified(s.schema(), s.name()).replace("'", "''")
                        + "', " + s.lastValue() + ", " + s.called() + ")")) {
                    rs.next();
                }
            }
            c.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static void createPartitions(Statement st, List<BackupManifest.Partition> partitions) throws SQLException {
        for (BackupManifest.Partition p : partitions) {
            st.execute("create table if not exists " + Sql.qualified(p.schema(), p.name()) + " partition of "
                    + Sql.qualified(p.parentSchema(), p.parent()) + " " + p.bound());
        }
    }

    /** Tables of the restored schema that hold rows of their own, as the backup names them. */
    private static Set<String> existingTables(Statement st) throws SQLException {
        Set<String> tables = new HashSet<>();
        try (ResultSet rs = st.executeQuery("""
                select n.nspname, c.relname
                  from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where c.relkind in ('r', 'p') and not c.relispartition and c.relpersistence = 'p'
                   and n.nspname <> 'information_schema' and n.nspname not like 'pg\\_%'
                   and c.relname not in ('databasechangelog', 'databasechangeloglock')
                """)) {
            while (rs.next()) {
                tables.add(Sql.qualified(rs.getString(1), rs.getString(2)));
            }
        }
        return tables;
    }

    /** Every table's rows, read back in the backup's order and text, must count and digest as the backup's did. */
    private static void verify(Connection c, BackupManifest manifest) throws SQLException, IOException {
        Sql.deterministicText(c);
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        List<String> differences = new ArrayList<>();
        for (BackupManifest.Table t : manifest.tables()) {
            RowDigest digest = RowDigest.discarding();
            copy.copyOut(Sql.orderedRows(t), digest);
            String sha = digest.sha256();
            if (digest.rows() != t.rows() || !sha.equals(t.sha256())) {
                differences.add(t.qualified() + ": backup " + t.rows() + " rows, restored " + digest.rows()
                        + (sha.equals(t.sha256()) ? "" : ", content differs"));
            }
        }
        if (!differences.isEmpty()) {
            throw new IllegalStateException("The restored database differs from the backup; nothing was put in place: "
                    + String.join("; ", differences));
        }
    }

    static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
