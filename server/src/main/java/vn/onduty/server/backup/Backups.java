package vn.onduty.server.backup;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.server.db.backup.DatabaseBackup;

/**
 * Takes a backup of the database (see {@link DatabaseBackup}) and records it, good or failed, in backup_run of that
 * same database: the nightly job and {@code ./onduty db backup} both go through here, so the backup age that
 * monitoring reads counts either.
 */
public final class Backups {

    private static final Logger LOG = LoggerFactory.getLogger(Backups.class);

    /** Opens a connection of its own to the database to back up: a backup holds it for its whole length. */
    public interface Connections {
        Connection open() throws SQLException;
    }

    public enum Kind { MANUAL, NIGHTLY }

    private final Connections connections;
    private final Jdbi jdbi;
    private final Clock clock;

    public Backups(Connections connections, Jdbi jdbi, Clock clock) {
        this.connections = connections;
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public DatabaseBackup.Result backup(Path file, Kind kind) throws IOException, SQLException {
        return backup(file, kind, snapshot -> { });
    }

    public DatabaseBackup.Result backup(Path file, Kind kind, DatabaseBackup.Listener listener)
            throws IOException, SQLException {
        Instant started = clock.instant();
        DatabaseBackup.Result result;
        try (Connection c = connections.open()) {
            result = DatabaseBackup.write(c, file, listener);
        } catch (IOException | SQLException | RuntimeException e) {
            record(kind, started, file, null, e);
            throw e;
        }
        record(kind, started, file, result, null);
        return result;
    }

    /** Seconds since the snapshot of the newest good backup; infinite when there was none, so an alert on age fires. */
    public double ageSeconds() {
        return jdbi.withExtension(BackupRunDao.class, BackupRunDao::lastGoodSnapshot)
                .map(at -> Duration.between(at, clock.instant()).toMillis() / 1000.0)
                .orElse(Double.POSITIVE_INFINITY);
    }

    /** A backup is not undone by a failure to record it: that is logged, and the backup stands. */
    private void record(Kind kind, Instant started, Path file, DatabaseBackup.Result result, Exception failure) {
        try {
            jdbi.useExtension(BackupRunDao.class, dao -> dao.insert(kind.name().toLowerCase(Locale.ROOT), started,
                    clock.instant(), result == null ? null : result.manifest().snapshotAt(),
                    file.toAbsolutePath().toString(), result == null ? null : result.bytes(),
                    result == null ? null : result.manifest().tables().size(),
                    result == null ? null : result.manifest().rows(),
                    failure == null ? null : String.valueOf(failure.getMessage())));
        } catch (RuntimeException e) {
            LOG.warn("The backup {} could not be recorded in backup_run: {}", file, e.getMessage());
        }
    }
}
