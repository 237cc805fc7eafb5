package vn.onduty.server.quality;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Queue tickets: merging reports in, and reading them for the dashboard and the joined measures. */
@RegisterConstructorMapper(TicketDao.Stored.class)
@RegisterConstructorMapper(TicketDao.Ref.class)
@RegisterConstructorMapper(TicketDao.Row.class)
public interface TicketDao {

    /** A ticket as stored, with the counter number and officer code it was reported with. */
    record Stored(LocalDate serviceDate, String number, String service, Integer counterNumber, String officerCode,
                  Instant issuedAt, Instant calledAt, Instant startedAt, Instant endedAt, String outcome,
                  Integer rating, String ratingScale) {}

    /** A counter number or staff code and the id it stands for. */
    record Ref(long id, String key) {}

    /** A ticket as the pages list it. */
    record Row(long id, LocalDate serviceDate, String number, String service, Long counterId, Integer counterNumber,
               Long staffId, String officerCode, String officerName, Instant issuedAt, Instant calledAt,
               Instant startedAt, Instant endedAt, String outcome, Integer rating, String ratingScale,
               Integer ratingScore, Integer waitSeconds, Integer serviceSeconds) {}

    /** The stored tickets among these keys (pairs of dates and numbers), locked until the batch commits. */
    @SqlQuery("""
            select t.service_date, t.number, t.service, k.number as counter_number, s.code as officer_code,
                   t.issued_at, t.called_at, t.started_at, t.ended_at, t.outcome, t.rating, t.rating_scale
              from queue_ticket t
              join unnest(cast(:dates as date[]), cast(:numbers as text[])) as x(service_date, number)
                on x.service_date = t.service_date and x.number = t.number
              left join counter k on k.id = t.counter_id
              left join staff s on s.id = t.staff_id
             where t.site_id = :siteId
             order by t.id
             for update of t
            """)
    List<Stored> existing(@Bind("siteId") long siteId, @Bind("dates") String[] dates, @Bind("numbers") String[] numbers);

    @SqlQuery("select id, cast(number as text) as key from counter where site_id = :siteId")
    List<Ref> counters(@Bind("siteId") long siteId);

    @SqlQuery("select id, code as key from staff where code = any(:codes)")
    List<Ref> staff(@Bind("codes") String[] codes);

    /**
     * Inserts new tickets and updates changed ones; a ticket reported again exactly as stored is left
     * alone (its updated_at too). Returns, per row written, whether it was new.
     */
    @SqlQuery("""
            insert into queue_ticket as q (site_id, service_date, number, service, counter_id, staff_id, issued_at,
                                           called_at, started_at, ended_at, outcome, rating, rating_scale, source)
            select :siteId, t.* , :source
              from unnest(cast(:dates as date[]), cast(:numbers as text[]), cast(:services as text[]),
                          cast(:counterIds as bigint[]), cast(:staffIds as bigint[]),
                          cast(:issued as timestamptz[]), cast(:called as timestamptz[]),
                          cast(:started as timestamptz[]), cast(:ended as timestamptz[]), cast(:outcomes as text[]),
                          cast(:ratings as smallint[]), cast(:scales as text[]))
                   as t(service_date, number, service, counter_id, staff_id, issued_at, called_at, started_at,
                        ended_at, outcome, rating, rating_scale)
            on conflict (site_id, service_date, number) do update set
                service = excluded.service, counter_id = excluded.counter_id, staff_id = excluded.staff_id,
                issued_at = excluded.issued_at, called_at = excluded.called_at, started_at = excluded.started_at,
                ended_at = excluded.ended_at, outcome = excluded.outcome, rating = excluded.rating,
                rating_scale = excluded.rating_scale, source = excluded.source, updated_at = now()
             where (q.service, q.counter_id, q.staff_id, q.issued_at, q.called_at, q.started_at, q.ended_at, q.outcome,
                    q.rating, q.rating_scale)
                   is distinct from
                   (excluded.service, excluded.counter_id, excluded.staff_id, excluded.issued_at, excluded.called_at,
                    excluded.started_at, excluded.ended_at, excluded.outcome, excluded.rating, excluded.rating_scale)
            returning (xmax = 0) as inserted
            """)
    List<Boolean> upsert(@Bind("siteId") long siteId, @Bind("source") String source, @Bind("dates") String[] dates,
                         @Bind("numbers") String[] numbers, @Bind("services") String[] services,
                         @Bind("counterIds") Long[] counterIds, @Bind("staffIds") Long[] staffIds,
                         @Bind("issued") String[] issued, @Bind("called") String[] called,
                         @Bind("started") String[] started, @Bind("ended") String[] ended,
                         @Bind("outcomes") String[] outcomes, @Bind("ratings") Integer[] ratings,
                         @Bind("scales") String[] scales);

    String ROW = """
            select t.id, t.service_date, t.number, t.service, t.counter_id, k.number as counter_number, t.staff_id,
                   s.code as officer_code, s.full_name as officer_name, t.issued_at, t.called_at, t.started_at,
                   t.ended_at, t.outcome, t.rating, t.rating_scale, t.rating_score, t.wait_seconds, t.service_seconds
              from queue_ticket t
              left join counter k on k.id = t.counter_id
              left join staff s on s.id = t.staff_id
            """;

    /** A site's tickets of a range of service days, optionally of one counter or one officer, in issue order. */
    @SqlQuery(ROW + """
             where t.site_id = :siteId and t.service_date between :from and :to
               and (cast(:counterId as bigint) is null or t.counter_id = :counterId)
               and (cast(:staffId as bigint) is null or t.staff_id = :staffId)
             order by t.issued_at, t.id
             limit :limit
            """)
    List<Row> list(@Bind("siteId") long siteId, @Bind("from") LocalDate from, @Bind("to") LocalDate to,
                   @Bind("counterId") Long counterId, @Bind("staffId") Long staffId, @Bind("limit") int limit);

    /** The tickets issued but neither called nor ended at a moment of a service day: the queue now. */
    @SqlQuery(ROW + """
             where t.site_id = :siteId and t.service_date = :date and t.issued_at <= :now
               and coalesce(t.called_at, t.started_at, t.ended_at) is null and t.outcome is null
             order by t.issued_at, t.id
            """)
    List<Row> waiting(@Bind("siteId") long siteId, @Bind("date") LocalDate date, @Bind("now") Instant now);
}
