/*
 * Attendance benchmark: a year of punches stored for 1,000 officers (about a million), then the time to
 * compute one month for all of them from nothing, to recompute it whole, and the "today" board of a site.
 *
 *   ./onduty bench attendance [officers] [sites]      (defaults 1000 officers, 10 sites)
 *
 * It starts an embedded PostgreSQL in a temp directory, migrates it, creates the sites and officers, stores
 * four punches per officer and weekday from 2025-11-26 to 2026-11-25 through agent events (set-based SQL,
 * as ingest does), and then, with the clock at 2026-11-25 11:00 in Asia/Ho_Chi_Minh:
 *  - October 2026 for every officer, computed from nothing (ensureFresh: finds the missing days, computes them);
 *  - the same month recomputed whole (every officer-day replaced), three times, the best and the mean;
 *  - the today board of one site (its officers' today made current, then read), cold once, then warm 20 times.
 * Run with: java -cp server/target/onduty-server.jar bench/AttendanceBench.java
 */
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.postgresql.ds.PGSimpleDataSource;
import vn.onduty.server.attendance.AttendanceRecompute;
import vn.onduty.server.attendance.AttendanceService;
import vn.onduty.server.attendance.LeaveSource;
import vn.onduty.server.attendance.StaffDay;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.calendar.LunarCalendar;
import vn.onduty.server.calendar.WorkingCalendar;
import vn.onduty.server.db.EmbeddedPostgresServer;
import vn.onduty.server.db.Migrator;

public class AttendanceBench {

    public static void main(String[] args) throws Exception {
        int officers = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int siteCount = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Path dir = Files.createTempDirectory("onduty-attendance-bench");
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"), 0, "bench");
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(pg.jdbcUrl());
        ds.setUser(pg.user());
        Migrator.migrate(ds);
        // Pooled as the server's connections are: opening a connection per statement would be what is measured.
        org.apache.tomcat.jdbc.pool.PoolProperties pool = new org.apache.tomcat.jdbc.pool.PoolProperties();
        pool.setUrl(pg.jdbcUrl());
        pool.setUsername(pg.user());
        pool.setDriverClassName("org.postgresql.Driver");
        pool.setMaxActive(8);
        Jdbi jdbi = Jdbi.create(new org.apache.tomcat.jdbc.pool.DataSource(pool))
                .installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());

        long t0 = System.nanoTime();
        List<Long> sites = new ArrayList<>();
        for (int i = 0; i < siteCount; i++) {
            int n = i;
            sites.add(jdbi.withHandle(h -> h.createUpdate("insert into site (name) values (:n)")
                    .bind("n", "Điểm phục vụ " + n).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one()));
        }
        long dept = jdbi.withHandle(h -> h.createUpdate("insert into department (code, name) values ('BENCH', 'Sở Bench')")
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        jdbi.useHandle(h -> {
            h.createUpdate("""
                    insert into staff (code, full_name, department_id, home_site_id, service_start_date)
                    select 'CB' || g, 'Cán bộ ' || g, :dept, (cast(:sites as bigint[]))[1 + g % :n], date '2015-01-01'
                      from generate_series(1, :officers) g
                    """).bind("dept", dept).bind("sites", sites.toArray(Long[]::new)).bind("n", siteCount)
                    .bind("officers", officers).execute();
            h.execute("insert into device_agent (site_id, name, token_hash, token_prefix) values (?, 'bench', 'x', 'x')",
                    sites.get(0));
            h.execute("insert into sensor (agent_id, name) select id, 'cua-chinh' from device_agent");
            // Four punches per officer and weekday: in 07:10-07:40 (some late), out 11:31-11:43, in 13:12-13:29, out 17:00-17:20.
            h.execute("""
                    create temporary table gen as
                    select row_number() over () as seq, st.id as staff_id,
                           (cast(d as date) + time '00:00' + case k when 1 then interval '7 hours 10 minutes'
                                 when 2 then interval '11 hours 31 minutes' when 3 then interval '13 hours 12 minutes'
                                 else interval '17 hours' end
                             + (random() * interval '30 minutes')) at time zone 'Asia/Ho_Chi_Minh' as at
                      from staff st
                      cross join generate_series(date '2025-11-26', date '2026-11-25', interval '1 day') d
                      cross join generate_series(1, 4) k
                     where extract(isodow from d) < 6
                    """);
            h.execute("""
                    insert into agent_event (agent_id, stream, seq, type, at, payload)
                    select (select id from device_agent), 'bench', seq, 'punch', at, '{}' from gen
                    """);
            h.execute("""
                    insert into punch (agent_id, stream, seq, sensor_id, slot, score, at, staff_id)
                    select (select id from device_agent), 'bench', seq, (select id from sensor), 0, 80, at, staff_id from gen
                    """);
            h.execute("analyze");
        });
        long punches = jdbi.withHandle(h -> h.createQuery("select count(*) from punch").mapTo(Long.class).one());
        System.out.printf("officers %d, sites %d, punches stored %,d (%.0f s to generate)%n", officers, siteCount, punches,
                (System.nanoTime() - t0) / 1e9);

        Clock clock = Clock.fixed(Instant.parse("2026-11-25T04:00:00Z"), ZoneId.of("UTC"));
        WorkingCalendar calendar = new WorkingCalendar(jdbi, LunarCalendar.VIETNAM, clock);
        AttendanceRecompute recompute = new AttendanceRecompute(jdbi, calendar, LeaveSource.NONE, clock);
        AttendanceService attendance = new AttendanceService(jdbi, recompute, calendar, new AccessPolicy(), clock);
        List<Long> staff = jdbi.withHandle(h -> h.createQuery("select id from staff order by id").mapTo(Long.class).list());
        LocalDate from = LocalDate.of(2026, 10, 1);
        LocalDate to = LocalDate.of(2026, 10, 31);

        long start = System.nanoTime();
        int computed = recompute.ensureFresh(staff, from, to);
        double fromNothing = (System.nanoTime() - start) / 1e6;
        System.out.printf("October 2026 from nothing: %,d officer-days in %.0f ms%n", computed, fromNothing);

        List<StaffDay> month = new ArrayList<>();
        for (long id : staff) {
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                month.add(new StaffDay(id, d));
            }
        }
        double best = Double.MAX_VALUE;
        double sum = 0;
        for (int i = 0; i < 3; i++) {
            start = System.nanoTime();
            recompute.recompute(month);
            double ms = (System.nanoTime() - start) / 1e6;
            best = Math.min(best, ms);
            sum += ms;
        }
        long sessions = jdbi.withHandle(h -> h.createQuery(
                "select count(*) from attendance_session where work_date between '2026-10-01' and '2026-10-31'").mapTo(Long.class).one());
        System.out.printf("October 2026 recomputed whole: %,d officer-days, %,d session rows: best %.0f ms, mean %.0f ms%n",
                month.size(), sessions, best, sum / 3);

        Caller admin = Caller.system("bench");
        start = System.nanoTime();
        AttendanceService.Board board = attendance.today(sites.get(0), admin);
        double cold = (System.nanoTime() - start) / 1e6;
        double warmSum = 0;
        double warmMax = 0;
        for (int i = 0; i < 20; i++) {
            start = System.nanoTime();
            attendance.today(sites.get(0), admin);
            double ms = (System.nanoTime() - start) / 1e6;
            warmSum += ms;
            warmMax = Math.max(warmMax, ms);
        }
        System.out.printf("today board of one site (%d officers): cold %.0f ms (computes their today), warm mean %.1f ms, max %.1f ms%n",
                board.officers().size(), cold, warmSum / 20, warmMax);
        pg.close();
    }
}
