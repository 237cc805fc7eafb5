/*
 * Service-quality benchmark: one month of a large center, then every query the supervisor's dashboard makes.
 *
 *   ./onduty bench quality [counters] [ticketsPerDay]      (defaults 60 counters, 1,100 tickets a day)
 *
 * It starts an embedded PostgreSQL in a temp directory, migrates it and generates, set-based: one site with
 * `counters` counters (two services each) and as many officers, a weekly roster template (each officer at
 * one counter, both sessions, Monday to Friday), a camera zone per counter with occupancy intervals every
 * working day of November 2026 (20-minute stretches, mostly occupied, some empty, a few unknown), an
 * attendance row per officer, working day and session (in and out), and `ticketsPerDay` tickets every
 * working day from 1 October to 25 November 2026 (waits up to 40 minutes, service 5-15, 4% no-show, 70%
 * rated). The clock is 2026-11-25 11:00 in Asia/Ho_Chi_Minh. Each query runs 3 times to warm up, then 30
 * times; the table gives the median, p95 and max in ms. Attendance is read as stored (in the server a
 * background worker keeps it fresh; see ./onduty bench attendance for computing it).
 * Run with: java -cp server/target/onduty-server.jar bench/QualityBench.java
 */
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.postgresql.ds.PGSimpleDataSource;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.ScopeDao;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.calendar.LunarCalendar;
import vn.onduty.server.calendar.WorkingCalendar;
import vn.onduty.server.db.EmbeddedPostgresServer;
import vn.onduty.server.db.Migrator;
import vn.onduty.server.occupancy.OccupancyService;
import vn.onduty.server.quality.Kpis;
import vn.onduty.server.quality.QualityService;
import vn.onduty.server.roster.RosterService;

public class QualityBench {

    public static void main(String[] args) throws Exception {
        int counters = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int perDay = args.length > 1 ? Integer.parseInt(args[1]) : 1100;
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Path dir = Files.createTempDirectory("onduty-quality-bench");
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"), 0, "bench");
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(pg.jdbcUrl());
        ds.setUser(pg.user());
        ds.setPassword(pg.password());
        Migrator.migrate(ds);
        org.apache.tomcat.jdbc.pool.PoolProperties pool = new org.apache.tomcat.jdbc.pool.PoolProperties();
        pool.setUrl(pg.jdbcUrl());
        pool.setUsername(pg.user());
        pool.setPassword(pg.password());
        pool.setDriverClassName("org.postgresql.Driver");
        pool.setMaxActive(8);
        Jdbi jdbi = Jdbi.create(new org.apache.tomcat.jdbc.pool.DataSource(pool))
                .installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());

        long t0 = System.nanoTime();
        long site = jdbi.withHandle(h -> h.createUpdate("insert into site (name) values ('Trung tâm HCC bench')")
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        jdbi.useHandle(h -> {
            h.createUpdate("insert into department (code, name) values ('BENCH', 'Sở Bench')").execute();
            h.createUpdate("""
                    insert into counter (site_id, number, name, services)
                    select :site, g, 'Quầy ' || g, array['Dịch vụ ' || (g % 20), 'Dịch vụ ' || ((g + 7) % 20)]
                      from generate_series(1, :n) g
                    """).bind("site", site).bind("n", counters).execute();
            h.createUpdate("""
                    insert into staff (code, full_name, department_id, home_site_id, service_start_date)
                    select 'CB' || g, 'Cán bộ ' || g, (select id from department), :site, date '2015-01-01'
                      from generate_series(1, :n) g
                    """).bind("site", site).bind("n", counters).execute();
            h.createUpdate("insert into roster_template (site_id, valid_from, note) values (:site, date '2026-09-01', 'bench')")
                    .bind("site", site).execute();
            h.execute("""
                    insert into roster_template_slot (template_id, counter_id, weekday, part, staff_id)
                    select (select id from roster_template), k.id, w, p, s.id
                      from counter k join staff s on s.code = 'CB' || k.number
                      cross join generate_series(1, 5) w cross join unnest(array['MORNING', 'AFTERNOON']) p
                    """);
            h.createUpdate("insert into camera (site_id, name, url) values (:site, 'bench', 'rtsp://bench')").bind("site", site).execute();
            h.execute("""
                    insert into camera_zone (camera_id, counter_id, polygon)
                    select (select id from camera), id, '[[0,0],[1,0],[1,1]]' from counter
                    """);
            // Working days of November up to the 25th: 20-minute stretches 07:00-17:40, the 25th until 11:00.
            h.execute("""
                    create temporary table workday as
                    select d::date as d from generate_series(date '2026-11-01', date '2026-11-25', interval '1 day') d
                     where extract(isodow from d) < 6
                    """);
            h.execute("""
                    insert into occupancy_interval (zone_id, counter_id, camera_id, state, reason, started_at, ended_at)
                    select z.id, z.counter_id, z.camera_id, s.state, case when s.state = 'unknown' then 'stream_lost' end,
                           s.at, s.at + interval '20 minutes'
                      from camera_zone z cross join workday w
                      cross join lateral (
                           select (w.d + time '07:00' + i * interval '20 minutes') at time zone 'Asia/Ho_Chi_Minh' as at,
                                  case when r < 0.80 then 'occupied' when r < 0.95 then 'empty' else 'unknown' end as state
                             from generate_series(0, 31) i, lateral (select random() + z.id * 0 + i * 0 as r) x) s
                     where s.at + interval '20 minutes' <= timestamptz '2026-11-25 04:00:00+00'
                    """);
            h.execute("""
                    insert into attendance_session (staff_id, work_date, part, site_id, status, starts_at, ends_at, in_at, out_at)
                    select s.id, w.d, p.part, s.home_site_id, 'WORKED',
                           (w.d + p.starts) at time zone 'Asia/Ho_Chi_Minh', (w.d + p.ends) at time zone 'Asia/Ho_Chi_Minh',
                           (w.d + p.starts - interval '5 minutes' + random() * interval '15 minutes') at time zone 'Asia/Ho_Chi_Minh',
                           case when w.d < date '2026-11-25' then (w.d + p.ends + random() * interval '10 minutes')
                                at time zone 'Asia/Ho_Chi_Minh' end
                      from staff s cross join workday w
                      cross join (values ('MORNING', time '07:30', time '11:30'), ('AFTERNOON', time '13:30', time '17:00'))
                           as p(part, starts, ends)
                     where w.d < date '2026-11-25' or p.part = 'MORNING'
                    """);
            h.createUpdate("""
                    insert into queue_ticket (site_id, service_date, number, service, counter_id, staff_id, issued_at,
                                              called_at, started_at, ended_at, outcome, rating, rating_scale, source)
                    select :site, t.d, 'A' || t.g, k.services[1], k.id, s.id, t.issued,
                           t.issued + t.wait, t.issued + t.wait,
                           case when t.noshow then null else t.issued + t.wait + t.service end,
                           case when t.noshow then 'NO_SHOW' else 'SERVED' end,
                           case when t.rated and not t.noshow then 1 + floor(random() * 5)::int end,
                           case when t.rated and not t.noshow then 'STARS5' end, 'bench'
                      from (select d::date as d, g,
                                   (d::date + time '07:30' + (g % 2) * interval '6 hours' + random() * interval '3 hours 30 minutes')
                                       at time zone 'Asia/Ho_Chi_Minh' as issued,
                                   random() * interval '40 minutes' as wait, interval '5 minutes' + random() * interval '10 minutes' as service,
                                   random() < 0.04 as noshow, random() < 0.7 as rated, 1 + g % :n as counter_number
                              from generate_series(date '2026-10-01', date '2026-11-25', interval '1 day') d
                              cross join generate_series(1, :perDay) g
                             where extract(isodow from d) < 6) t
                      join counter k on k.number = t.counter_number
                      join staff s on s.code = 'CB' || k.number
                     where t.issued + t.wait + t.service < timestamptz '2026-11-25 04:00:00+00'
                    """).bind("site", site).bind("n", counters).bind("perDay", perDay).execute();
            h.execute("analyze");
        });
        long tickets = jdbi.withHandle(h -> h.createQuery("select count(*) from queue_ticket").mapTo(Long.class).one());
        long intervals = jdbi.withHandle(h -> h.createQuery("select count(*) from occupancy_interval").mapTo(Long.class).one());
        long sessions = jdbi.withHandle(h -> h.createQuery("select count(*) from attendance_session").mapTo(Long.class).one());
        System.out.printf("counters %d, tickets %,d (%d a working day, 1 Oct - 25 Nov 2026), occupancy intervals %,d, "
                + "attendance rows %,d (%.0f s to generate)%n", counters, tickets, perDay, intervals, sessions,
                (System.nanoTime() - t0) / 1e9);

        Clock clock = Clock.fixed(Instant.parse("2026-11-25T04:00:00Z"), ZoneId.of("UTC"));
        AccessPolicy policy = new AccessPolicy(jdbi.onDemand(ScopeDao.class));
        WorkingCalendar calendar = new WorkingCalendar(jdbi, LunarCalendar.VIETNAM, clock);
        AuditLog audit = new AuditLog(jdbi, new ObjectMapper(), clock);
        RosterService roster = new RosterService(jdbi, audit, policy, calendar, clock);
        OccupancyService occupancy = new OccupancyService(jdbi, policy, calendar, clock, Duration.ofMinutes(1));
        QualityService quality = new QualityService(jdbi, audit, policy, calendar, roster, occupancy,
                (s, from, to) -> { }, clock);
        Caller admin = Caller.system("bench");
        LocalDate today = LocalDate.of(2026, 11, 25);
        LocalDate monthStart = today.withDayOfMonth(1);
        LocalDate twelveWeeks = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(11);

        System.out.println();
        System.out.printf("%-52s %9s %9s %9s%n", "query (the dashboard of 25/11/2026)", "median", "p95", "max");
        double total = 0;
        total += time("today's KPIs of the site", () -> quality.siteKpis(site, today, today));
        total += time("the month's KPIs of the site", () -> quality.siteKpis(site, monthStart, today));
        total += time("the month's KPIs per counter", () -> quality.kpis(site, monthStart, today, Kpis.By.COUNTER, null, null));
        total += time("today's KPIs per counter", () -> quality.kpis(site, today, today, Kpis.By.COUNTER, null, null));
        total += time("the month's KPIs per officer", () -> quality.kpis(site, monthStart, today, Kpis.By.OFFICER, null, null));
        total += time("the month's KPIs per service", () -> quality.kpis(site, monthStart, today, Kpis.By.SERVICE, null, null));
        total += time("the month's KPIs per day (chart)", () -> quality.kpis(site, monthStart, today, Kpis.By.DAY, null, null));
        total += time("twelve weeks' KPIs per week (chart)", () -> quality.kpis(site, twelveWeeks, today, Kpis.By.WEEK, null, null));
        total += time("joined measures of today (all counters)", () -> quality.joined(site, today, today));
        total += time("joined measures of the month (all counters, officers)", () -> quality.joined(site, monthStart, today));
        // The month's finished days are stored (JoinedDays); these two show what a change costs the next read.
        long yesterdaysTicket = jdbi.withHandle(h -> h.createQuery(
                "select min(id) from queue_ticket where service_date = :d").bind("d", today.minusDays(1)).mapTo(Long.class).one());
        time("  the month, after a late change to yesterday", () -> jdbi.useHandle(h -> h.execute(
                "update queue_ticket set rating = rating where id = ?", yesterdaysTicket)),
                () -> quality.joined(site, monthStart, today));
        time("  the month, nothing stored (e.g. after a counter edit)",
                () -> jdbi.useHandle(h -> h.execute("delete from quality_day")), () -> quality.joined(site, monthStart, today));
        total += time("live board with the waiting queue", () -> quality.board(site, admin));
        long counterId = jdbi.withHandle(h -> h.createQuery("select min(id) from counter").mapTo(Long.class).one());
        time("drill-down: one counter's tickets of a day", () -> quality.tickets(site, today.minusDays(1), today.minusDays(1),
                counterId, null, 2000, admin));
        System.out.printf("%-52s %9s %9.1f%n", "sum of the dashboard's p95s", "", total);
        pg.close();
    }

    /** Runs a query 3 times to warm up, then 30 times; prints median, p95, max; returns p95 in ms. */
    static double time(String what, Supplier<Object> query) {
        return time(what, () -> { }, query);
    }

    /** Like {@link #time(String, Supplier)}, with an untimed step before each run. */
    static double time(String what, Runnable before, Supplier<Object> query) {
        for (int i = 0; i < 3; i++) {
            before.run();
            query.get();
        }
        double[] ms = new double[30];
        for (int i = 0; i < ms.length; i++) {
            before.run();
            long start = System.nanoTime();
            query.get();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        double p95 = ms[(int) Math.ceil(0.95 * ms.length) - 1];
        System.out.printf("%-52s %9.1f %9.1f %9.1f%n", what, ms[ms.length / 2], p95, ms[ms.length - 1]);
        return p95;
    }
}
