package vn.onduty.server.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
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

    /** The key of a raw event, in the order the AGENT_EVENTS step looks through them: (at, agent, stream, seq). */
    record RawEventKey(Instant at, long agentId, String stream, long seq) {
        /** Before every raw event from {@code at} on. */
        static RawEventKey before(Instant at) {
            return new RawEventKey(at, 0, "", 0);
        }
    }

    /** What one batch of the AGENT_EVENTS step looked at and deleted; {@code last} is null when it looked at none. */
    record RawBatch(int examined, int removed, Instant lastAt, Long lastAgentId, String lastStream, Long lastSeq) {
        RawEventKey last() {
            return lastAt == null ? null : new RawEventKey(lastAt, lastAgentId, lastStream, lastSeq);
        }
    }

    @SqlQuery("select at, agent_id, stream, seq from retention_raw_event_cursor")
    @RegisterConstructorMapper(RawEventKey.class)
    Optional<RawEventKey> rawEventCursor();

    @SqlQuery("select min(at) from agent_event")
    Optional<Instant> oldestRawEvent();

    @SqlUpdate("""
            insert into retention_raw_event_cursor (at, agent_id, stream, seq) values (:at, :agentId, :stream, :seq)
            on conflict (only_row) do update
               set at = excluded.at, agent_id = excluded.agent_id, stream = excluded.stream, seq = excluded.seq
            """)
    void moveRawEventCursor(@BindMethods RawEventKey key);

    /**
     * The next {@code limit} raw events after {@code from} and before the cut-off, in key order: deletes those nothing
     * was made from (no punch, no occupancy event; those stay as long as what was made of them). Reads only the
     * events it looks at, however many older ones stay: {@code a.at >= :from.at} is what lets the time index start
     * there (the row comparison alone it cannot use), and the key order is the index's with ties sorted.
     */
    @SqlQuery("""
            with examined as (
                select a.at, a.agent_id, a.stream, a.seq from agent_event a
                 where a.at >= :from.at and a.at < :cutoff
                   and (a.at, a.agent_id, a.stream, a.seq) > (:from.at, :from.agentId, :from.stream, :from.seq)
                 order by a.at, a.agent_id, a.stream, a.seq limit :limit),
            gone as (
                delete from agent_event a using examined e
                 where a.agent_id = e.agent_id and a.stream = e.stream and a.seq = e.seq
                   and not exists (select 1 from punch p
                                    where p.agent_id = a.agent_id and p.stream = a.stream and p.seq = a.seq)
                   and not exists (select 1 from occupancy_event o
                                    where o.agent_id = a.agent_id and o.stream = a.stream and o.seq = a.seq)
                returning 1),
            last as (
                select at, agent_id, stream, seq from examined
                 order by at desc, agent_id desc, stream desc, seq desc limit 1)
            select (select count(*) from examined) as examined, (select count(*) from gone) as removed,
                   last.at as last_at, last.agent_id as last_agent_id, last.stream as last_stream, last.seq as last_seq
              from (select 1) one left join last on true
            """)
    @RegisterConstructorMapper(RawBatch.class)
    RawBatch deleteUnusedAgentEvents(@BindMethods("from") RawEventKey from,
                                     @Bind("cutoff") Instant cutoff, @Bind("limit") int limit);

    /**
     * Up to {@code limit} raw events whose punch or occupancy event a run deleted: deletes those from before the
     * cut-off that nothing else was made from, and takes them all off the list (a younger one is found by the
     * AGENT_EVENTS step's cursor once it is past its days, one made into something else goes when that does).
     * Returns how many it took off the list.
     */
    @SqlQuery("""
            with freed as (
                delete from retention_freed_event where (agent_id, stream, seq) in (
                    select agent_id, stream, seq from retention_freed_event limit :limit for update skip locked)
                returning agent_id, stream, seq),
            gone as (
                delete from agent_event a using freed f
                 where a.agent_id = f.agent_id and a.stream = f.stream and a.seq = f.seq and a.at < :cutoff
                   and not exists (select 1 from punch p
                                    where p.agent_id = a.agent_id and p.stream = a.stream and p.seq = a.seq)
                   and not exists (select 1 from occupancy_event o
                                    where o.agent_id = a.agent_id and o.stream = a.stream and o.seq = a.seq)
                returning 1)
            select (select count(*) from freed) as examined, (select count(*) from gone) as removed,
                   null as last_at, null as last_agent_id, null as last_stream, null as last_seq
            """)
    @RegisterConstructorMapper(RawBatch.class)
    RawBatch deleteFreedAgentEvents(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);

    /** Unresolved punches; their raw events go on the freed list for the AGENT_EVENTS step. */
    @SqlQuery("""
            with gone as (
                delete from punch where id in (
                    select p.id from punch p
                     where p.staff_id is null and p.at < :cutoff
                       and not exists (select 1 from punch_resolution r where r.punch_id = p.id)
                     limit :limit for update skip locked)
                returning agent_id, stream, seq),
            freed as (
                insert into retention_freed_event (agent_id, stream, seq)
                select agent_id, stream, seq from gone where agent_id is not null
                on conflict do nothing)
            select count(*) from gone
            """)
    int deleteUnresolvedPunches(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);

    /** Closed intervals only: a zone's open interval is its state now. */
    @SqlUpdate("""
            delete from occupancy_interval where id in (
                select id from occupancy_interval where ended_at < :cutoff limit :limit for update skip locked)
            """)
    int deleteOccupancyIntervals(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);

    /** Occupancy events; their raw events go on the freed list for the AGENT_EVENTS step. */
    @SqlQuery("""
            with gone as (
                delete from occupancy_event where (agent_id, stream, seq) in (
                    select agent_id, stream, seq from occupancy_event where at < :cutoff limit :limit for update skip locked)
                returning agent_id, stream, seq),
            freed as (
                insert into retention_freed_event (agent_id, stream, seq)
                select agent_id, stream, seq from gone on conflict do nothing)
            select count(*) from gone
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
