/*
 * Working calendar benchmark: what attendance will ask of WorkingCalendar for one month, and how many
 * SQL statements that costs.
 *
 *   ./onduty bench calendar [officers] [sites]      (defaults 1000 officers, 10 sites)
 *
 * It starts an embedded PostgreSQL in a temp directory, migrates it, gives each site a calendar with
 * winter hours and a duty Saturday, confirms the year's holidays, then asks WorkingCalendar.day(site,
 * date) for every officer and every day of January (officers spread over the sites), first on a cold
 * cache, then warm ten times, and workingDays() for a whole year per officer as leave would. Every SQL
 * statement the calendar sends is counted: a warm month must send at most the stamp check (one count
 * every two seconds), never one per cell.
 * Run with: java -cp server/target/onduty-server.jar bench/CalendarBench.java
 */
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.jackson.Jackson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.postgresql.ds.PGSimpleDataSource;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.ScopeDao;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.calendar.HolidayService;
import vn.onduty.server.calendar.LunarCalendar;
import vn.onduty.server.calendar.SessionPart;
import vn.onduty.server.calendar.SiteCalendarInput;
import vn.onduty.server.calendar.SiteCalendarService;
import vn.onduty.server.calendar.WorkingCalendar;
import vn.onduty.server.db.EmbeddedPostgresServer;
import vn.onduty.server.db.Migrator;

public class CalendarBench {

    public static void main(String[] args) throws Exception {
        int officers = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int siteCount = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        // Only the figures: no Liquibase and PostgreSQL chatter on the console.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Path dir = Files.createTempDirectory("onduty-calendar-bench");
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"), 0, "bench");
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(pg.jdbcUrl());
        ds.setUser(pg.user());
        ds.setPassword(pg.password());
        Migrator.migrate(ds);

        AtomicLong statements = new AtomicLong();
        Jdbi jdbi = Jdbi.create(ds).installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
        jdbi.setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                statements.incrementAndGet();
            }

            @Override
            public void logException(StatementContext context, SQLException ex) {
                statements.incrementAndGet();
            }
        });
        Clock clock = Clock.systemUTC();
        AuditLog audit = new AuditLog(jdbi, Jackson.newObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS), clock);
        WorkingCalendar calendar = new WorkingCalendar(jdbi, LunarCalendar.VIETNAM, clock);
        HolidayService holidays = new HolidayService(jdbi, audit, new AccessPolicy(jdbi.onDemand(ScopeDao.class)), LunarCalendar.VIETNAM, calendar);
        SiteCalendarService calendars = new SiteCalendarService(jdbi, audit, new AccessPolicy(jdbi.onDemand(ScopeDao.class)), calendar);
        Caller system = Caller.system("bench");

        List<Long> sites = new ArrayList<>();
        for (int i = 0; i < siteCount; i++) {
            long id = jdbi.withHandle(h -> h.createUpdate("insert into site (name) values (:n)")
                    .bind("n", "Bench site " + sites.size()).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
            calendars.replace(id, calendarInput(), system);
            sites.add(id);
        }
        holidays.confirm(2027, system);

        LocalDate first = LocalDate.of(2027, 1, 1);
        long before = statements.get();
        long t0 = System.nanoTime();
        long open = month(calendar, sites, officers, first);
        long coldNanos = System.nanoTime() - t0;
        long coldStatements = statements.get() - before;

        int rounds = 10;
        before = statements.get();
        t0 = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            open += month(calendar, sites, officers, first);
        }
        long warmNanos = (System.nanoTime() - t0) / rounds;
        long warmStatements = statements.get() - before;

        before = statements.get();
        t0 = System.nanoTime();
        long workingDays = 0;
        for (int o = 0; o < officers; o++) {
            workingDays += calendar.workingDays(sites.get(o % sites.size()), first, LocalDate.of(2027, 12, 31));
        }
        long yearNanos = System.nanoTime() - t0;
        long yearStatements = statements.get() - before;

        long cells = (long) officers * 31;
        System.out.printf("officers %d, sites %d, cells per month %,d (sessions seen %,d)%n", officers, siteCount, cells, open);
        System.out.printf("cold month: %.1f ms, %d SQL statements (loading %d site-years)%n",
                coldNanos / 1e6, coldStatements, siteCount);
        System.out.printf("warm month: %.2f ms, %.0f ns per day() (mean of %d), %d SQL statements in all %d months%n",
                warmNanos / 1e6, (double) warmNanos / cells, rounds, warmStatements, rounds);
        System.out.printf("workingDays() over 2027 for every officer: %.1f ms, %d SQL statements, %d working days per officer%n",
                yearNanos / 1e6, yearStatements, workingDays / officers);
        pg.close();
    }

    private static long month(WorkingCalendar calendar, List<Long> sites, int officers, LocalDate first) {
        long sessions = 0;
        for (int o = 0; o < officers; o++) {
            long site = sites.get(o % sites.size());
            for (int d = 0; d < 31; d++) {
                sessions += calendar.day(site, first.plusDays(d)).sessions().size();
            }
        }
        return sessions;
    }

    private static SiteCalendarInput calendarInput() {
        return new SiteCalendarInput(5, 5, 60, 120, week("07:30", "11:30", "13:30", "17:00"),
                List.of(new SiteCalendarInput.Season("Giờ mùa đông", "10-16", "04-15", week("08:00", "12:00", "13:00", "17:00"))),
                List.of(new SiteCalendarInput.DutySaturday(LocalDate.of(2027, 1, 9), "Tiếp dân")));
    }

    private static List<SiteCalendarInput.Session> week(String ms, String me, String as, String ae) {
        List<SiteCalendarInput.Session> out = new ArrayList<>();
        for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY)) {
            out.add(new SiteCalendarInput.Session(d, SessionPart.MORNING, LocalTime.parse(ms), LocalTime.parse(me)));
            out.add(new SiteCalendarInput.Session(d, SessionPart.AFTERNOON, LocalTime.parse(as), LocalTime.parse(ae)));
        }
        return out;
    }
}
