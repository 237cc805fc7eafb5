package vn.onduty.server.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The retention settings and runs, and one delete per kind of record: each removes at most {@code limit} rows from
 * before {@code cutoff}, locking only those rows and skipping any that another transaction holds.
 */
@RegisterConstructorMapper(RetentionDao.SettingRow.class)
@RegisterConstructorMapper(RetentionDao.RunRow.class)
interface RetentionDao {

    record SettingRow(String kind, int days, Long updatedBy, Instant updatedAt) {}

    /** removed is JSON: per kind {"removed": n, "before": "instant"} or {"error": "..."}. */
    record RunRow(long id, LocalDate runDate, Instant startedAt, Instant finishedAt, String removed) {}

    @SqlQuery("select kind, days, updated_by, updated_at from retention_setting")
    List<SettingRow> settings();

    @SqlQuery("select kind, days, updated_by, updated_at from retention_setting where kind = :kind for update")
    Optional<SettingRow> lockSetting(@Bind("kind") String kind);

    @SqlUpdate("""
            insert into retention_setting (kind, days, updated_by, updated_at) values (:kind, :days, :by, :at)
            on conflict (kind) do update set days = excluded.days, updated_by = excluded.updated_by,
                                              updated_at = excluded.updated_at
            """)
    void saveSetting(@Bind("kind") String kind, @Bind("days") int days, @Bind("by") Long by, @Bind("at") Instant at);

    /**
     * Claims a day's run: empty when it has been run already. Called under the RETENTION lock, which a running run
     * holds: a claimed day not finished while the lock is free was left by an instance that died, and is taken over.
     */
    @SqlQuery("""
            insert into retention_run (run_date, started_at) values (:day, :at)
            on conflict (run_date) do update set started_at = excluded.started_at
             where retention_run.finished_at is null
            returning id
            """)
    Optional<Long> claim(@Bind("day") LocalDate day, @Bind("at") Instant at);

    @SqlUpdate("update retention_run set finished_at = :at, removed = cast(:removed as jsonb) where id = :id")
    void finished(@Bind("id") long id, @Bind("at") Instant at, @Bind("removed") String removed);

    @SqlQuery("""
            select id, run_date, started_at, finished_at, cast(removed as text) as removed
              from retention_run order by run_date desc limit :limit
            """)
    List<RunRow> recentRuns(@Bind("limit") int limit);

    // ---- one batch of each kind ----

    /** Raw events no punch and no occupancy event was made from (those stay as long as what was made of them). */
    @SqlUpdate("""
            delete from agent_event where (agent_id, stream, seq) in (
                select a.agent_id, a.stream, a.seq from agent_event a
                 where a.at < :cutoff
                   and not exists (select 1 from punch p
                                    where p.agent_id = a.agent_id and p.stream = a.stream and p.seq = a.seq)
                   and not exists (select 1 from occupancy_event o
                                    where o.agent_id = a.agent_id and o.stream = a.stream and o.seq = a.seq)
                 limit :limit for update skip locked)
            """)
    int deleteAgentEvents(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);

    @SqlUpdate("""
            delete from punch where id in (
                select p.id from punch p
                 where p.staff_id is null and p.at < :cutoff
                   and not exists (select 1 from punch_resolution r where r.punch_id = p.id)
                 limit :limit for update skip locked)
            """)
    int deleteUnresolvedPunches(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);

    /** Closed intervals only: a zone's open interval is its state now. */
    @SqlUpdate("""
            delete from occupancy_interval where id in (
                select id from occupancy_interval where ended_at < :cutoff limit :limit for update skip locked)
            """)
    int deleteOccupancyIntervals(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);

    @SqlUpdate("""
            delete from occupancy_event where (agent_id, stream, seq) in (
                select agent_id, stream, seq from occupancy_event where at < :cutoff limit :limit for update skip locked)
            """)
    int deleteOccupancyEvents(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);

    @SqlUpdate("""
            delete from camera_snapshot where id in (
                select id from camera_snapshot where taken_at < :cutoff limit :limit for update skip locked)
            """)
    int deleteCameraSnapshots(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);

    /**
     * Tickets of service days before the cut-off's day in the site's zone. That day is at most the cut-off's UTC day
     * plus one (no zone is more than 14 hours ahead), so the tickets are among those of days up to the UTC day: the
     * condition the service_date index can read, where the site's own would make PostgreSQL read every ticket.
     */
    @SqlUpdate("""
            delete from queue_ticket where id in (
                select t.id from queue_ticket t join site s on s.id = t.site_id
                 where t.service_date < cast(:cutoff at time zone s.time_zone as date)
                   and t.service_date <= cast(cast(:cutoff as timestamptz) at time zone 'UTC' as date)
                 limit :limit for update of t skip locked)
            """)
    int deleteTickets(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);

    /** Uploaded queue-system files, whatever became of them, but never one being imported. */
    @SqlUpdate("""
            delete from ticket_import where id in (
                select id from ticket_import where created_at < :cutoff and status <> 'RUNNING'
                 limit :limit for update skip locked)
            """)
    int deleteTicketFiles(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);

    @SqlUpdate("""
            delete from login_attempt where id in (
                select id from login_attempt where at < :cutoff limit :limit for update skip locked)
            """)
    int deleteLoginAttempts(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);

    @SqlUpdate("""
            delete from auth_session where id in (
                select id from auth_session where expires_at < :cutoff or revoked_at < :cutoff
                 limit :limit for update skip locked)
            """)
    int deleteEndedSessions(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);

    /** Tells the audit log's trigger that this transaction is the retention job's (migration 0183). */
    @SqlQuery("select set_config('onduty.retention', 'on', true)")
    String markRetention();

    /** The database refuses any event younger than a year, whatever the cut-off says. */
    @SqlUpdate("""
            delete from audit_event where id in (select id from audit_event where at < :cutoff order by at limit :limit)
            """)
    int deleteAuditEvents(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);
}
