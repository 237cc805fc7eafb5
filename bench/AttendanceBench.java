/*
 * Attendance benchmark (issue 4): a year of punches stored for 1,000 officers (about a million), then one month
 * computed and exported as the timesheet, and the "today" board of a site.
 *
 *   ./onduty bench attendance [officers] [sites] [groups=N] [explain | national]
 *                                                     (defaults 1000 officers, 10 sites, 2 parallel groups)
 *
 * groups=N is attendance.parallelGroups, the recompute's connections at once. "explain" prints where PostgreSQL
 * spends a recompute's time instead of the figures (class Explain). "national" (20000 200 national) stores
 * punches for the month only and times the month's compute and the export of every site's sheet at that size.
 *
 * It starts an embedded PostgreSQL in a temp directory, migrates it, creates the sites and officers, stores
 * four punches per officer and weekday from 2025-11-26 to 2026-11-25 through agent events (set-based SQL,
 * as ingest does), and then, with the clock at 2026-11-25 11:00 in Asia/Ho_Chi_Minh, times with the server's
 * own classes (AttendanceRecompute, TimesheetService, TimesheetXlsx, AttendanceService) on a pooled JDBI:
 *  - compute: October 2026 for every officer from nothing, first in this JVM (into an empty table); then the
 *    rest of the year is computed too (untimed), as a server that has run all year holds it, and October is
 *    timed again from nothing with the JVM warm, recomputed whole with nothing changed, and recomputed whole
 *    with every stored row different;
 *  - export: each site's October timesheet (TimesheetService.sheet, which first brings the site's attendance
 *    up to date, then TimesheetXlsx.write to memory), with the month already current, and from nothing
 *    (the sheet computes the month itself): compute + export is the "< 2 s" figure;
 *  - the today board of one site, cold once, then warm 20 times.
 * Each figure is wall-clock time, with the CPU time it took beside it (this JVM, its JIT compiler threads
 * apart, and the PostgreSQL processes), because the build machine is shared: under load the wall clock
 * says how long we waited, the CPU time how much work it was.
 * Run with: java -cp server/target/onduty-server.jar bench/AttendanceBench.java
 */
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.postgresql.ds.PGSimpleDataSource;
import vn.onduty.server.attendance.AttendanceRecompute;
import vn.onduty.server.attendance.AttendanceService;
import vn.onduty.server.attendance.LeaveSource;
import vn.onduty.server.attendance.StaffDay;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.ScopeDao;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.calendar.LunarCalendar;
import vn.onduty.server.calendar.WorkingCalendar;
import vn.onduty.server.db.EmbeddedPostgresServer;
import vn.onduty.server.db.Migrator;
import vn.onduty.server.timesheet.Timesheet;
import vn.onduty.server.timesheet.TimesheetService;
import vn.onduty.server.timesheet.TimesheetXlsx;

public class AttendanceBench {

    static final YearMonth MONTH = YearMonth.of(2026, 10);

    public static void main(String[] args) throws Exception {
        int officers = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int siteCount = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        List<String> options = args.length > 2 ? List.of(args).subList(2, args.length) : List.of();
        boolean explain = options.contains("explain");
        boolean national = options.contains("national");
        int groups = options.stream().filter(o -> o.startsWith("groups=")).map(o -> Integer.parseInt(o.substring(7)))
                .findFirst().orElse(2);
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        System.out.println("load average at start: " + Cpu.loadAverage());
        Path dir = Files.createTempDirectory("onduty-attendance-bench");
        EmbeddedPostgresServer pg = startPostgres(dir, explain);
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(pg.jdbcUrl());
        ds.setUser(pg.user());
        ds.setPassword(pg.password());
        Migrator.migrate(ds);
        Jdbi jdbi = pooled(pg);

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
            // Four punches per officer and weekday against the default sessions (07:30-11:30, 13:30-17:30, five
            // minutes' grace): in 07:10-07:40 and 13:12-13:42 (a sixth of the mornings and a quarter of the
            // afternoons late), out 11:31-12:01 and 17:31-18:01 (none early).
            h.createUpdate("""
                    create temporary table gen as
                    select row_number() over () as seq, st.id as staff_id,
                           (cast(d as date) + time '00:00' + case k when 1 then interval '7 hours 10 minutes'
                                 when 2 then interval '11 hours 31 minutes' when 3 then interval '13 hours 12 minutes'
                                 else interval '17 hours 31 minutes' end
                             + (random() * interval '30 minutes')) at time zone 'Asia/Ho_Chi_Minh' as at
                      from staff st
                      cross join generate_series(cast(:genFrom as date), cast(:genTo as date), interval '1 day') d
                      cross join generate_series(1, 4) k
                     where extract(isodow from d) < 6
                    """)
                    .bind("genFrom", national ? MONTH.atDay(1) : LocalDate.parse("2025-11-26"))
                    .bind("genTo", national ? MONTH.atEndOfMonth() : LocalDate.parse("2026-11-25")).execute();
            h.execute("""
                    insert into agent_event (agent_id, stream, seq, type, at, payload)
                    select (select id from device_agent), 'bench', seq, 'punch', at, '{}' from gen
                    """);
            h.execute("""
                    insert into punch (agent_id, stream, seq, sensor_id, slot, score, at, staff_id)
                    select (select id from device_agent), 'bench', seq, (select id from sensor), 0, 80, at, staff_id from gen
                    """);
            h.execute("vacuum analyze");
        });
        long punches = jdbi.withHandle(h -> h.createQuery("select count(*) from punch").mapTo(Long.class).one());
        System.out.printf("officers %,d, sites %d, punches stored %,d (%.0f s to generate)%n", officers, siteCount, punches,
                (System.nanoTime() - t0) / 1e9);

        Clock clock = Clock.fixed(Instant.parse("2026-11-25T04:00:00Z"), ZoneId.of("UTC"));
        WorkingCalendar calendar = new WorkingCalendar(jdbi, LunarCalendar.VIETNAM, clock);
        AttendanceRecompute recompute = new AttendanceRecompute(jdbi, calendar, LeaveSource.NONE, clock, groups);
        System.out.printf("parallel groups (attendance.parallelGroups): %d%n", groups);
        AccessPolicy policy = new AccessPolicy(jdbi.onDemand(ScopeDao.class));
        ObjectMapper json = Jackson.newObjectMapper();
        AttendanceService attendance = new AttendanceService(jdbi, recompute, calendar, policy,
                new AuditLog(jdbi, json, clock), clock);
        long[] freshNanos = new long[1];
        // As OnDutyApplication wires it, with the time spent bringing attendance up to date counted apart.
        TimesheetService timesheets = new TimesheetService(jdbi, new AuditLog(jdbi, json, clock), policy, calendar,
                (siteId, from, to) -> {
                    long s = System.nanoTime();
                    int computed = attendance.ensureFreshForSite(siteId, from, to);
                    freshNanos[0] += System.nanoTime() - s;
                    return computed;
                }, json, clock);
        TimesheetXlsx xlsx = new TimesheetXlsx();
        Caller admin = Caller.system("bench");
        Cpu cpu = new Cpu(jdbi);

        List<Long> staff = jdbi.withHandle(h -> h.createQuery("select id from staff order by id").mapTo(Long.class).list());
        LocalDate from = MONTH.atDay(1);
        LocalDate to = MONTH.atEndOfMonth();
        List<StaffDay> month = new ArrayList<>();
        for (long id : staff) {
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                month.add(new StaffDay(id, d));
            }
        }
        Supplier<Long> rowsOfMonth = () -> jdbi.withHandle(h -> h.createQuery(
                "select count(*) from attendance_session where work_date between :from and :to")
                .bind("from", from).bind("to", to).mapTo(Long.class).one());
        // Outside the timings: forget the month, as if never computed, and let PostgreSQL reclaim the rows.
        Runnable forgetMonth = () -> jdbi.useHandle(h -> {
            h.createUpdate("delete from attendance_session where work_date between :from and :to")
                    .bind("from", from).bind("to", to).execute();
            h.execute("vacuum analyze attendance_session");
        });

        System.out.printf("%nCompute %s for %,d officers (%,d officer-days), AttendanceRecompute:%n", MONTH, staff.size(),
                month.size());
        cpu.start();
        int computed = recompute.ensureFresh(staff, from, to);
        Cpu.Measure first = cpu.stop();
        System.out.printf("  from nothing, first in this JVM:      %s  (%,d officer-days, %,d rows written)%n", first,
                computed, rowsOfMonth.get());
        System.out.println("  sessions of the month by status: " + jdbi.withHandle(h -> h.createQuery("""
                select string_agg(status || ' ' || n || case when early > 0 then ' (' || early || ' leaving early)' else '' end,
                                  ', ' order by n desc)
                  from (select status, count(*) as n, count(*) filter (where early_leave_minutes > 0) as early
                          from attendance_session where work_date between :from and :to group by status) s
                """).bind("from", from).bind("to", to).mapTo(String.class).one()));

        // A server that has run for the year holds the year's attendance, which the planner sees: compute the
        // other months too (not a figure), so that the month is measured against a table of realistic size.
        if (national) {
            national(recompute, timesheets, xlsx, sites, admin, cpu, freshNanos, staff, month, from, to, forgetMonth, jdbi);
            System.out.println("load average at end: " + Cpu.loadAverage());
            pg.close();
            return;
        }

        long yearStart = System.nanoTime();
        int rest = 0;
        for (YearMonth m = YearMonth.of(2025, 11); !m.isAfter(YearMonth.of(2026, 11)); m = m.plusMonths(1)) {
            if (!m.equals(MONTH)) {
                rest += recompute.ensureFresh(staff, m.atDay(1), m.atEndOfMonth());
            }
        }
        jdbi.useHandle(h -> h.execute("vacuum analyze attendance_session"));
        long yearRows = jdbi.withHandle(h -> h.createQuery("select count(*) from attendance_session").mapTo(Long.class).one());
        System.out.printf("  (the rest of the year computed as well: %,d officer-days in %.0f s; %,d rows stored in all)%n", rest,
                (System.nanoTime() - yearStart) / 1e9, yearRows);

        if (explain) {
            new Explain(pg, dir, staff, month, from, to, forgetMonth, jdbi, clock, groups).run();
            pg.close();
            return;
        }

        Series unchanged = new Series();
        for (int i = 0; i < 3; i++) {
            cpu.start();
            recompute.recompute(month);
            unchanged.add(cpu.stop());
        }
        System.out.printf("  recomputed whole, nothing changed:    %s  (every row compared, none written)%n", unchanged);

        Series fromNothing = new Series();
        for (int i = 0; i < 3; i++) {
            forgetMonth.run();
            cpu.start();
            recompute.ensureFresh(staff, from, to);
            fromNothing.add(cpu.stop());
        }
        System.out.printf("  from nothing, JVM warm:               %s  (%,d rows written)%n", fromNothing, rowsOfMonth.get());
        // The same on one connection, to weigh attendance.parallelGroups.
        AttendanceRecompute oneGroup = new AttendanceRecompute(jdbi, calendar, LeaveSource.NONE, clock, 1);
        Series fromNothingOne = new Series();
        for (int i = 0; i < 3; i++) {
            forgetMonth.run();
            cpu.start();
            oneGroup.ensureFresh(staff, from, to);
            fromNothingOne.add(cpu.stop());
        }
        System.out.printf("  from nothing, JVM warm, 1 group:      %s%n", fromNothingOne);

        Series everyRow = new Series();
        for (int i = 0; i < 2; i++) {
            jdbi.useHandle(h -> {
                h.createUpdate("update attendance_session set late_minutes = late_minutes + 1 where work_date between :from and :to")
                        .bind("from", from).bind("to", to).execute();
                h.execute("vacuum analyze attendance_session");
            });
            cpu.start();
            recompute.recompute(month);
            everyRow.add(cpu.stop());
        }
        System.out.printf("  recomputed whole, every row changed:  %s  (every row deleted and inserted)%n", everyRow);

        System.out.printf("%nExport %s: the timesheet of each of the %d sites, TimesheetService.sheet + TimesheetXlsx.write:%n",
                MONTH, sites.size());
        Export current = null;
        for (int i = 0; i < 5; i++) {
            Export e = export(timesheets, xlsx, sites, admin, cpu, freshNanos);
            current = current == null || e.total.wallMs() < current.total.wallMs() ? e : current;
            System.out.printf("  month already current, run %d:        %s%n", i + 1, e);
        }
        Export endToEnd = null;
        for (int i = 0; i < 3; i++) {
            forgetMonth.run();
            Export e = export(timesheets, xlsx, sites, admin, cpu, freshNanos);
            endToEnd = endToEnd == null || e.total.wallMs() < endToEnd.total.wallMs() ? e : endToEnd;
            System.out.printf("  from nothing (sheet computes), run %d: %s%n", i + 1, e);
        }
        System.out.printf("%nCompute and export one month, from nothing, best run: %.0f ms wall, %.2f s CPU (%s); target < 2 s: %s%n",
                endToEnd.total.wallMs(), endToEnd.total.cpuSeconds(), endToEnd.total,
                endToEnd.total.wallMs() < 2000 ? "met" : "NOT met");
        System.out.printf("Export with the month already current, best run: %.0f ms wall, %.2f s CPU; target < 2 s: %s%n",
                current.total.wallMs(), current.total.cpuSeconds(), current.total.wallMs() < 2000 ? "met" : "NOT met");

        cpu.start();
        AttendanceService.Board board = attendance.today(sites.get(0), admin);
        Cpu.Measure cold = cpu.stop();
        Series warm = new Series();
        for (int i = 0; i < 20; i++) {
            cpu.start();
            attendance.today(sites.get(0), admin);
            warm.add(cpu.stop());
        }
        System.out.printf("%nToday board of one site (%d officers): cold %.0f ms (computes their today), warm mean %.1f ms, max %.1f ms; target < 200 ms: %s%n",
                board.officers().size(), cold.wallMs(), warm.meanMs(), warm.maxMs(),
                cold.wallMs() < 200 && warm.maxMs() < 200 ? "met" : warm.maxMs() < 200 ? "met warm, not cold" : "NOT met");
        System.out.println("load average at end: " + Cpu.loadAverage());
        pg.close();
    }

    /**
     * The national figure: the month for every officer (20,000 over 200 sites), from nothing twice, recomputed with
     * every row changed and with nothing changed, then every site's sheet exported from nothing. Only the month's
     * punches are stored and only the month's rows: the year a server would hold is left out at this size (it
     * would take hours to generate on 2 cores); the reads go through indexes, whose depth grows with the log of it.
     */
    static void national(AttendanceRecompute recompute, TimesheetService timesheets, TimesheetXlsx xlsx, List<Long> sites,
                         Caller admin, Cpu cpu, long[] freshNanos, List<Long> staff, List<StaffDay> month, LocalDate from,
                         LocalDate to, Runnable forgetMonth, Jdbi jdbi) throws Exception {
        Supplier<Long> rows = () -> jdbi.withHandle(h -> h.createQuery(
                "select count(*) from attendance_session where work_date between :from and :to")
                .bind("from", from).bind("to", to).mapTo(Long.class).one());
        Series fromNothing = new Series();
        for (int i = 0; i < 2; i++) {
            forgetMonth.run();
            cpu.start();
            recompute.ensureFresh(staff, from, to);
            fromNothing.add(cpu.stop());
        }
        System.out.printf("  national month from nothing, JVM warm: %s  (%,d rows written)%n", fromNothing, rows.get());
        jdbi.useHandle(h -> {
            h.createUpdate("update attendance_session set late_minutes = late_minutes + 1 where work_date between :from and :to")
                    .bind("from", from).bind("to", to).execute();
            h.execute("vacuum analyze attendance_session");
        });
        cpu.start();
        recompute.recompute(month);
        System.out.printf("  recomputed whole, every row changed:   %s%n", cpu.stop());
        cpu.start();
        recompute.recompute(month);
        System.out.printf("  recomputed whole, nothing changed:     %s%n", cpu.stop());
        forgetMonth.run();
        Export e = export(timesheets, xlsx, sites, admin, cpu, freshNanos);
        System.out.printf("%nCompute and export the national month from nothing (%d sites' sheets): %s%n", sites.size(), e);
        Export current = export(timesheets, xlsx, sites, admin, cpu, freshNanos);
        System.out.printf("Export of the national month already current:                      %s%n", current);
    }

    /** PostgreSQL in {@code dir}; to explain, with its log in a file (its library closes the log pipe once it has started). */
    static EmbeddedPostgresServer startPostgres(Path dir, boolean explain) throws java.sql.SQLException {
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"), 0, "bench");
        if (!explain) {
            return pg;
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             java.sql.Statement st = c.createStatement()) {
            st.execute("alter system set logging_collector = on");
            st.execute("alter system set log_directory = '" + dir.resolve("log").toAbsolutePath() + "'");
            st.execute("alter system set log_filename = 'postgresql.log'");
        }
        pg.close();
        return EmbeddedPostgresServer.start(dir.resolve("pg"), 0, "bench");
    }

    /** Pooled as the server's connections are: opening a connection per statement would be what is measured. */
    static Jdbi pooled(EmbeddedPostgresServer pg) {
        org.apache.tomcat.jdbc.pool.PoolProperties pool = new org.apache.tomcat.jdbc.pool.PoolProperties();
        pool.setUrl(pg.jdbcUrl());
        pool.setUsername(pg.user());
        pool.setPassword(pg.password());
        pool.setDriverClassName("org.postgresql.Driver");
        pool.setMaxActive(8);
        pool.setInitialSize(8);
        pool.setMinIdle(8);
        pool.setMaxIdle(8);
        return Jdbi.create(new org.apache.tomcat.jdbc.pool.DataSource(pool))
                .installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
    }

    /**
     * Where PostgreSQL spends a recompute's time ({@code ./onduty bench attendance 1000 10 explain}): the duration of
     * every statement (log_min_duration_statement = 0; parse and bind apart from execute, since bind is where array
     * parameters are parsed) and the plans of the slow ones with their buffers and the time of each trigger, foreign
     * keys included (auto_explain with analyze, buffers and triggers), read from the server's log. For the month
     * from nothing, with every row changed and with nothing changed; then again without the foreign keys of
     * attendance_session, then also without its (site_id, work_date) index: what each costs. Timing every plan
     * node slows the statements down, so compare these figures with each other, not with the bench's.
     */
    static final class Explain {
        private final EmbeddedPostgresServer pg;
        private final Path dir;
        private final List<Long> staff;
        private final List<StaffDay> month;
        private final LocalDate from;
        private final LocalDate to;
        private final Runnable forgetMonth;
        private final Jdbi plain;
        private final Clock clock;
        private final int groups;

        Explain(EmbeddedPostgresServer pg, Path dir, List<Long> staff, List<StaffDay> month, LocalDate from, LocalDate to,
                Runnable forgetMonth, Jdbi plain, Clock clock, int groups) {
            this.pg = pg;
            this.dir = dir;
            this.staff = staff;
            this.month = month;
            this.from = from;
            this.to = to;
            this.forgetMonth = forgetMonth;
            this.plain = plain;
            this.clock = clock;
            this.groups = groups;
        }

        void run() throws Exception {
            plain.useHandle(h -> {
                h.execute("alter database bench set session_preload_libraries = 'auto_explain'");
                h.execute("alter database bench set log_min_duration_statement = 0");
                h.execute("alter database bench set auto_explain.log_min_duration = '20ms'");
                h.execute("alter database bench set auto_explain.log_analyze = on");
                h.execute("alter database bench set auto_explain.log_buffers = on");
                h.execute("alter database bench set auto_explain.log_triggers = on");
                h.execute("alter database bench set auto_explain.log_parameter_max_length = 0");
                h.execute("alter database bench set log_parameter_max_length = 0");
            });
            PgLog log = new PgLog(dir.resolve("log").resolve("postgresql.log"));
            // New connections, which take the settings above; the bench's own ones (plain) are not logged.
            Jdbi logged = pooled(pg);
            AttendanceRecompute recompute = new AttendanceRecompute(logged,
                    new WorkingCalendar(logged, LunarCalendar.VIETNAM, clock), LeaveSource.NONE, clock, groups);
            Cpu cpu = new Cpu(plain);
            // Once untimed, so that every connection has read the calendars and prepared its statements.
            forgetMonth.run();
            recompute.ensureFresh(staff, from, to);

            // The foreign keys as they were before migration 0200 dropped them, to weigh them.
            plain.useHandle(h -> h.execute("""
                    alter table attendance_session
                        add constraint attendance_session_staff_fk foreign key (staff_id) references staff (id),
                        add constraint attendance_session_site_fk foreign key (site_id) references site (id),
                        add constraint attendance_session_correction_fk foreign key (correction_id)
                            references attendance_correction (id)
                    """));
            scenarios("with the three foreign keys of attendance_session (as before migration 0200)", recompute, cpu, log, true);
            System.out.printf("%nOther ways to write the month's rows, in groups of 250 officers (with the foreign keys):%n");
            writePaths(cpu);
            plain.useHandle(h -> h.execute("""
                    alter table attendance_session drop constraint if exists attendance_session_staff_fk,
                                                   drop constraint if exists attendance_session_site_fk,
                                                   drop constraint if exists attendance_session_correction_fk
                    """));
            scenarios("without the three foreign keys of attendance_session (as migrated)", recompute, cpu, log, true);
            System.out.printf("%nOther ways to write the month's rows, without the foreign keys:%n");
            writePaths(cpu);
            plain.useHandle(h -> h.execute("drop index if exists attendance_session_site_date_idx"));
            scenarios("without the foreign keys and the (site_id, work_date) index", recompute, cpu, log, false);
        }

        /**
         * The month's rows written again by other means than the recompute's, to choose the fastest: the rows as
         * PostgreSQL itself sends them in the binary COPY format (COPY TO), per group of 250 officers as the recompute
         * writes them, one transaction each, timed over the four groups.
         */
        private void writePaths(Cpu cpu) throws Exception {
            String columns = """
                    staff_id, work_date, part, site_id, status, starts_at, ends_at, in_at, out_at, late_minutes,
                    early_leave_minutes, missing, leave_code, correction_id, computed_at""";
            List<long[]> groups = new ArrayList<>();
            for (int i = 0; i < staff.size(); i += 250) {
                groups.add(new long[] {staff.get(i), staff.get(Math.min(i + 250, staff.size()) - 1)});
            }
            String range = " staff_id between %d and %d and work_date between '" + from + "' and '" + to + "'";
            List<byte[]> rows = new ArrayList<>();
            plain.useHandle(h -> {
                for (long[] g : groups) {
                    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                    copy(h).copyOut("copy (select " + columns + " from attendance_session where" + range.formatted(g[0], g[1])
                            + " order by staff_id, work_date, part) to stdout (format binary)", out);
                    rows.add(out.toByteArray());
                }
            });
            Runnable everyRowChanged = () -> plain.useHandle(h -> {
                h.execute("update attendance_session set late_minutes = late_minutes + 1 where work_date between ? and ?", from, to);
                h.execute("vacuum analyze attendance_session");
            });
            String stage = "create temporary table stage (like attendance_session including defaults) on commit drop";

            forgetMonth.run();
            writeGroups("from nothing: COPY binary into attendance_session", groups, cpu, (h, i, g) ->
                    copyIn(h, "copy attendance_session (" + columns + ") from stdin (format binary)", rows.get(i)));
            forgetMonth.run();
            writeGroups("from nothing: COPY binary into a temporary table, insert ... select", groups, cpu, (h, i, g) -> {
                h.execute(stage);
                copyIn(h, "copy stage (" + columns + ") from stdin (format binary)", rows.get(i));
                h.execute("insert into attendance_session select * from stage");
            });
            everyRowChanged.run();
            writeGroups("every row changed: COPY binary into a temporary table, insert ... on conflict do update", groups, cpu,
                    (h, i, g) -> {
                h.execute(stage);
                copyIn(h, "copy stage (" + columns + ") from stdin (format binary)", rows.get(i));
                h.execute("""
                        insert into attendance_session select * from stage
                        on conflict (staff_id, work_date, part) do update
                           set site_id = excluded.site_id, status = excluded.status, starts_at = excluded.starts_at,
                               ends_at = excluded.ends_at, in_at = excluded.in_at, out_at = excluded.out_at,
                               late_minutes = excluded.late_minutes, early_leave_minutes = excluded.early_leave_minutes,
                               missing = excluded.missing, leave_code = excluded.leave_code,
                               correction_id = excluded.correction_id, computed_at = excluded.computed_at
                        """);
            });
            everyRowChanged.run();
            writeGroups("every row changed: delete the keys (unnest, the group's range named), COPY binary into attendance_session",
                    groups, cpu, (h, i, g) -> {
                var keys = h.createQuery("select cast(array_agg(staff_id) as text) as s, cast(array_agg(work_date) as text) as d, cast(array_agg(part) as text) as p"
                        + " from attendance_session where" + range.formatted(g[0], g[1])).mapToMap().one();
                h.createUpdate("""
                        delete from attendance_session a
                         using unnest(cast(:staff as bigint[]), cast(:dates as date[]), cast(:parts as text[])) as x(staff_id, work_date, part)
                         where a.staff_id = x.staff_id and a.work_date = x.work_date and a.part = x.part
                           and a.staff_id between :low and :high and a.work_date between :from and :to
                        """).bind("staff", keys.get("s")).bind("dates", keys.get("d")).bind("parts", keys.get("p"))
                        .bind("low", g[0]).bind("high", g[1]).bind("from", from).bind("to", to).execute();
                copyIn(h, "copy attendance_session (" + columns + ") from stdin (format binary)", rows.get(i));
            });
            everyRowChanged.run();
            writeGroups("every row changed: delete the keys (unnest, no range), COPY binary into attendance_session",
                    groups, cpu, (h, i, g) -> {
                var keys = h.createQuery("select cast(array_agg(staff_id) as text) as s, cast(array_agg(work_date) as text) as d, cast(array_agg(part) as text) as p"
                        + " from attendance_session where" + range.formatted(g[0], g[1])).mapToMap().one();
                h.createUpdate("""
                        delete from attendance_session a
                         using unnest(cast(:staff as bigint[]), cast(:dates as date[]), cast(:parts as text[])) as x(staff_id, work_date, part)
                         where a.staff_id = x.staff_id and a.work_date = x.work_date and a.part = x.part
                        """).bind("staff", keys.get("s")).bind("dates", keys.get("d")).bind("parts", keys.get("p")).execute();
                copyIn(h, "copy attendance_session (" + columns + ") from stdin (format binary)", rows.get(i));
            });
        }

        interface GroupWrite {
            void write(org.jdbi.v3.core.Handle h, int index, long[] group) throws Exception;
        }

        private void writeGroups(String title, List<long[]> groups, Cpu cpu, GroupWrite write) {
            cpu.start();
            for (int i = 0; i < groups.size(); i++) {
                int index = i;
                plain.useTransaction(h -> {
                    try {
                        write.write(h, index, groups.get(index));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            System.out.printf("   %-110s %s%n", title, cpu.stop());
        }

        private static org.postgresql.copy.CopyManager copy(org.jdbi.v3.core.Handle h) throws java.sql.SQLException {
            return h.getConnection().unwrap(org.postgresql.PGConnection.class).getCopyAPI();
        }

        private static void copyIn(org.jdbi.v3.core.Handle h, String sql, byte[] rows) throws Exception {
            copy(h).copyIn(sql, new java.io.ByteArrayInputStream(rows));
        }

        private void scenarios(String title, AttendanceRecompute recompute, Cpu cpu, PgLog log, boolean all) {
            System.out.printf("%n==== %s ====%n", title);
            forgetMonth.run();
            profile("the month from nothing (ensureFresh)", () -> recompute.ensureFresh(staff, from, to), cpu, log);
            plain.useHandle(h -> {
                h.createUpdate("update attendance_session set late_minutes = late_minutes + 1 where work_date between :from and :to")
                        .bind("from", from).bind("to", to).execute();
                h.execute("vacuum analyze attendance_session");
            });
            profile("the month recomputed, every row changed (recompute)", () -> recompute.recompute(month), cpu, log);
            if (all) {
                profile("the month recomputed, nothing changed (recompute)", () -> recompute.recompute(month), cpu, log);
            }
        }

        private void profile(String title, Runnable work, Cpu cpu, PgLog log) {
            log.skip();
            cpu.start();
            work.run();
            Cpu.Measure m = cpu.stop();
            try {
                Thread.sleep(500); // the logging collector catches up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<PgLog.Entry> entries = log.entries();
            System.out.printf("%n-- %s: %s%n", title, m);
            java.util.Map<String, double[]> byStatement = new java.util.LinkedHashMap<>();
            java.util.Map<String, PgLog.Entry> slowestPlan = new java.util.LinkedHashMap<>();
            for (PgLog.Entry e : entries) {
                if (e.phase().equals("plan")) {
                    slowestPlan.merge(e.label(), e, (a, b) -> a.ms() >= b.ms() ? a : b);
                    continue;
                }
                double[] t = byStatement.computeIfAbsent(e.label(), k -> new double[3]);
                if (e.phase().equals("parse") || e.phase().equals("bind")) {
                    t[0] += e.ms();
                } else {
                    t[1] += e.ms();
                    t[2]++;
                }
            }
            double total = byStatement.values().stream().mapToDouble(t -> t[0] + t[1]).sum();
            System.out.printf("   %10s %10s %6s  statement (%.0f ms in all statements)%n", "parse+bind", "execute", "calls", total);
            byStatement.entrySet().stream()
                    .sorted((a, b) -> Double.compare(b.getValue()[0] + b.getValue()[1], a.getValue()[0] + a.getValue()[1]))
                    .limit(14)
                    .forEach(e -> System.out.printf("   %7.1f ms %7.1f ms %6.0f  %s%n", e.getValue()[0], e.getValue()[1],
                            e.getValue()[2], e.getKey()));
            slowestPlan.values().stream().sorted((a, b) -> Double.compare(b.ms(), a.ms())).limit(3).forEach(e -> {
                System.out.printf("   plan of the slowest %s (%.1f ms):%n", e.label(), e.ms());
                e.text().lines().filter(l -> !l.isBlank() && !l.contains("Query Text:")).forEach(l -> System.out.println("      " + l.strip()));
            });
        }
    }

    /** The embedded PostgreSQL's log file (logging_collector), read from where the last reading stopped. */
    static final class PgLog {
        private static final java.util.regex.Pattern START = java.util.regex.Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:.*");
        private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile(
                "LOG:  duration: ([0-9.]+) ms  (plan|parse|bind|execute|statement)[^:]*:(.*)");

        /** One statement's duration (parse, bind, execute, statement) or plan, with its text. */
        record Entry(double ms, String phase, String text) {
            String label() {
                String sql = phase.equals("plan") ? text.replaceFirst("(?s).*?Query Text:", "") : text;
                sql = sql.replaceAll("\\s+", " ").strip();
                return sql.length() > 80 ? sql.substring(0, 80) : sql;
            }
        }

        private final Path file;
        private long offset;

        PgLog(Path file) {
            this.file = file;
        }

        /** Forgets what was logged so far. */
        void skip() {
            try {
                offset = Files.size(file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** What was logged since the last call, as statements: a line with the time starts one, the lines after it carry on its text. */
        List<Entry> entries() {
            List<String> lines;
            try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "r")) {
                byte[] bytes = new byte[(int) (f.length() - offset)];
                f.seek(offset);
                f.readFully(bytes);
                offset += bytes.length;
                lines = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            List<Entry> entries = new ArrayList<>();
            double ms = 0;
            String phase = null;
            StringBuilder text = null;
            for (String line : lines) {
                if (START.matcher(line).matches()) {
                    if (text != null) {
                        entries.add(new Entry(ms, phase, text.toString()));
                        text = null;
                    }
                    java.util.regex.Matcher m = DURATION.matcher(line);
                    if (m.find()) {
                        ms = Double.parseDouble(m.group(1));
                        phase = m.group(2);
                        text = new StringBuilder(m.group(3)).append('\n');
                    }
                } else if (text != null) {
                    text.append(line).append('\n');
                }
            }
            if (text != null) {
                entries.add(new Entry(ms, phase, text.toString()));
            }
            return entries;
        }
    }

    /** One export of every site's sheet: the parts, and the whole. */
    record Export(double freshMs, double sheetMs, double xlsxMs, long bytes, int rows, Cpu.Measure total) {
        @Override
        public String toString() {
            return String.format("attendance made current %.0f ms + sheets built %.0f ms + XLSX written %.0f ms = %s (%,d rows, %,d bytes)",
                    freshMs, sheetMs, xlsxMs, total, rows, bytes);
        }
    }

    static Export export(TimesheetService timesheets, TimesheetXlsx xlsx, List<Long> sites, Caller admin, Cpu cpu,
                         long[] freshNanos) throws Exception {
        freshNanos[0] = 0;
        long sheetNanos = 0;
        long xlsxNanos = 0;
        long bytes = 0;
        int rows = 0;
        cpu.start();
        for (long site : sites) {
            long s = System.nanoTime();
            Timesheet sheet = timesheets.sheet(MONTH, site, null, admin);
            long built = System.nanoTime();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            xlsx.write(sheet, out);
            long written = System.nanoTime();
            sheetNanos += built - s;
            xlsxNanos += written - built;
            bytes += out.size();
            rows += sheet.rows().size();
        }
        Cpu.Measure total = cpu.stop();
        return new Export(freshNanos[0] / 1e6, (sheetNanos - freshNanos[0]) / 1e6, xlsxNanos / 1e6, bytes, rows, total);
    }

    /** Repeated measures: best and mean wall time. */
    static final class Series {
        final List<Cpu.Measure> all = new ArrayList<>();

        void add(Cpu.Measure m) {
            all.add(m);
        }

        double meanMs() {
            return all.stream().mapToDouble(Cpu.Measure::wallMs).average().orElse(0);
        }

        double maxMs() {
            return all.stream().mapToDouble(Cpu.Measure::wallMs).max().orElse(0);
        }

        @Override
        public String toString() {
            Cpu.Measure best = all.stream().min(java.util.Comparator.comparingDouble(Cpu.Measure::wallMs)).orElseThrow();
            return String.format("best %s, mean %.0f ms of %d", best, meanMs(), all.size());
        }
    }

    /**
     * Wall-clock time with the CPU time spent meanwhile: this JVM's (its JIT compiler threads apart) and the
     * PostgreSQL server's (the postmaster and its backends, read from /proc; Linux only, else not shown).
     */
    static final class Cpu {
        record Measure(double wallMs, double javaSeconds, double jitSeconds, double postgresSeconds) {
            double cpuSeconds() {
                return javaSeconds + jitSeconds + Math.max(postgresSeconds, 0);
            }

            @Override
            public String toString() {
                return String.format("%,.0f ms [cpu: java %.2f s, JIT %.2f s, postgres %s]", wallMs, javaSeconds, jitSeconds,
                        postgresSeconds < 0 ? "n/a" : String.format("%.2f s", postgresSeconds));
            }
        }

        private static final double TICK = 100.0;
        private final int postmaster;
        private long startNanos;
        private double[] mark;

        Cpu(Jdbi jdbi) {
            int found;
            try {
                int backend = jdbi.withHandle(h -> h.createQuery("select pg_backend_pid()").mapTo(Integer.class).one());
                found = Integer.parseInt(stat(Path.of("/proc/" + backend))[1]);
            } catch (Exception e) {
                found = -1;
            }
            postmaster = found;
        }

        static String loadAverage() {
            try {
                String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
                return f[0] + " " + f[1] + " " + f[2] + " (1, 5, 15 min) on " + Runtime.getRuntime().availableProcessors() + " cores";
            } catch (Exception e) {
                return String.format("%.2f (1 min) on %d cores", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                        Runtime.getRuntime().availableProcessors());
            }
        }

        void start() {
            mark = now();
            startNanos = System.nanoTime();
        }

        Measure stop() {
            double wall = (System.nanoTime() - startNanos) / 1e6;
            double[] end = now();
            double jit = end[1] - mark[1];
            return new Measure(wall, end[0] - mark[0] - jit, jit, end[2] < 0 || mark[2] < 0 ? -1 : end[2] - mark[2]);
        }

        /** Process CPU seconds, of which JIT compiler threads, and PostgreSQL's. */
        private double[] now() {
            double process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime() / 1e9;
            return new double[] {process, jitSeconds(), postgresSeconds()};
        }

        private static String[] stat(Path dir) throws java.io.IOException {
            String s = Files.readString(dir.resolve("stat"));
            // Fields after the command name, which is in parentheses and may hold spaces: state, ppid, ...
            return s.substring(s.lastIndexOf(')') + 2).split(" ");
        }

        private static double jitSeconds() {
            long ticks = 0;
            try (var tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path t : (Iterable<Path>) tasks::iterator) {
                    try {
                        if (Files.readString(t.resolve("comm")).contains("CompilerThre")) {
                            String[] f = stat(t);
                            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                        }
                    } catch (java.io.IOException | RuntimeException e) {
                        // A thread that ended meanwhile.
                    }
                }
            } catch (java.io.IOException e) {
                return 0;
            }
            return ticks / TICK;
        }

        private double postgresSeconds() {
            if (postmaster < 0) {
                return -1;
            }
            long ticks = 0;
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) procs::iterator) {
                    String name = p.getFileName().toString();
                    if (name.isEmpty() || !name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        String[] f = stat(p);
                        if (Integer.parseInt(name) == postmaster) {
                            // Its own time and that of backends that have ended.
                            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
                        } else if (Integer.parseInt(f[1]) == postmaster) {
                            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                        }
                    } catch (java.io.IOException | RuntimeException e) {
                        // A process that ended meanwhile.
                    }
                }
            } catch (java.io.IOException e) {
                return -1;
            }
            return ticks / TICK;
        }
    }
}
