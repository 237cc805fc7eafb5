package vn.onduty.server.quality;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.statement.UseRowMapper;
import vn.onduty.server.occupancy.OccupancyInterval;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import vn.onduty.server.calendar.SessionPart;

/** The aggregates and readings the quality reports are made of. Every query filters on an indexed (site, day). */
@RegisterConstructorMapper(QualityDao.KpiRow.class)
@RegisterConstructorMapper(QualityDao.Attended.class)
@RegisterConstructorMapper(QualityDao.Person.class)
public interface QualityDao {

    /** One group's sums; the service turns them into the KPIs. */
    record KpiRow(String key, long issued, long served, long noShow, long finished, long waited, Double waitSum,
                  Integer maxWait, long overTarget, long timed, Double serviceSum, long rated, long satisfied) {}

    record Attended(long staffId, LocalDate workDate, SessionPart part, Instant inAt, Instant outAt) {}

    record TicketSpan(long id, LocalDate serviceDate, String number, String service, Long counterId, Long staffId,
                      Instant issuedAt, Instant calledAt, Instant startedAt, Instant endedAt, String outcome) {}

    record Person(long id, String code, String fullName) {}

    /**
     * Sums per group of a site's tickets over a range of service days. {@code group} is one of the fixed
     * expressions of {@link Kpis.By}, never user text.
     */
    @SqlQuery("""
            select <group> as key,
                   count(*) as issued,
                   count(*) filter (where outcome = 'SERVED') as served,
                   count(*) filter (where outcome = 'NO_SHOW') as no_show,
                   count(outcome) as finished,
                   count(wait_seconds) as waited,
                   sum(wait_seconds)::float8 as wait_sum,
                   max(wait_seconds) as max_wait,
                   count(*) filter (where wait_seconds > :targetSeconds) as over_target,
                   count(service_seconds) filter (where outcome = 'SERVED') as timed,
                   (sum(service_seconds) filter (where outcome = 'SERVED'))::float8 as service_sum,
                   count(rating_score) as rated,
                   count(*) filter (where rating_score >= 75) as satisfied
              from queue_ticket
             where site_id = :siteId and service_date between :from and :to
               and (cast(:counterId as bigint) is null or counter_id = :counterId)
               and (cast(:staffId as bigint) is null or staff_id = :staffId)
             group by 1
             order by 1 nulls last
            """)
    List<KpiRow> kpis(@Define("group") String group, @Bind("siteId") long siteId, @Bind("from") LocalDate from,
                      @Bind("to") LocalDate to, @Bind("targetSeconds") int targetSeconds,
                      @Bind("counterId") Long counterId, @Bind("staffId") Long staffId);

    @SqlQuery("""
            select staff_id, work_date, part, in_at, out_at from attendance_session
             where site_id = :siteId and work_date between :from and :to and in_at is not null
            """)
    List<Attended> attended(@Bind("siteId") long siteId, @Bind("from") LocalDate from, @Bind("to") LocalDate to);

    /**
     * The tickets the joined measures read. Times come as epoch milliseconds: a month of a large center is
     * tens of thousands of rows, and parsing timestamps as text was most of the cost of the whole report.
     */
    @SqlQuery("""
            select id, service_date, number, service, counter_id, staff_id,
                   cast(extract(epoch from issued_at) * 1000 as bigint), cast(extract(epoch from called_at) * 1000 as bigint),
                   cast(extract(epoch from started_at) * 1000 as bigint), cast(extract(epoch from ended_at) * 1000 as bigint),
                   outcome
              from queue_ticket
             where site_id = :siteId and service_date between :from and :to
            """)
    @UseRowMapper(TicketSpanMapper.class)
    List<TicketSpan> tickets(@Bind("siteId") long siteId, @Bind("from") LocalDate from, @Bind("to") LocalDate to);

    /**
     * Occupancy intervals of counters overlapping [from, to), as OccupancyService reads them (end null while
     * open), with times as epoch milliseconds for the same reason as {@link #tickets}. Per counter, by the range
     * (migration 0250): what is read is the range's intervals, however long the counter's history.
     */
    @SqlQuery("""
            select i.id, i.zone_id, i.counter_id, i.camera_id, i.state, i.reason,
                   cast(extract(epoch from i.started_at) * 1000 as bigint),
                   cast(extract(epoch from i.ended_at) * 1000 as bigint)
              from (select distinct unnest(cast(:counterIds as bigint[])) as id) k
              join occupancy_interval i on i.counter_id = k.id
                   and tstzrange(i.started_at, i.ended_at, '[)')
                       && tstzrange(cast(:from as timestamptz), cast(:to as timestamptz), '[)')
            """)
    @UseRowMapper(IntervalMapper.class)
    List<OccupancyInterval> intervals(@Bind("counterIds") Long[] counterIds, @Bind("from") Instant from,
                                      @Bind("to") Instant to);

    final class TicketSpanMapper implements RowMapper<TicketSpan> {
        @Override
        public TicketSpan map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new TicketSpan(rs.getLong(1), rs.getObject(2, LocalDate.class), rs.getString(3), rs.getString(4),
                    (Long) rs.getObject(5, Long.class), (Long) rs.getObject(6, Long.class), instant(rs, 7), instant(rs, 8),
                    instant(rs, 9), instant(rs, 10), rs.getString(11));
        }
    }

    final class IntervalMapper implements RowMapper<OccupancyInterval> {
        @Override
        public OccupancyInterval map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new OccupancyInterval(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
                    rs.getString(6), instant(rs, 7), instant(rs, 8));
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long ms = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
    }

    @SqlQuery("select id, code, full_name from staff where id = any(:ids)")
    List<Person> people(@Bind("ids") Long[] ids);

    @SqlQuery("select wait_target_minutes from quality_target where site_id = :siteId")
    Optional<Integer> target(@Bind("siteId") long siteId);

    @SqlUpdate("""
            insert into quality_target (site_id, wait_target_minutes, updated_at) values (:siteId, :minutes, now())
            on conflict (site_id) do update set wait_target_minutes = excluded.wait_target_minutes, updated_at = now()
            """)
    void setTarget(@Bind("siteId") long siteId, @Bind("minutes") int minutes);
}
