/*
 * Personal data benchmark (issue 20): an officer's archive of a year of data, and an anonymisation, on a center that
 * has run for a year.
 *
 *   ./onduty bench privacy [officers]      (default 100 officers)
 *
 * It starts an embedded PostgreSQL in a temp directory, migrates it and stores, with set-based SQL, a year (2025-12-01
 * to 2026-11-30) of a center of that many officers at one site: four punches per officer and weekday (with their agent
 * events), two attendance sessions per officer and weekday, a correction and a leave request per officer and month
 * (two of the requests with a 300 KB document), 20 counters with a camera zone each and about 30 occupancy intervals
 * per counter and weekday, a roster in which the first 40 officers staff the counters (mornings and afternoons),
 * 15 queue tickets per weekday at each rostered officer's counter, and 200,000 audit events (reads among them, each
 * naming an officer). Then, with the server's own classes (PersonalDataExport, Anonymisation) on a pooled JDBI and
 * the clock at 2026-12-01 10:00 in Asia/Ho_Chi_Minh, it times:
 *  - the archive (ZIP with every JSON file, the documents and the XLSX summary) of a rostered officer: first in
 *    this JVM, then best and mean of 5 with the JVM warm; the issue asks for "within seconds for a year of data";
 *  - one anonymisation of an officer who left (every identifier replaced across the free-text columns, the filed
 *    timesheets and the audit log, in one transaction).
 * Wall-clock times, with this JVM's CPU time beside them and the load average, because the machine is shared.
 * Run with: java -cp server/target/onduty-server.jar bench/PrivacyBench.java
 */
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.postgresql.ds.PGSimpleDataSource;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.auth.ScopeDao;
import vn.onduty.server.calendar.LunarCalendar;
import vn.onduty.server.calendar.WorkingCalendar;
import vn.onduty.server.db.EmbeddedPostgresServer;
import vn.onduty.server.db.Migrator;
import vn.onduty.server.occupancy.OccupancyService;
import vn.onduty.server.org.staff.StaffService;
import vn.onduty.server.privacy.Anonymisation;
import vn.onduty.server.privacy.PersonalDataExport;
import vn.onduty.server.privacy.PrivacyNotices;
import vn.onduty.server.roster.RosterService;

public class PrivacyBench {

    public static void main(String[] args) throws Exception {
        int officers = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        System.out.println("load average at start: " + loadAverage());
        Path dir = Files.createTempDirectory("onduty-privacy-bench");
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
        pool.setInitialSize(4);
        pool.setMinIdle(4);
        pool.setMaxIdle(8);
        Jdbi jdbi = Jdbi.create(new org.apache.tomcat.jdbc.pool.DataSource(pool))
                .installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());

        long t0 = System.nanoTime();
        seed(jdbi, officers);
        Map<String, Object> counts = jdbi.withHandle(h -> h.createQuery("""
                select (select count(*) from punch) as punches, (select count(*) from attendance_session) as sessions,
                       (select count(*) from occupancy_interval) as intervals, (select count(*) from queue_ticket) as tickets,
                       (select count(*) from audit_event) as events, (select count(*) from leave_request) as requests
                """).mapToMap().one());
        System.out.printf("officers %,d; stored %s (%.0f s to generate)%n", officers, counts, (System.nanoTime() - t0) / 1e9);

        Clock clock = Clock.fixed(Instant.parse("2026-12-01T03:00:00Z"), ZoneId.of("UTC"));
        ObjectMapper json = Jackson.newObjectMapper();
        AuditLog audit = new AuditLog(jdbi, json, clock);
        AccessPolicy policy = new AccessPolicy(jdbi.onDemand(ScopeDao.class));
        WorkingCalendar calendar = new WorkingCalendar(jdbi, LunarCalendar.VIETNAM, clock);
        RosterService roster = new RosterService(jdbi, audit, policy, calendar, clock);
        OccupancyService occupancy = new OccupancyService(jdbi, policy, calendar, clock, Duration.ofMinutes(1));
        PersonalDataExport export = new PersonalDataExport(jdbi, audit, policy, roster, occupancy, json, clock);
        PrivacyNotices notices = new PrivacyNotices(jdbi, audit, policy, clock, lang -> "");
        Anonymisation anonymisation = new Anonymisation(jdbi, audit, policy, new StaffService(jdbi, audit, policy, clock),
                notices, json, clock);
        Caller admin = Caller.system("bench");
        int backend = jdbi.withHandle(h -> h.createQuery("select pg_backend_pid()").mapTo(Integer.class).one());
        postmaster = Integer.parseInt(stat(backend)[1]);
        long officer = jdbi.withHandle(h -> h.createQuery("select min(id) from staff").mapTo(Long.class).one());

        System.out.printf("%nArchive of one rostered officer (a year), PersonalDataExport:%n");
        Measure first = time(() -> export.forOfficer(officer, "bench", admin));
        PersonalDataExport.Archive archive = export.forOfficer(officer, "bench", admin);
        System.out.printf("  first in this JVM: %s (%,d bytes; rows per file %s)%n", first, archive.bytes().length, archive.counts());
        List<Measure> warm = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            warm.add(time(() -> export.forOfficer(officer, "bench", admin)));
        }
        Measure best = warm.stream().min(java.util.Comparator.comparingDouble(Measure::wallMs)).orElseThrow();
        double mean = warm.stream().mapToDouble(Measure::wallMs).average().orElse(0);
        System.out.printf("  JVM warm: best %s, mean %.0f ms of %d; target within seconds (< 5 s): %s warm, %s first after start%n",
                best, mean, warm.size(), mean < 5000 ? "met" : "NOT met", first.wallMs() < 5000 ? "met" : "NOT met");

        long leaver = jdbi.withHandle(h -> h.createQuery("select max(id) from staff").mapTo(Long.class).one());
        String code = jdbi.withHandle(h -> h.createQuery("update staff set active = false, end_of_service_date = date '2019-06-30'"
                + " where id = :id returning code").bind("id", leaver).mapTo(String.class).one());
        System.out.printf("%nAnonymisation of an officer who left (the audit log of %,d events searched), Anonymisation:%n",
                counts.get("events"));
        Measure anon = time(() -> anonymisation.anonymise(leaver, code, admin));
        System.out.printf("  one run: %s%n", anon);
        System.out.println("load average at end: " + loadAverage());
        pg.close();
    }

    static void seed(Jdbi jdbi, int officers) {
        jdbi.useHandle(h -> {
            h.execute("insert into site (name) values ('Trung tâm PVHCC')");
            h.execute("insert into department (code, name) values ('STP', 'Sở Tư pháp')");
            h.execute("""
                    insert into staff (code, full_name, department_id, home_site_id, service_start_date, email, phone)
                    select 'CB' || g, 'Cán bộ Số ' || g, 1, 1, date '2015-01-01', 'cb' || g || '@hue.gov.vn', '0234 38' || g
                      from generate_series(1, ?) g""", officers);
            h.execute("""
                    insert into user_account (username, password_hash, roles, staff_id)
                    select 'cb' || id, 'x', array['OFFICER'], id from staff""");
            h.execute("insert into device_agent (site_id, name, token_hash, token_prefix) values (1, 'bench', 'x', 'x')");
            h.execute("insert into sensor (agent_id, name) values (1, 'cua-chinh')");
            h.execute("""
                    create temporary table weekday as
                    select d::date as day from generate_series(date '2025-12-01', date '2026-11-30', interval '1 day') d
                     where extract(isodow from d) < 6""");
            h.execute("""
                    create temporary table gen as
                    select row_number() over () as seq, s.id as staff_id,
                           (w.day + t) at time zone 'Asia/Ho_Chi_Minh' as at
                      from staff s cross join weekday w
                      cross join unnest(array[time '07:21', time '11:33', time '13:24', time '17:06']) t""");
            h.execute("""
                    insert into agent_event (agent_id, stream, seq, type, at, payload)
                    select 1, 'bench', seq, 'punch', at, '{}'::jsonb from gen""");
            h.execute("""
                    insert into punch (agent_id, stream, seq, sensor_id, slot, score, at, staff_id)
                    select 1, 'bench', seq, 1, staff_id::integer, 80, at, staff_id from gen""");
            h.execute("""
                    insert into attendance_session (staff_id, work_date, part, site_id, status, starts_at, ends_at, in_at, out_at)
                    select s.id, w.day, p, 1, 'WORKED', (w.day + time '07:30') at time zone 'Asia/Ho_Chi_Minh',
                           (w.day + time '11:30') at time zone 'Asia/Ho_Chi_Minh',
                           (w.day + time '07:21') at time zone 'Asia/Ho_Chi_Minh', (w.day + time '11:33') at time zone 'Asia/Ho_Chi_Minh'
                      from staff s cross join weekday w cross join unnest(array['MORNING', 'AFTERNOON']) p""");
            h.execute("""
                    insert into attendance_correction (staff_id, work_date, kind, parts, reason, status, requested_by)
                    select s.id, date '2025-12-15' + m * 30, 'OFFICIAL_BUSINESS', 'MORNING',
                           'Họp tại Sở cùng ' || s.full_name, 'CANCELLED', u.id
                      from staff s join user_account u on u.staff_id = s.id cross join generate_series(0, 11) m""");
            h.execute("""
                    insert into leave_request (staff_id, leave_type_id, start_date, start_part, end_date, end_part, slots, days,
                                               reason, status, steps, current_step, requested_by)
                    select s.id, (select id from leave_type where code = 'UNPAID'), d, 'MORNING', d, 'AFTERNOON',
                           int8range((d - date '1970-01-01') * 2, (d - date '1970-01-01') * 2 + 2), 1, 'Việc gia đình',
                           'APPROVED', '[]'::jsonb, null, u.id
                      from staff s join user_account u on u.staff_id = s.id
                      cross join lateral (select date '2025-12-10' + m * 30 as d from generate_series(0, 11) m) x""");
            h.execute("""
                    insert into leave_attachment (request_id, file_name, content_type, content)
                    select id, 'giay-to.pdf', 'application/pdf', convert_to(repeat('%PDF-1.4 giấy tờ ', 18000), 'UTF8')
                      from (select id, row_number() over (partition by staff_id order by id) as n from leave_request) r
                     where n <= 2""");
            h.execute("insert into counter (site_id, number, name) select 1, g, 'Quầy ' || g from generate_series(1, 20) g");
            h.execute("insert into camera (site_id, name, url) values (1, 'Camera 1', 'rtsp://127.0.0.1/bench')");
            h.execute("insert into camera_zone (camera_id, counter_id, polygon) select 1, id, '[[0,0],[1,0],[1,1]]' from counter");
            // About 30 intervals per counter and weekday between 07:00 and 17:30, alternating occupied and empty.
            h.execute("""
                    insert into occupancy_interval (zone_id, counter_id, camera_id, state, started_at, ended_at)
                    select z.id, z.counter_id, 1, case when k % 2 = 0 then 'occupied' else 'empty' end,
                           (w.day + time '07:00' + k * interval '21 minutes') at time zone 'Asia/Ho_Chi_Minh',
                           (w.day + time '07:00' + (k + 1) * interval '21 minutes') at time zone 'Asia/Ho_Chi_Minh'
                      from camera_zone z cross join weekday w cross join generate_series(0, 29) k""");
            h.execute("""
                    insert into roster_template (site_id, valid_from, valid_until, note) values (1, date '2025-12-01', null, 'Năm')""");
            h.execute("""
                    insert into roster_template_slot (template_id, counter_id, weekday, part, staff_id)
                    select 1, c.id, wd, p, s.id
                      from (select id, row_number() over (order by id) as n from counter) c
                      cross join generate_series(1, 5) wd cross join unnest(array['MORNING', 'AFTERNOON']) p
                      join (select id, row_number() over (order by id) as n from staff) s
                        on s.n = c.n + case when p = 'AFTERNOON' then 20 else 0 end""");
            h.execute("""
                    insert into queue_ticket (site_id, service_date, number, counter_id, staff_id, issued_at, called_at,
                                              ended_at, outcome, source)
                    select 1, w.day, sl.counter_id || '-' || sl.part || '-' || k, sl.counter_id, sl.staff_id,
                           (w.day + time '07:40' + k * interval '15 minutes') at time zone 'Asia/Ho_Chi_Minh',
                           (w.day + time '07:50' + k * interval '15 minutes') at time zone 'Asia/Ho_Chi_Minh',
                           (w.day + time '07:58' + k * interval '15 minutes') at time zone 'Asia/Ho_Chi_Minh', 'SERVED', 'bench'
                      from roster_template_slot sl cross join weekday w cross join generate_series(0, 14) k
                     where sl.weekday = extract(isodow from w.day)""");
            h.execute("""
                    insert into audit_event (at, actor_user_id, actor, action, entity_type, entity_id, after)
                    select timestamptz '2025-12-01' + g * interval '150 seconds', 1, 'lanhdao',
                           case when g % 4 = 0 then 'read.timesheet' else 'staff.update' end,
                           case when g % 4 = 0 then 'timesheet' else 'staff' end,
                           case when g % 4 = 0 then 'site=1&month=' || g else (1 + (g / 4) % ?)::text end,
                           jsonb_build_object('label', 'Bench ' || g, 'note', 'Ghi chú số ' || g)
                      from generate_series(1, 200000) g""", officers);
            h.execute("""
                    insert into audit_event_subject (event_id, staff_id)
                    select e.id, 1 + (e.id % ?) from audit_event e where e.action = 'read.timesheet'""", officers);
            h.execute("vacuum analyze");
        });
    }

    record Measure(double wallMs, double javaCpuSeconds, double postgresCpuSeconds) {
        @Override
        public String toString() {
            return String.format("%,.0f ms [cpu: java %.2f s, postgres %.2f s]", wallMs, javaCpuSeconds, postgresCpuSeconds);
        }
    }

    static int postmaster = -1;

    interface Work {
        Object run() throws Exception;
    }

    static Measure time(Work work) throws Exception {
        double cpu = cpuSeconds();
        double pg = postgresSeconds();
        long start = System.nanoTime();
        work.run();
        return new Measure((System.nanoTime() - start) / 1e6, cpuSeconds() - cpu, postgresSeconds() - pg);
    }

    /** CPU seconds of the PostgreSQL server: the postmaster and its children (the backends), from /proc. */
    static double postgresSeconds() {
        double ticks = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String[] f = stat(Integer.parseInt(p.getFileName().toString()));
                    if (Integer.parseInt(p.getFileName().toString()) == postmaster || Integer.parseInt(f[1]) == postmaster) {
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (Exception gone) {
                    // A process that ended meanwhile.
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return ticks / 100.0;
    }

    /** The fields of /proc/pid/stat after the command name: state, ppid, ... (utime is [11], stime [12]). */
    static String[] stat(int pid) throws java.io.IOException {
        String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return s.substring(s.lastIndexOf(')') + 2).split(" ");
    }

    static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2] + " (1, 5, 15 min) on " + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (Exception e) {
            return "n/a";
        }
    }
}
