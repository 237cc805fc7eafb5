package vn.onduty.server.calendar;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

public interface SiteCalendarDao {

    record SettingsRow(long siteId, int lateGraceMinutes, int earlyLeaveGraceMinutes, int punchInBeforeMinutes,
                       int punchOutAfterMinutes, Instant updatedAt) {}

    record SeasonRow(long id, String name, int startsMonth, int startsDay, int endsMonth, int endsDay) {}

    /** weekday is ISO: 1 Monday .. 7 Sunday. */
    record SessionRow(Long seasonId, int weekday, SessionPart part, LocalTime startsAt, LocalTime endsAt) {}

    @SqlQuery("""
            select site_id, late_grace_minutes, early_leave_grace_minutes, punch_in_before_minutes,
                   punch_out_after_minutes, updated_at
              from site_calendar where site_id = :siteId
            """)
    @RegisterConstructorMapper(SettingsRow.class)
    Optional<SettingsRow> settings(@Bind("siteId") long siteId);

    @SqlQuery("""
            select id, name, starts_month, starts_day, ends_month, ends_day
              from site_calendar_season where site_id = :siteId order by position
            """)
    @RegisterConstructorMapper(SeasonRow.class)
    List<SeasonRow> seasons(@Bind("siteId") long siteId);

    @SqlQuery("""
            select season_id, weekday, part, starts_at, ends_at
              from site_calendar_session where site_id = :siteId order by weekday, part
            """)
    @RegisterConstructorMapper(SessionRow.class)
    List<SessionRow> sessions(@Bind("siteId") long siteId);

    @SqlQuery("select day as date, note from site_duty_saturday where site_id = :siteId order by day")
    @RegisterConstructorMapper(SiteCalendar.DutySaturday.class)
    List<SiteCalendar.DutySaturday> dutySaturdays(@Bind("siteId") long siteId);

    @SqlQuery("select site_id from site_calendar order by site_id")
    List<Long> configuredSiteIds();

    /** The site's stored calendar; empty while it works the default one. */
    default Optional<SiteCalendar> load(long siteId) {
        return settings(siteId).map(s -> {
            List<SessionRow> sessions = sessions(siteId);
            List<SiteCalendar.Season> seasons = new ArrayList<>();
            for (SeasonRow r : seasons(siteId)) {
                seasons.add(new SiteCalendar.Season(r.name(), monthDay(r.startsMonth(), r.startsDay()),
                        monthDay(r.endsMonth(), r.endsDay()), of(sessions, r.id())));
            }
            return new SiteCalendar(siteId, true, s.lateGraceMinutes(), s.earlyLeaveGraceMinutes(),
                    s.punchInBeforeMinutes(), s.punchOutAfterMinutes(), of(sessions, null), seasons,
                    dutySaturdays(siteId), s.updatedAt());
        });
    }

    @SqlUpdate("""
            insert into site_calendar (site_id, late_grace_minutes, early_leave_grace_minutes,
                                       punch_in_before_minutes, punch_out_after_minutes)
            values (:siteId, :late, :early, :before, :after)
            on conflict (site_id) do update
               set late_grace_minutes = excluded.late_grace_minutes,
                   early_leave_grace_minutes = excluded.early_leave_grace_minutes,
                   punch_in_before_minutes = excluded.punch_in_before_minutes,
                   punch_out_after_minutes = excluded.punch_out_after_minutes,
                   updated_at = now()
            """)
    void saveSettings(@Bind("siteId") long siteId, @Bind("late") int late, @Bind("early") int early,
                      @Bind("before") int before, @Bind("after") int after);

    @SqlUpdate("delete from site_calendar_session where site_id = :siteId")
    void deleteSessions(@Bind("siteId") long siteId);

    @SqlUpdate("delete from site_calendar_season where site_id = :siteId")
    void deleteSeasons(@Bind("siteId") long siteId);

    @SqlUpdate("delete from site_duty_saturday where site_id = :siteId")
    void deleteDutySaturdays(@Bind("siteId") long siteId);

    @SqlUpdate("""
            insert into site_calendar_season (site_id, position, name, starts_month, starts_day, ends_month, ends_day)
            values (:siteId, :position, :name, :startsMonth, :startsDay, :endsMonth, :endsDay)
            """)
    @GetGeneratedKeys("id")
    long insertSeason(@Bind("siteId") long siteId, @Bind("position") int position, @Bind("name") String name,
                      @Bind("startsMonth") int startsMonth, @Bind("startsDay") int startsDay,
                      @Bind("endsMonth") int endsMonth, @Bind("endsDay") int endsDay);

    @SqlUpdate("""
            insert into site_calendar_session (site_id, season_id, weekday, part, starts_at, ends_at)
            values (:siteId, :seasonId, :weekday, :part, :start, :end)
            """)
    void insertSession(@Bind("siteId") long siteId, @Bind("seasonId") Long seasonId, @Bind("weekday") int weekday,
                       @Bind("part") SessionPart part, @Bind("start") LocalTime start, @Bind("end") LocalTime end);

    @SqlUpdate("insert into site_duty_saturday (site_id, day, note) values (:siteId, :date, :note)")
    void insertDutySaturday(@Bind("siteId") long siteId, @Bind("date") java.time.LocalDate date, @Bind("note") String note);

    /** Replaces the site's whole calendar with this one. */
    default void save(SiteCalendar c) {
        long siteId = c.siteId();
        saveSettings(siteId, c.lateGraceMinutes(), c.earlyLeaveGraceMinutes(), c.punchInBeforeMinutes(),
                c.punchOutAfterMinutes());
        deleteSessions(siteId);
        deleteSeasons(siteId);
        deleteDutySaturdays(siteId);
        insertSessions(siteId, null, c.sessions());
        for (int i = 0; i < c.seasons().size(); i++) {
            SiteCalendar.Season s = c.seasons().get(i);
            var from = SiteCalendar.Season.parse(s.from());
            var to = SiteCalendar.Season.parse(s.to());
            long seasonId = insertSeason(siteId, i, s.name(), from.getMonthValue(), from.getDayOfMonth(),
                    to.getMonthValue(), to.getDayOfMonth());
            insertSessions(siteId, seasonId, s.sessions());
        }
        for (SiteCalendar.DutySaturday d : c.dutySaturdays()) {
            insertDutySaturday(siteId, d.date(), d.note());
        }
    }

    private void insertSessions(long siteId, Long seasonId, List<SiteCalendar.SessionTime> sessions) {
        for (SiteCalendar.SessionTime t : sessions) {
            insertSession(siteId, seasonId, t.weekday().getValue(), t.part(), t.start(), t.end());
        }
    }

    private static List<SiteCalendar.SessionTime> of(List<SessionRow> rows, Long seasonId) {
        return rows.stream()
                .filter(r -> java.util.Objects.equals(r.seasonId(), seasonId))
                .map(r -> new SiteCalendar.SessionTime(DayOfWeek.of(r.weekday()), r.part(), r.startsAt(), r.endsAt()))
                .toList();
    }

    private static String monthDay(int month, int day) {
        return String.format("%02d-%02d", month, day);
    }
}
