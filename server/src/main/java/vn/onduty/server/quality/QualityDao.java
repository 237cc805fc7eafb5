package vn.onduty.server.quality;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import vn.onduty.server.calendar.SessionPart;

/** The aggregates and readings the quality reports are made of. Every query filters on an indexed (site, day). */
@RegisterConstructorMapper(QualityDao.KpiRow.class)
@RegisterConstructorMapper(QualityDao.Attended.class)
@RegisterConstructorMapper(QualityDao.TicketSpan.class)
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

    @SqlQuery("""
            select id, service_date, number, service, counter_id, staff_id, issued_at, called_at, started_at, ended_at,
                   outcome
              from queue_ticket
             where site_id = :siteId and service_date between :from and :to
            """)
    List<TicketSpan> tickets(@Bind("siteId") long siteId, @Bind("from") LocalDate from, @Bind("to") LocalDate to);

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
