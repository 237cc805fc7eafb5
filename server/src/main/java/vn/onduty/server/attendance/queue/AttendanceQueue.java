package vn.onduty.server.attendance.queue;

import java.time.LocalDate;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Marks officer-days stale, inside the transaction of the change that makes them so: whoever stores
 * punches, resolves them, approves a correction or changes a calendar attaches this to its own handle.
 * The attendance worker (and every read, for its range) recomputes what is marked. Rows go in in key order
 * so that two transactions marking overlapping days wait for each other instead of deadlocking.
 * Days after tomorrow are not marked, unless they already have rows (planned leave, computed ahead by its
 * approval): attendance is never computed ahead of time otherwise.
 */
public interface AttendanceQueue {

    /**
     * The days of the punches an agent just stored under these (stream, seq) keys, in each officer's home zone; not
     * those of punches flagged for their device time, which count only once accepted ({@link #punchTimeAccepted}).
     */
    @SqlUpdate("""
            insert into attendance_dirty (staff_id, work_date)
            select distinct p.staff_id, cast(p.at at time zone si.time_zone as date)
              from unnest(cast(:streams as text[]), cast(:seqs as bigint[])) as k(stream, seq)
              join punch p on p.agent_id = :agentId and p.stream = k.stream and p.seq = k.seq
              join staff st on st.id = p.staff_id
              join site si on si.id = st.home_site_id
             where p.time_flag is null
             order by 1, 2
            on conflict do nothing
            """)
    int punchesStored(@Bind("agentId") long agentId, @Bind("streams") String[] streams, @Bind("seqs") Long[] seqs);

    /** The day of a punch an admin just said was this officer's. */
    @SqlUpdate("""
            insert into attendance_dirty (staff_id, work_date)
            select st.id, cast(p.at at time zone si.time_zone as date)
              from punch p
              join staff st on st.id = :staffId
              join site si on si.id = st.home_site_id
             where p.id = :punchId
            on conflict do nothing
            """)
    int punchResolved(@Bind("punchId") long punchId, @Bind("staffId") long staffId);

    /** The day of a punch whose device time an admin just accepted, for its officer (enrolled or resolved). */
    @SqlUpdate("""
            insert into attendance_dirty (staff_id, work_date)
            select st.id, cast(p.at at time zone si.time_zone as date)
              from punch p
              left join punch_resolution r on r.punch_id = p.id
              join staff st on st.id = coalesce(p.staff_id, r.staff_id)
              join site si on si.id = st.home_site_id
             where p.id = :punchId
            on conflict do nothing
            """)
    int punchTimeAccepted(@Bind("punchId") long punchId);

    /** The days of punches an enrollment just attached to its officer. */
    @SqlUpdate("""
            insert into attendance_dirty (staff_id, work_date)
            select distinct p.staff_id, cast(p.at at time zone si.time_zone as date)
              from punch p
              join staff st on st.id = p.staff_id
              join site si on si.id = st.home_site_id
             where p.enrollment_id = :enrollmentId
             order by 1, 2
            on conflict do nothing
            """)
    int enrollmentAttached(@Bind("enrollmentId") long enrollmentId);

    /** One officer's day. */
    @SqlUpdate("insert into attendance_dirty (staff_id, work_date) values (:staffId, :date) on conflict do nothing")
    int day(@Bind("staffId") long staffId, @Bind("date") LocalDate date);

    /** A date at one site (siteId given) or everywhere (null), for every active officer: a holiday changed. */
    @SqlUpdate("""
            insert into attendance_dirty (staff_id, work_date)
            select st.id, cast(:date as date)
              from staff st
              join site si on si.id = st.home_site_id
             where st.active and (cast(:siteId as bigint) is null or st.home_site_id = :siteId)
               and cast(:date as date) <= cast(now() at time zone si.time_zone as date) + 1
             order by st.id
            on conflict do nothing
            """)
    int date(@Bind("siteId") Long siteId, @Bind("date") LocalDate date);

    /**
     * This month up to today of every active officer of a site: its working calendar changed. Earlier months
     * keep what they were computed with, as the timesheets filed for them do.
     */
    @SqlUpdate("""
            insert into attendance_dirty (staff_id, work_date)
            select st.id, cast(d as date)
              from staff st
              join site si on si.id = st.home_site_id
              cross join lateral generate_series(
                    cast(date_trunc('month', now() at time zone si.time_zone) as date),
                    cast(now() at time zone si.time_zone as date), interval '1 day') as d
             where st.active and st.home_site_id = :siteId
             order by 1, 2
            on conflict do nothing
            """)
    int siteThisMonth(@Bind("siteId") long siteId);

    /**
     * One officer's days from {@code from} to {@code to}, and with {@code laterStored} also every later day that has
     * rows already (planned leave): the staff record changed what those days compute to. {@code from} null means
     * the officer's first computed day. Days of a month whose timesheet is locked for the officer, as they were
     * placed before the change ({@code siteBefore}, {@code departmentBefore}) or are now (whole site, or the
     * officer's department), are left alone: a filed month stays as it was filed.
     */
    @SqlUpdate("""
            insert into attendance_dirty (staff_id, work_date)
            select st.id, x.d
              from staff st
              cross join lateral (
                    select cast(g as date) as d
                      from generate_series(
                            cast(coalesce(cast(:from as date),
                                          (select min(a.work_date) from attendance_session a where a.staff_id = :staffId))
                                 as timestamp),
                            cast(cast(:to as date) as timestamp), interval '1 day') as g
                    union
                    select a.work_date from attendance_session a
                     where :laterStored and a.staff_id = :staffId and a.work_date > :to) as x
             where st.id = :staffId
               and not exists (
                    select 1 from timesheet_lock l
                     where l.unlocked_at is null and l.month = cast(date_trunc('month', x.d) as date)
                       and ((l.site_id = :siteBefore and (l.department_id is null or l.department_id = :departmentBefore))
                            or (l.site_id = st.home_site_id
                                and (l.department_id is null or l.department_id = st.department_id))))
             order by 1, 2
            on conflict do nothing
            """)
    int staffChanged(@Bind("staffId") long staffId, @Bind("from") LocalDate from, @Bind("to") LocalDate to,
                     @Bind("laterStored") boolean laterStored, @Bind("siteBefore") long siteBefore,
                     @Bind("departmentBefore") long departmentBefore);

    /** Officer-days waiting to be recomputed: the worker keeps this near zero; a growing number means it is behind. */
    @SqlQuery("select count(*) from attendance_dirty")
    long depth();
}
