package vn.onduty.server.attendance;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Set-based SQL of the recompute: a handful of statements per batch of officers, however many days and
 * punches it holds. Officer ids go in as arrays; rows come back in (staff, date, part) order. Rows are written
 * with COPY ({@link #copy}), whose statement is here with the rest of the SQL although it does not go through
 * JDBI's statements.
 */
@RegisterConstructorMapper(AttendanceSession.class)
@RegisterConstructorMapper(StaffDay.class)
@RegisterConstructorMapper(AttendanceDao.OfficerRow.class)
@RegisterConstructorMapper(AttendanceDao.PunchRow.class)
@RegisterConstructorMapper(AttendanceDao.BusinessRow.class)
public interface AttendanceDao extends SqlObject {

    record OfficerRow(long id, long homeSiteId, boolean active, LocalDate serviceStartDate, LocalDate endOfServiceDate,
                      String timeZone) {}

    record PunchRow(long staffId, Instant at, Long correctionId) {}

    record BusinessRow(long id, long staffId, LocalDate workDate, String parts) {}

    String SESSION_COLUMNS = """
            staff_id, work_date, part, site_id, status, starts_at, ends_at, in_at, out_at, late_minutes,
            early_leave_minutes, missing, leave_code, correction_id""";

    /** Rows in PostgreSQL's binary COPY format, these columns in this order: what {@link SessionCopy} writes. */
    String COPY_SESSIONS = "copy attendance_session (" + SESSION_COLUMNS + ", computed_at) from stdin (format binary)";

    /**
     * Waits until no other transaction recomputes these officers (advisory locks in namespace 4004), then holds them until this one ends.
     * Ids must be sorted, so that two recomputes over overlapping officers never wait for each other in a circle.
     */
    @SqlQuery("""
            select cast(pg_advisory_xact_lock(4004, cast(x & 2147483647 as integer)) as text)
              from unnest(cast(:ids as bigint[])) as x
            """)
    List<String> lock(@Bind("ids") Long[] ids);

    /** Takes queued days of these officers out of the queue; days another transaction is taking are skipped. */
    @SqlQuery("""
            delete from attendance_dirty d
             using (select staff_id, work_date from attendance_dirty
                     where staff_id = any(:ids) and work_date between :from and :to
                     order by staff_id, work_date
                     for update skip locked) x
             where d.staff_id = x.staff_id and d.work_date = x.work_date
            returning d.staff_id, d.work_date as date
            """)
    List<StaffDay> claim(@Bind("ids") Long[] ids, @Bind("from") LocalDate from, @Bind("to") LocalDate to);

    /** Takes up to {@code limit} queued days, oldest first, that no other worker is taking. */
    @SqlQuery("""
            delete from attendance_dirty d
             using (select staff_id, work_date from attendance_dirty
                     order by queued_at, staff_id, work_date
                     limit :limit
                     for update skip locked) x
             where d.staff_id = x.staff_id and d.work_date = x.work_date
            returning d.staff_id, d.work_date as date
            """)
    List<StaffDay> claimOldest(@Bind("limit") int limit);

    /**
     * The days from {@code from} to {@code to} of active officers with a session still OPEN although it has ended: the
     * part of {@link #stale} that time alone brings about, read from the index of open sessions (0263) instead of
     * every officer's days.
     */
    @SqlQuery("""
            select distinct s.staff_id, s.work_date as date
              from attendance_session s
              join staff st on st.id = s.staff_id and st.active
             where s.status = 'OPEN' and s.ends_at <= cast(:now as timestamptz)
               and s.work_date between :from and :to
            """)
    List<StaffDay> ended(@Bind("from") LocalDate from, @Bind("to") LocalDate to, @Bind("now") Instant now);

    /**
     * The days from {@code from} to {@code to} (never after the officer's today) of these active officers that
     * must be computed: queued ones, ones never computed (not both parts stored, from the service start date
     * to the end of service), and ones with a session still OPEN although it has ended.
     */
    @SqlQuery("""
            select st.id as staff_id, cast(d as date) as date
              from staff st
              join site si on si.id = st.home_site_id
              cross join lateral generate_series(
                    cast(greatest(cast(:from as date), coalesce(st.service_start_date, cast(:from as date))) as timestamp),
                    cast(least(cast(:to as date), cast(cast(:now as timestamptz) at time zone si.time_zone as date),
                               coalesce(st.end_of_service_date, cast(:to as date))) as timestamp),
                    interval '1 day') as d
              left join (select staff_id, work_date, count(*) as parts,
                                bool_or(status = 'OPEN' and ends_at <= cast(:now as timestamptz)) as ended
                           from attendance_session
                          where staff_id = any(:ids) and work_date between :from and :to
                          group by staff_id, work_date) a on a.staff_id = st.id and a.work_date = cast(d as date)
             where st.id = any(:ids) and st.active
               and (a.parts is distinct from 2 or a.ended)
            union
            select q.staff_id, q.work_date
              from attendance_dirty q
              join staff st on st.id = q.staff_id and st.active
             where q.staff_id = any(:ids) and q.work_date between :from and :to
            """)
    List<StaffDay> stale(@Bind("ids") Long[] ids, @Bind("from") LocalDate from, @Bind("to") LocalDate to,
                         @Bind("now") Instant now);

    /**
     * The officers, their home sites locked as a foreign key would lock them (for key share) until the transaction
     * ends: neither can be deleted meanwhile, so the rows written for them never point at nothing. Deleting either
     * is refused once they have attendance rows (migration 0200).
     */
    @SqlQuery("""
            select st.id, st.home_site_id, st.active, st.service_start_date, st.end_of_service_date, si.time_zone
              from staff st join site si on si.id = st.home_site_id
             where st.id = any(:ids)
               for key share of st, si
            """)
    List<OfficerRow> officers(@Bind("ids") Long[] ids);

    @SqlQuery("select id from staff where active order by id")
    List<Long> activeStaff();

    /** The time zones the sites are in: when one's date changes, every officer there has a new day to compute. */
    @SqlQuery("select distinct time_zone from site")
    List<String> siteTimeZones();

    /** The officers a site's timesheet lists for a range: active at home there, or with attendance there. */
    @SqlQuery("""
            select id from staff where home_site_id = :siteId and active
            union
            select distinct staff_id from attendance_session where site_id = :siteId and work_date between :from and :to
            """)
    List<Long> staffOfSite(@Bind("siteId") long siteId, @Bind("from") java.time.LocalDate from,
                           @Bind("to") java.time.LocalDate to);

    /**
     * A sensor punch counts unless its device time was flagged and no admin has accepted it (migration 0126); with
     * the punch as {@code p}.
     */
    String COUNTED = "(p.time_flag is null or exists (select 1 from punch_time_acceptance ta where ta.punch_id = p.id))";

    /** Sensor punches (the enrolled officer's, or the one an admin resolved them to) that count, and manual ones. */
    @SqlQuery("""
            select p.staff_id, p.at, cast(null as bigint) as correction_id
              from punch p where p.staff_id = any(:ids) and p.at >= :from and p.at < :to and """ + COUNTED + """

            union all
            select r.staff_id, p.at, null
              from punch_resolution r join punch p on p.id = r.punch_id
             where r.staff_id = any(:ids) and p.at >= :from and p.at < :to and """ + COUNTED + """

            union all
            select staff_id, at, correction_id
              from manual_punch where staff_id = any(:ids) and at >= :from and at < :to
            """)
    List<PunchRow> punches(@Bind("ids") Long[] ids, @Bind("from") Instant from, @Bind("to") Instant to);

    @SqlQuery("""
            select id, staff_id, work_date, parts from attendance_correction
             where status = 'APPROVED' and kind = 'OFFICIAL_BUSINESS'
               and staff_id = any(:ids) and work_date between :from and :to
             order by id
            """)
    List<BusinessRow> officialBusiness(@Bind("ids") Long[] ids, @Bind("from") LocalDate from, @Bind("to") LocalDate to);

    /**
     * The stored rows of these officers from {@code from} to {@code to}: one range read per officer along the
     * primary key, cheaper than looking up each day of a month on its own.
     */
    @SqlQuery("select " + SESSION_COLUMNS + """
              from attendance_session
             where staff_id = any(:ids) and work_date between :from and :to
            """)
    List<AttendanceSession> stored(@Bind("ids") Long[] ids, @Bind("from") LocalDate from, @Bind("to") LocalDate to);

    /**
     * The stored rows of these officer-days, {@code staff[i]} with {@code dates[i]}: for days scattered over a long
     * range (a queue batch after a holiday edit), where reading each officer's whole range would read mostly other days.
     */
    @SqlQuery("select " + SESSION_COLUMNS + """
              from attendance_session
              join unnest(cast(:staff as bigint[]), cast(:dates as date[])) as x(staff_id, work_date)
                   using (staff_id, work_date)
            """)
    List<AttendanceSession> storedDays(@Bind("staff") Long[] staff, @Bind("dates") String[] dates);

    /** Marks days of sites as changed for the stored joined measures: {@code sites[i]} from {@code froms[i]} to {@code tos[i]}. */
    @SqlUpdate("""
            insert into quality_touch (site_id, days)
            select t.site_id, daterange(t.first_day, t.last_day, '[]')
              from unnest(cast(:sites as bigint[]), cast(:froms as date[]), cast(:tos as date[])) as t(site_id, first_day, last_day)
            """)
    void touchQualityDays(@Bind("sites") Long[] sites, @Bind("froms") String[] froms, @Bind("tos") String[] tos);

    /**
     * Plans this transaction's statements for their actual parameters. A statement that a connection has run more
     * than five times may otherwise get PostgreSQL's generic plan, which takes an array parameter for 10 elements:
     * the {@link #delete} of a group's 15,500 keys then rescans them for every stored row of the group (measured:
     * a national month recomputed with every row changed took 408 s of PostgreSQL CPU, against 13.8 s to write the
     * same rows from nothing).
     */
    @SqlUpdate("set local plan_cache_mode = force_custom_plan")
    void planForTheseParameters();

    /**
     * Deletes the rows with these keys: {@code staff[i]}, {@code dates[i]}, {@code parts[i]}, all of officers
     * {@code ids} from {@code from} to {@code to}. The range lets PostgreSQL read just those officers' rows to
     * match the keys against; without it, it would hash the whole table for a few thousand keys.
     */
    @SqlUpdate("""
            delete from attendance_session a
             using unnest(cast(:staff as bigint[]), cast(:dates as date[]), cast(:parts as text[]))
                   as x(staff_id, work_date, part)
             where a.staff_id = x.staff_id and a.work_date = x.work_date and a.part = x.part
               and a.staff_id = any(:ids) and a.work_date between :from and :to
            """)
    int delete(@Bind("staff") Long[] staff, @Bind("dates") String[] dates, @Bind("parts") String[] parts,
               @Bind("ids") Long[] ids, @Bind("from") LocalDate from, @Bind("to") LocalDate to);

    /**
     * Stores rows given in the binary COPY format of {@link #COPY_SESSIONS}, through the handle's connection (in its
     * transaction), and returns how many.
     */
    default long copy(byte[] rows) {
        try {
            return getHandle().getConnection().unwrap(org.postgresql.PGConnection.class).getCopyAPI()
                    .copyIn(COPY_SESSIONS, new ByteArrayInputStream(rows));
        } catch (SQLException | IOException e) {
            throw new UnableToExecuteStatementException("Could not store attendance rows: " + COPY_SESSIONS, e, null);
        }
    }

    @SqlQuery("select " + SESSION_COLUMNS + """
              from attendance_session
             where staff_id = any(:ids) and work_date between :from and :to
             order by staff_id, work_date, part desc
            """)
    List<AttendanceSession> sessions(@Bind("ids") Long[] ids, @Bind("from") LocalDate from, @Bind("to") LocalDate to);
}
