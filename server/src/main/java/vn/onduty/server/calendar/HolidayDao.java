package vn.onduty.server.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(Holiday.class)
public interface HolidayDao {

    /** A stored year: whether and by whom it was confirmed. */
    record YearRow(int year, Instant confirmedAt, String confirmedBy) {}

    String COLUMNS = """
            h.id, h.day as date, h.site_id, h.kind, h.name, h.suggestion, h.replaces_id, h.created_at,
            h.updated_at, h.withdrawn_at, h.withdraw_reason
            """;

    /** A year's entries, withdrawn ones included: nationwide ones, and one site's or (siteId null) every site's. */
    @SqlQuery("select " + COLUMNS + """
              from holiday h
             where h.year = :year
               and (cast(:siteId as bigint) is null or h.site_id is null or h.site_id = :siteId)
             order by h.day, h.site_id nulls first, h.withdrawn_at nulls last, h.id
            """)
    List<Holiday> list(@Bind("year") int year, @Bind("siteId") Long siteId);

    /** The entries that apply at a site in a year: current nationwide ones and the site's own. */
    @SqlQuery("select " + COLUMNS + """
              from holiday h
             where h.year = :year and h.withdrawn_at is null and (h.site_id is null or h.site_id = :siteId)
             order by h.day
            """)
    List<Holiday> current(@Bind("year") int year, @Bind("siteId") long siteId);

    @SqlQuery("select " + COLUMNS + " from holiday h where h.year = :year and h.withdrawn_at is null and h.site_id is null")
    List<Holiday> currentNationwide(@Bind("year") int year);

    @SqlQuery("select " + COLUMNS + " from holiday h where h.id = :id")
    Optional<Holiday> find(@Bind("id") long id);

    @SqlQuery("select " + COLUMNS + " from holiday h where h.id = :id for update")
    Optional<Holiday> lock(@Bind("id") long id);

    @SqlUpdate("""
            insert into holiday (day, site_id, kind, name, suggestion, replaces_id)
            values (:date, :siteId, :kind, :name, :suggestion, :replacesId)
            """)
    @GetGeneratedKeys("id")
    long insert(@Bind("date") LocalDate date, @Bind("siteId") Long siteId, @Bind("kind") HolidayKind kind,
                @Bind("name") String name, @Bind("suggestion") String suggestion, @Bind("replacesId") Long replacesId);

    @SqlUpdate("""
            update holiday set day = :date, site_id = :siteId, kind = :kind, name = :name, updated_at = now(),
                   suggestion = case when cast(:siteId as bigint) is null then suggestion end
             where id = :id
            """)
    void update(@Bind("id") long id, @Bind("date") LocalDate date, @Bind("siteId") Long siteId,
                @Bind("kind") HolidayKind kind, @Bind("name") String name);

    @SqlUpdate("delete from holiday where id = :id")
    void delete(@Bind("id") long id);

    @SqlUpdate("""
            update holiday set withdrawn_at = now(), withdrawn_by = :userId, withdraw_reason = :reason, updated_at = now()
             where id = :id and withdrawn_at is null
            """)
    void withdraw(@Bind("id") long id, @Bind("userId") Long userId, @Bind("reason") String reason);

    /** Stores a year; answers 1 when it was new, 0 when it was there already. */
    @SqlUpdate("insert into holiday_year (year) values (:year) on conflict (year) do nothing")
    int createYear(@Bind("year") int year);

    @SqlQuery("select year from holiday_year where year = :year for update")
    Optional<Integer> lockYear(@Bind("year") int year);

    @SqlQuery("""
            select y.year, y.confirmed_at, u.username as confirmed_by
              from holiday_year y left join user_account u on u.id = y.confirmed_by
             where y.year = :year
            """)
    @RegisterConstructorMapper(YearRow.class)
    Optional<YearRow> year(@Bind("year") int year);

    @SqlUpdate("update holiday_year set confirmed_at = now(), confirmed_by = :userId where year = :year and confirmed_at is null")
    void confirm(@Bind("year") int year, @Bind("userId") Long userId);
}
