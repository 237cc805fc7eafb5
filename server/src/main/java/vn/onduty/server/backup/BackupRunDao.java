package vn.onduty.server.backup;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The record of backups taken (table backup_run): written after each, read for the backup age metric. */
interface BackupRunDao {

    @SqlUpdate("""
            insert into backup_run (kind, started_at, finished_at, snapshot_at, file, bytes, tables, row_count, error)
            values (:kind, :startedAt, :finishedAt, :snapshotAt, :file, :bytes, :tables, :rows, :error)
            """)
    void insert(@Bind("kind") String kind, @Bind("startedAt") Instant startedAt, @Bind("finishedAt") Instant finishedAt,
                @Bind("snapshotAt") Instant snapshotAt, @Bind("file") String file, @Bind("bytes") Long bytes,
                @Bind("tables") Integer tables, @Bind("rows") Long rows, @Bind("error") String error);

    /** When the snapshot of the newest backup that was written whole was taken. */
    @SqlQuery("select max(snapshot_at) from backup_run where error is null")
    Optional<Instant> lastGoodSnapshot();
}
