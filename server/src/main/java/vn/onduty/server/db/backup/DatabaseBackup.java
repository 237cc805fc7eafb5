package vn.onduty.server.db.backup;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes every table of an OnDuty database to one file, from one snapshot, while the server keeps writing: a logical
 * export in a single REPEATABLE READ transaction (PostgreSQL's MVCC snapshot, exported with
 * {@code pg_export_snapshot()} so that another session can see exactly what the backup sees). The file is a ZIP:
 * one entry per table in COPY's text format, ordered by primary key, and {@code manifest.json} last (see
 * {@link BackupManifest}). The schema is not copied: it is what the migrations the manifest names build, and the
 * restore builds it with them. Why logical and not a physical copy of the data directory: README, "Backups".
 *
 * <p>It is written to {@code FILE.partial} and renamed when complete and synced, so a backup that fails or is
 * interrupted leaves no file that looks whole. The file holds every record, password hashes and leave documents
 * included: it is created readable by its owner only.
 */
public final class DatabaseBackup {

    /** Told the snapshot's id while the backup's transaction (and so the snapshot) is open, before any row is read. */
    public interface Listener {
        void snapshotTaken(String snapshotId) throws Exception;
    }

    /** What was written. */
    public record Result(Path file, long bytes, BackupManifest manifest) {}

    private static final List<String> LIQUIBASE_TABLES = List.of("databasechangelog", "databasechangeloglock");

    private DatabaseBackup() {}

    /**
     * Backs up the database {@code connection} is connected to into {@code file}, which must not exist.
     * The connection is left in autocommit mode as it was found; the caller closes it.
     */
    public static Result write(Connection connection, Path file, Listener listener) throws IOException, SQLException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString(), null, "a backup never overwrites a file; choose a new name");
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = parent.resolve(file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        createPrivate(partial);
        boolean done = false;
        try {
            BackupManifest manifest;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), 1 << 16);
                 ZipOutputStream zip = new ZipOutputStream(out)) {
                // Level 1: COPY text shrinks to about a fifth at a small part of the CPU the default level costs.
                zip.setLevel(Deflater.BEST_SPEED);
                manifest = export(connection, zip, listener);
                zip.putNextEntry(new ZipEntry(BackupManifest.ENTRY));
                manifest.write(new NonClosing(zip));
                zip.closeEntry();
            }
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            done = true;
            return new Result(file, Files.size(file), manifest);
        } finally {
            if (!done) {
                Files.deleteIfExists(partial);
            }
        }
    }

    private static void createPrivate(Path partial) throws IOException {
        try {
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(partial);
        }
    }

    private static BackupManifest export(Connection c, ZipOutputStream zip, Listener listener)
            throws SQLException, IOException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setReadOnly(true);
        try {
            Sql.deterministicText(c);
            String snapshotId;
            Instant snapshotAt;
            String server;
            String database;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select pg_export_snapshot(), transaction_timestamp(), version(), "
                         + "current_database()")) {
                rs.next();
                snapshotId = rs.getString(1);
                snapshotAt = rs.getTimestamp(2).toInstant();
                server = rs.getString(3);
                database = rs.getString(4);
            }
            List<BackupManifest.Table> tables = tables(c);
            // As pg_dump does: a table cannot be dropped or altered (a month's partition detached) under the backup.
            try (Statement st = c.createStatement()) {
                for (BackupManifest.Table t : tables) {
                    st.execute("lock table " + t.qualified() + " in access share mode");
                }
            }
            List<BackupManifest.ChangeSetRef> changeSets = changeSets(c);
            List<BackupManifest.Partition> partitions = partitions(c);
            List<BackupManifest.Sequence> sequences = sequences(c);
            try {
                listener.snapshotTaken(snapshotId);
            } catch (Exception e) {
                throw new IllegalStateException("The backup's listener failed: " + e.getMessage(), e);
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            List<BackupManifest.Table> written = new ArrayList<>();
            for (BackupManifest.Table t : tables) {
                zip.putNextEntry(new ZipEntry(t.entry()));
                RowDigest digest = new RowDigest(zip);
                copy.copyOut(Sql.orderedRows(t), digest);
                digest.flush();
                zip.closeEntry();
                written.add(new BackupManifest.Table(t.schema(), t.name(), t.columns(), t.orderBy(), t.entry(),
                        digest.rows(), digest.sha256()));
            }
            c.commit();
            return new BackupManifest(BackupManifest.FORMAT, snapshotAt, snapshotId, server, database, changeSets,
                    written, partitions, sequences);
        } finally {
            if (!c.isClosed()) {
                c.rollback();
                c.setReadOnly(false);
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /** Every table and partitioned table outside the system schemas, but not partitions (their parent holds their rows). */
    private static List<BackupManifest.Table> tables(Connection c) throws SQLException {
        List<BackupManifest.Table> tables = new ArrayList<>();
        String sql = """
                select c.oid, n.nspname, c.relname
                  from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where c.relkind in ('r', 'p') and not c.relispartition and c.relpersistence = 'p'
                   and n.nspname <> 'information_schema' and n.nspname not like 'pg\\_%'
                 order by n.nspname, c.relname
                """;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                String schema = rs.getString(2);
                String name = rs.getString(3);
                if (LIQUIBASE_TABLES.contains(name)) {
                    continue;
                }
                long oid = rs.getLong(1);
                tables.add(new BackupManifest.Table(schema, name, columns(c, oid), primaryKey(c, oid),
                        "tables/" + schema + "." + name + ".tsv", 0, null));
            }
        }
        return tables;
    }

    /** Stored columns: a generated column is computed again when its row is restored, and cannot be given. */
    private static List<String> columns(Connection c, long oid) throws SQLException {
        return strings(c, """
                select attname from pg_attribute
                 where attrelid = ? and attnum > 0 and not attisdropped and attgenerated = ''
                 order by attnum
                """, oid);
    }

    private static List<String> primaryKey(Connection c, long oid) throws SQLException {
        return strings(c, """
                select a.attname
                  from pg_index i
                  join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
                 where i.indrelid = ? and i.indisprimary
                 order by array_position(cast(i.indkey as int2[]), a.attnum)
                """, oid);
    }

    private static List<String> strings(Connection c, String sql, long oid) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    private static List<BackupManifest.ChangeSetRef> changeSets(Connection c) throws SQLException {
        List<BackupManifest.ChangeSetRef> refs = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("""
                     select id, author, filename from databasechangelog order by orderexecuted, dateexecuted
                     """)) {
            while (rs.next()) {
                refs.add(new BackupManifest.ChangeSetRef(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        } catch (SQLException e) {
            throw new SQLException("This is not an OnDuty database (no migrations recorded in databasechangelog): "
                    + e.getMessage(), e);
        }
        return refs;
    }

    /** Partitions, parents before children, each with the bound it was created with. */
    private static List<BackupManifest.Partition> partitions(Connection c) throws SQLException {
        List<BackupManifest.Partition> partitions = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("""
                     with recursive tree as (
                         select c.oid, 1 as depth
                           from pg_class c
                          where c.relispartition and c.relkind in ('r', 'p')
                            and not exists (select 1 from pg_inherits i join pg_class p on p.oid = i.inhparent
                                             where i.inhrelid = c.oid and p.relispartition)
                         union all
                         select i.inhrelid, t.depth + 1
                           from tree t join pg_inherits i on i.inhparent = t.oid
                     )
                     select n.nspname, c.relname, pn.nspname, p.relname, pg_get_expr(c.relpartbound, c.oid)
                       from tree t
                       join pg_class c on c.oid = t.oid
                       join pg_namespace n on n.oid = c.relnamespace
                       join pg_inherits i on i.inhrelid = c.oid
                       join pg_class p on p.oid = i.inhparent
                       join pg_namespace pn on pn.oid = p.relnamespace
                      order by t.depth, n.nspname, c.relname
                     """)) {
            while (rs.next()) {
                partitions.add(new BackupManifest.Partition(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5)));
            }
        }
        return partitions;
    }

    /**
     * Where each sequence stands. Sequences are not transactional: this reads their value now, at or past the
     * snapshot's, which is what a restore needs (no id it hands out can collide with a restored row).
     */
    private static List<BackupManifest.Sequence> sequences(Connection c) throws SQLException {
        List<String[]> names = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("""
                     select n.nspname, c.relname
                       from pg_class c join pg_namespace n on n.oid = c.relnamespace
                      where c.relkind = 'S' and n.nspname <> 'information_schema' and n.nspname not like 'pg\\_%'
                      order by n.nspname, c.relname
                     """)) {
            while (rs.next()) {
                names.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        List<BackupManifest.Sequence> sequences = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            for (String[] n : names) {
                try (ResultSet rs = st.executeQuery("select last_value, is_called from " + Sql.qualified(n[0], n[1]))) {
                    rs.next();
                    sequences.add(new BackupManifest.Sequence(n[0], n[1], rs.getLong(1), rs.getBoolean(2)));
                }
            }
        }
        return sequences;
    }

    /** The manifest's writer closes what it is given; the ZIP must stay open for its central directory. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
