/*
 * Growth benchmark (issue 16 point 3): do the month reports, the today board and ingest stay index-bound when the
 * tables that grow forever hold years of a province?
 *
 *   ./onduty bench growth [scale] [years] [keep] [dir=/tmp/onduty-growth] [out=docs/growth.md]
 *                                  (defaults: scale 5, 5 years: 13.7 GB on disk, measured; `10 5`, the ten
 *                                   times Lào Cai, needs about twice that, and PostgreSQL's WAL up to 3 GB beside it)
 *
 * It starts an embedded PostgreSQL in `dir` (outside the repository), migrates it with the real migrations and
 * generates, with set-based SQL (INSERT ... SELECT over generate_series, one month per statement), `years` of a
 * province at `scale` times Lào Cai's size, in the tables and columns the server writes:
 *  - the organisation: per scale unit 2 provincial sites (40 officers from 20 departments, 30 counters, 15 cameras
 *    watching 2 counters each) and 100 commune one-stop shops (4 officers of the commune, 2 counters, 1 camera), one
 *    device agent with one sensor per site: at scale 10, 1,020 sites, 4,800 officers, 2,600 watched counters;
 *  - punches: 4 per officer and weekday (in 07:10-07:40, out 11:31-12:01, in 13:12-13:42, out 17:31-18:01), each with
 *    its raw agent_event, 1 in 200 from a slot nobody was enrolled in (staff_id null), for all `years`;
 *  - computed attendance: 2 attendance_session rows per officer and calendar day (weekends NOT_SCHEDULED), for all
 *    `years`, as the attendance worker leaves them;
 *  - agent heartbeats: 2 kept rows per agent and day (the first of the day's run and the latest), all `years`;
 *  - the audit log: per site and weekday one audited read of the today board naming the site's officers
 *    (audit_event_subject) and 3 approvals, all `years`;
 *  - occupancy: 8 transitions per watched counter and weekday, each an agent_event, an occupancy_event and an
 *    occupancy_interval, for the 12 months the default retention keeps (OCCUPANCY, 365 days) and one month more;
 *  - queue tickets with ratings: 250 a weekday at a provincial site, 10 at a commune, for the 24 months the default
 *    retention keeps (TICKETS, 730 days) and one month more.
 * The month beyond each retention is what the night's retention run would delete next.
 *
 * Then, with the clock at 2026-12-04 10:00 in Asia/Ho_Chi_Minh (a Friday; the latest whole month is 2026-11), it runs
 * EXPLAIN (ANALYZE, BUFFERS) of the server's own statements: each DAO method the month reports, the today board,
 * ingest and retention call, through JDBI with its real SQL text and bindings (class Explainer rewrites the rendered
 * statement and reads the plan back), for one provincial site as a supervisor scoped to it sees it. Each statement
 * runs in a transaction that is rolled back, twice: the first right after a restart of PostgreSQL (its buffers
 * empty; reads may still come from the OS page cache), the second warm. Last it deletes the oldest month of
 * occupancy (intervals, events, then their raw events) in the retention job's batches, and the raw events older than
 * 90 days that nothing was made from, as a database's first night after migration 0265 and the night after; and vacuums.
 * It writes the plans with a summary to `out` and prints the summary.
 * With `keep` the database stays in `dir` and a later run with the same scale and years reuses it (the generation is
 * skipped; new migrations are applied); without it, `dir` is deleted at the end.
 * Run with: java -cp server/target/onduty-server.jar bench/GrowthBench.java
 */
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.postgresql.ds.PGSimpleDataSource;
import vn.onduty.server.attendance.AttendanceDao;
import vn.onduty.server.attendance.AttendanceReadDao;
import vn.onduty.server.audit.AuditDao;
import vn.onduty.server.auth.AccessPolicy.StaffScope;
import vn.onduty.server.db.EmbeddedPostgresServer;
import vn.onduty.server.db.Migrator;
import vn.onduty.server.ingest.HeartbeatDao;
import vn.onduty.server.ingest.IngestDao;
import vn.onduty.server.occupancy.OccupancyDao;
import vn.onduty.server.quality.QualityDao;
import vn.onduty.server.quality.TicketDao;
import vn.onduty.server.timesheet.TimesheetDao;

public class GrowthBench {

    static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    static final LocalDate TODAY = LocalDate.of(2026, 12, 4);
    static final Instant NOW = TODAY.atTime(10, 0).atZone(ZONE).toInstant();
    static final YearMonth MONTH = YearMonth.of(2026, 11);
    static final int OCCUPANCY_MONTHS = 13;
    static final int TICKET_MONTHS = 25;
    /** The tables that grow with time: a sequential scan of one of these in a report or ingest is what is looked for. */
    static final Set<String> BIG = Set.of("punch", "agent_event", "attendance_session", "agent_heartbeat", "audit_event",
            "audit_event_subject", "occupancy_event", "occupancy_interval", "queue_ticket");

    public static void main(String[] args) throws Exception {
        List<String> plain = Stream.of(args).filter(a -> !a.contains("=") && !a.equals("keep")).toList();
        int scale = plain.size() > 0 ? Integer.parseInt(plain.get(0)) : 5;
        int years = plain.size() > 1 ? Integer.parseInt(plain.get(1)) : 5;
        boolean keep = List.of(args).contains("keep");
        Path dir = Path.of(option(args, "dir", "/tmp/onduty-growth"));
        Path out = Path.of(option(args, "out", "docs/growth.md"));
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        String loadAtStart = loadAverage();
        System.out.println("load average at start: " + loadAtStart);
        Path marker = dir.resolve("generated.txt");
        String wanted = "scale=" + scale + " years=" + years + " today=" + TODAY;
        boolean reuse = Files.exists(marker) && Files.readString(marker).lines().findFirst().orElse("").equals(wanted);
        if (!reuse && Files.exists(dir)) {
            deleteTree(dir);
        }
        Files.createDirectories(dir);
        StringBuilder report = new StringBuilder();
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"), 0, "growth", false);
        try {
            migrate(pg);
            double generated = 0;
            if (!reuse) {
                bulkSettings(pg, true);
                pg.close();
                pg = EmbeddedPostgresServer.start(dir.resolve("pg"), 0, "growth", false);
                long t0 = System.nanoTime();
                try (Connection c = connect(pg)) {
                    new Generator(c, scale, years).run();
                }
                generated = (System.nanoTime() - t0) / 1e9;
                bulkSettings(pg, false);
                Files.writeString(marker, wanted + "\ngenerated in " + Math.round(generated) + " s, load average "
                        + loadAtStart + " at start\n");
            }
            pg.close();
            pg = EmbeddedPostgresServer.start(dir.resolve("pg"), 0, "growth", false);
            report.append("# Growth: ").append(years).append(" years of a province at ").append(scale)
                    .append(" times Lào Cai\n\nWritten by `./onduty bench growth ").append(scale).append(' ').append(years)
                    .append("` (bench/GrowthBench.java says what it generates). ")
                    .append(Files.readString(marker).strip().replace('\n', ';')).append(". Plans taken at load average ")
                    .append(loadAverage()).append(" (the machine is shared: compare buffers, which do not depend on it, ")
                    .append("before times).\n\n");
            report.append(sizes(pg));
            List<Result> results = new Explainer(pg).run();
            report.append(summary(results));
            report.append(retentionMonth(pg));
            report.append("\n## Plans\n");
            for (Result r : results) {
                report.append("\n### ").append(r.name).append("\n\n`").append(r.method).append("`: ").append(r.why)
                        .append("\n\nFirst run after a restart:\n\n```\n").append(r.cold.text).append("```\n\nWarm: ")
                        .append(r.warm.ms).append(" ms, ").append(r.warm.buffers()).append(".\n");
            }
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report);
            System.out.println("plans written to " + out.toAbsolutePath());
        } finally {
            pg.close();
            if (!keep) {
                deleteTree(dir);
            }
        }
    }

    static String option(String[] args, String name, String fallback) {
        return Stream.of(args).filter(a -> a.startsWith(name + "=")).map(a -> a.substring(name.length() + 1))
                .findFirst().orElse(fallback);
    }

    static Connection connect(EmbeddedPostgresServer pg) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    }

    static void migrate(EmbeddedPostgresServer pg) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(pg.jdbcUrl());
        ds.setUser(pg.user());
        ds.setPassword(pg.password());
        Migrator.migrate(ds);
    }

    /**
     * For the generation only: a large buffer pool, no checkpoint in the middle of it, no autovacuum racing it. Reset
     * before the plans are taken, so that they are PostgreSQL's defaults as the embedded server runs it.
     */
    static void bulkSettings(EmbeddedPostgresServer pg, boolean on) throws SQLException {
        try (Connection c = connect(pg); Statement st = c.createStatement()) {
            for (String[] s : new String[][] {{"shared_buffers", "1GB"}, {"max_wal_size", "3GB"},
                    {"checkpoint_timeout", "1h"}, {"autovacuum", "off"}, {"maintenance_work_mem", "512MB"}}) {
                st.execute(on ? "alter system set " + s[0] + " = '" + s[1] + "'" : "alter system reset " + s[0]);
            }
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Rows (as PostgreSQL estimates them after ANALYZE) and size on disk, indexes included, of the big tables. */
    static String sizes(EmbeddedPostgresServer pg) throws SQLException {
        StringBuilder b = new StringBuilder("## Tables\n\n| table | rows | heap | indexes | total |\n|---|---:|---:|---:|---:|\n");
        long total = 0;
        try (Connection c = connect(pg); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("""
                     select c.relname, c.reltuples::bigint, pg_table_size(c.oid), pg_indexes_size(c.oid),
                            pg_total_relation_size(c.oid)
                       from pg_class c where c.relkind = 'r' and c.relnamespace = 'public'::regnamespace
                      order by pg_total_relation_size(c.oid) desc limit 12""")) {
            while (rs.next()) {
                b.append(String.format("| %s | %,d | %s | %s | %s |%n", rs.getString(1), rs.getLong(2), gb(rs.getLong(3)),
                        gb(rs.getLong(4)), gb(rs.getLong(5))));
            }
            try (ResultSet db = st.executeQuery("select pg_database_size(current_database())")) {
                db.next();
                total = db.getLong(1);
            }
        }
        b.append(String.format("%nThe whole database: %s.%n%n", gb(total)));
        System.out.print(b);
        return b.toString();
    }

    static String gb(long bytes) {
        return bytes >= 1L << 30 ? String.format("%.2f GB", bytes / (double) (1L << 30))
                : String.format("%.0f MB", bytes / (double) (1L << 20));
    }

    /** Generates the province, one month per statement and table, in time order as the server would have written it. */
    static final class Generator {
        private final Connection c;
        private final int scale;
        private final int years;

        Generator(Connection c, int scale, int years) {
            this.c = c;
            this.scale = scale;
            this.years = years;
        }

        void run() throws SQLException {
            // Foreign keys and the audit log's append-only trigger are not checked while generating (the rows are
            // consistent by construction): pg_restore loads a dump the same way.
            exec("set session_replication_role = replica");
            exec("set synchronous_commit = off");
            organisation();
            YearMonth first = YearMonth.from(TODAY.minusYears(years));
            YearMonth last = YearMonth.from(TODAY);
            YearMonth occupancyFrom = last.minusMonths(OCCUPANCY_MONTHS);
            YearMonth ticketsFrom = last.minusMonths(TICKET_MONTHS);
            exec("create sequence growth_seq");
            for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
                long t0 = System.nanoTime();
                LocalDate from = m.atDay(1).isBefore(TODAY.minusYears(years)) ? TODAY.minusYears(years) : m.atDay(1);
                LocalDate to = m.equals(last) ? TODAY : m.atEndOfMonth();
                punches(from, to);
                attendance(from, to);
                heartbeats(from, to);
                audit(from, to);
                if (!m.isBefore(occupancyFrom)) {
                    occupancy(from, to);
                }
                if (!m.isBefore(ticketsFrom)) {
                    tickets(from, to);
                }
                System.out.printf("generated %s in %.0f s (load average %s)%n", m, (System.nanoTime() - t0) / 1e9,
                        loadAverage());
            }
            long t0 = System.nanoTime();
            exec("set session_replication_role = origin");
            exec("vacuum analyze");
            System.out.printf("vacuum analyze in %.0f s%n", (System.nanoTime() - t0) / 1e9);
        }

        private void organisation() throws SQLException {
            exec("""
                    insert into department (code, name)
                    select 'SO' || g, 'Sở ' || g from generate_series(1, 20 * %d) g""".formatted(scale));
            // Provincial sites first (ids 1..2*scale), then the communes.
            exec("""
                    insert into site (name) select 'Trung tâm PVHCC ' || g from generate_series(1, 2 * %d) g""".formatted(scale));
            exec("""
                    insert into site (name) select 'Bộ phận một cửa xã ' || g from generate_series(1, 100 * %d) g""".formatted(scale));
            exec("""
                    insert into department (code, name)
                    select 'XA' || s.id, 'UBND ' || s.name from site s where s.name like 'Bộ phận%'""");
            exec("""
                    create table growth_site as
                    select s.id as site_id, s.name like 'Trung tâm%' as provincial,
                           case when s.name like 'Trung tâm%' then 40 else 4 end as officers,
                           case when s.name like 'Trung tâm%' then 30 else 2 end as counters,
                           case when s.name like 'Trung tâm%' then 250 else 10 end as tickets
                      from site s""");
            exec("""
                    insert into device_agent (site_id, name, token_hash, token_prefix)
                    select site_id, 'may-tram', sha256(convert_to('agt_growth-' || site_id, 'UTF8')), 'agt_growth'
                      from growth_site""");
            exec("insert into sensor (agent_id, name, connected) select id, 'cua-chinh', true from device_agent");
            exec("""
                    insert into staff (code, full_name, department_id, home_site_id, service_start_date)
                    select 'CB' || g.site_id || '-' || k, 'Cán bộ ' || g.site_id || '-' || k,
                           case when g.provincial then (select id from department where code = 'SO' || (1 + (g.site_id * 40 + k) %% (20 * %d)))
                                else (select id from department where code = 'XA' || g.site_id) end,
                           g.site_id, date '2015-01-01'
                      from growth_site g cross join lateral generate_series(0, g.officers - 1) k""".formatted(scale));
            exec("""
                    create table growth_officer as
                    select st.id as staff_id, st.home_site_id as site_id, a.id as agent_id, n.id as sensor_id,
                           row_number() over (partition by st.home_site_id order by st.id) as slot
                      from staff st join device_agent a on a.site_id = st.home_site_id join sensor n on n.agent_id = a.id""");
            exec("""
                    insert into enrollment (sensor_id, slot, staff_id, enrolled_at)
                    select sensor_id, slot, staff_id, timestamptz '2015-01-01 00:00+07' from growth_officer""");
            exec("""
                    insert into counter (site_id, number, name)
                    select g.site_id, k, 'Quầy ' || k from growth_site g cross join lateral generate_series(1, g.counters) k""");
            exec("""
                    insert into camera (site_id, agent_id, name, url)
                    select g.site_id, a.id, 'Camera ' || k, 'rtsp://10.0.' || (g.site_id % 250) || '.' || k || ':554/sub'
                      from growth_site g join device_agent a on a.site_id = g.site_id
                      cross join lateral generate_series(1, g.counters / 2) k""");
            exec("""
                    insert into camera_zone (camera_id, counter_id, polygon, calibrated)
                    select c.id, k.id, '[[0.1,0.1],[0.4,0.1],[0.4,0.9],[0.1,0.9]]', true
                      from camera c join counter k on k.site_id = c.site_id
                       and k.number in (2 * cast(substring(c.name from 8) as int) - 1, 2 * cast(substring(c.name from 8) as int))""");
            exec("""
                    create table growth_zone as
                    select z.id as zone_id, z.camera_id, z.counter_id, c.agent_id, c.site_id
                      from camera_zone z join camera c on c.id = z.camera_id""");
            exec("""
                    insert into user_account (username, password_hash, roles)
                    select 'giamsat' || site_id, 'x', array['SUPERVISOR'] from growth_site""");
            exec("analyze");
        }

        private void punches(LocalDate from, LocalDate to) throws SQLException {
            update("""
                    create temporary table gen as
                    select nextval('growth_seq') as seq, o.agent_id, o.sensor_id, o.slot,
                           case when random() < 0.005 then null else o.staff_id end as staff_id,
                           (cast(d as date) + case k when 1 then time '07:10' when 2 then time '11:31'
                                                    when 3 then time '13:12' else time '17:31' end
                             + random() * interval '30 minutes') at time zone 'Asia/Ho_Chi_Minh' as at
                      from generate_series(cast(? as date), cast(? as date), interval '1 day') d
                      cross join generate_series(1, 4) k
                      cross join growth_officer o
                     where extract(isodow from d) < 6
                     order by d, k, o.agent_id""", from, to);
            update("delete from gen where at > ?", NOW);
            exec("""
                    insert into agent_event (agent_id, stream, seq, type, at, payload, received_at)
                    select agent_id, 'fingerprint', seq, 'punch', at,
                           jsonb_build_object('sensor', 'cua-chinh', 'slot', slot, 'score', 80), at + interval '1 second'
                      from gen order by seq""");
            exec("""
                    insert into punch (agent_id, stream, seq, sensor_id, slot, score, at, staff_id, received_at)
                    select agent_id, 'fingerprint', seq, sensor_id, slot, 80, at, staff_id, at + interval '1 second'
                      from gen order by seq""");
            exec("drop table gen");
        }

        private void attendance(LocalDate from, LocalDate to) throws SQLException {
            update("""
                    insert into attendance_session (staff_id, work_date, part, site_id, status, starts_at, ends_at, in_at,
                                                    out_at, late_minutes, missing, computed_at)
                    select o.staff_id, x.d, p.part, o.site_id, x.status, x.starts_at, x.ends_at,
                           case when x.status in ('WORKED', 'LATE') then x.starts_at + (x.late - 10) * interval '1 minute' end,
                           case when x.status in ('WORKED', 'LATE') then x.ends_at + interval '5 minutes' end,
                           case when x.status = 'LATE' then x.late else 0 end,
                           case when x.status = 'ABSENT' then 'BOTH' end,
                           coalesce(x.ends_at, (x.d + time '18:00') at time zone 'Asia/Ho_Chi_Minh') + interval '1 hour'
                      from growth_officer o
                      cross join (values ('MORNING', time '07:30', time '11:30'), ('AFTERNOON', time '13:30', time '17:30'))
                           as p(part, starts, ends)
                      cross join generate_series(cast(? as date), cast(? as date), interval '1 day') g
                      cross join lateral (
                            select cast(g as date) as d,
                                   case when extract(isodow from g) >= 6 then 'NOT_SCHEDULED'
                                        when r < 0.02 then 'ABSENT' when r < 0.17 then 'LATE' else 'WORKED' end as status,
                                   case when extract(isodow from g) < 6 then (cast(g as date) + p.starts) at time zone 'Asia/Ho_Chi_Minh' end as starts_at,
                                   case when extract(isodow from g) < 6 then (cast(g as date) + p.ends) at time zone 'Asia/Ho_Chi_Minh' end as ends_at,
                                   6 + cast(r * 100 as int) % 25 as late
                              from (select random() as r) rr) x
                     order by x.d, o.staff_id""", from, to);
        }

        private void heartbeats(LocalDate from, LocalDate to) throws SQLException {
            update("""
                    insert into agent_heartbeat (agent_id, at)
                    select a.id, (cast(d as date) + t) at time zone 'Asia/Ho_Chi_Minh'
                      from generate_series(cast(? as date), cast(? as date), interval '1 day') d
                      cross join (values (time '07:00'), (time '17:45')) as v(t)
                      cross join device_agent a
                     where (cast(d as date) + t) at time zone 'Asia/Ho_Chi_Minh' <= ?
                     order by 2, 1""", from, to, NOW);
        }

        private void audit(LocalDate from, LocalDate to) throws SQLException {
            update("""
                    with e as (
                        insert into audit_event (at, actor_user_id, actor, action, entity_type, entity_id, after, ip)
                        select (cast(d as date) + time '08:15') at time zone 'Asia/Ho_Chi_Minh', u.id, u.username,
                               'read.attendance_today', 'attendance_today',
                               'site=' || g.site_id || '&date=' || cast(cast(d as date) as text),
                               jsonb_build_object('label', cast(cast(d as date) as text)), '10.0.0.1'
                          from generate_series(cast(? as date), cast(? as date), interval '1 day') d
                          cross join growth_site g join user_account u on u.username = 'giamsat' || g.site_id
                         where extract(isodow from d) < 6
                         order by 1
                        returning id, entity_id)
                    insert into audit_event_subject (event_id, staff_id)
                    select e.id, o.staff_id from e
                      join growth_officer o on o.site_id = cast(split_part(split_part(e.entity_id, '&', 1), '=', 2) as bigint)
                    """, from, to);
            update("""
                    insert into audit_event (at, actor_user_id, actor, action, entity_type, entity_id, before, after, ip)
                    select (cast(d as date) + time '09:00' + k * interval '2 hours') at time zone 'Asia/Ho_Chi_Minh',
                           u.id, u.username, 'leave_request.approve', 'leave_request', cast(nextval('growth_seq') as text),
                           '{"status": "PENDING"}', '{"status": "APPROVED"}', '10.0.0.1'
                      from generate_series(cast(? as date), cast(? as date), interval '1 day') d
                      cross join generate_series(0, 2) k
                      cross join growth_site g join user_account u on u.username = 'giamsat' || g.site_id
                     where extract(isodow from d) < 6
                     order by 1""", from, to);
            update("delete from audit_event where at > ?", NOW);
        }

        private void occupancy(LocalDate from, LocalDate to) throws SQLException {
            // Four days more than the month, so that each month's last interval of a zone ends where the next month's
            // first begins; those days' rows are the next month's and are not stored now. The times within their ten
            // minutes are a hash, not random(), so that the next month generates the same ones.
            update("""
                    create temporary table ogen as
                    select nextval('growth_seq') as seq, z.agent_id, z.camera_id, z.zone_id, z.counter_id,
                           case when t.k % 2 = 1 then 'occupied' else 'empty' end as state,
                           (cast(d as date) + t.at + ((z.zone_id * 7919 + t.k * 104729 + (cast(d as date) - date '2000-01-01') * 31) % 600)
                               * interval '1 second') at time zone 'Asia/Ho_Chi_Minh' as at
                      from generate_series(cast(? as date), cast(? as date) + 4, interval '1 day') d
                      cross join (values (1, time '07:30'), (2, time '09:40'), (3, time '09:55'), (4, time '11:25'),
                                         (5, time '13:30'), (6, time '15:05'), (7, time '15:20'), (8, time '17:25'))
                           as t(k, at)
                      cross join growth_zone z
                     where extract(isodow from d) < 6
                     order by d, t.k, z.zone_id""", from, to);
            exec("""
                    create temporary table oint as
                    select *, lead(at) over (partition by zone_id order by at) as ended_at from ogen""");
            update("delete from oint where at >= ? or at > ?", to.plusDays(1).atStartOfDay(ZONE).toInstant(), NOW);
            update("update oint set ended_at = null where ended_at > ?", NOW);
            exec("""
                    insert into agent_event (agent_id, stream, seq, type, at, payload, received_at)
                    select agent_id, 'camera-' || camera_id, seq, 'occupancy', at,
                           jsonb_build_object('cameraId', camera_id, 'zoneId', zone_id, 'counterId', counter_id,
                                              'state', state, 'score', 0.1), at + interval '1 second'
                      from oint order by seq""");
            exec("""
                    insert into occupancy_event (agent_id, stream, seq, camera_id, zone_id, counter_id, state, score, at)
                    select agent_id, 'camera-' || camera_id, seq, camera_id, zone_id, counter_id, state, 0.1, at
                      from oint order by seq""");
            exec("""
                    insert into occupancy_interval (zone_id, counter_id, camera_id, state, started_at, ended_at)
                    select zone_id, counter_id, camera_id, state, at, ended_at from oint order by at""");
            exec("drop table ogen");
            exec("drop table oint");
        }

        private void tickets(LocalDate from, LocalDate to) throws SQLException {
            update("""
                    insert into queue_ticket (site_id, service_date, number, service, counter_id, staff_id, issued_at,
                                              called_at, started_at, ended_at, outcome, rating, rating_scale, source,
                                              created_at, updated_at)
                    select g.site_id, cast(d as date), 'A' || lpad(cast(n as text), 4, '0'), 'Thủ tục ' || (n % 12),
                           k.id, o.staff_id, x.issued, x.issued + x.wait,
                           case when x.r >= 0.05 then x.issued + x.wait end,
                           case when x.r >= 0.05 then x.issued + x.wait + x.service end,
                           case when x.r < 0.05 then 'NO_SHOW' when x.r < 0.08 then 'TRANSFERRED' else 'SERVED' end,
                           case when x.r >= 0.4 then 1 + cast(x.r * 1000 as int) % 5 end,
                           case when x.r >= 0.4 then 'STARS5' end,
                           'growth', x.issued, x.issued + x.wait + x.service
                      from generate_series(cast(? as date), cast(? as date), interval '1 day') d
                      cross join growth_site g
                      cross join lateral generate_series(1, g.tickets) n
                      join counter k on k.site_id = g.site_id and k.number = 1 + n % g.counters
                      join growth_officer o on o.site_id = g.site_id and o.slot = 1 + n % g.officers
                      cross join lateral (
                            select (cast(d as date) + time '07:30' + n * interval '8 hours' / g.tickets)
                                       at time zone 'Asia/Ho_Chi_Minh' as issued,
                                   random() * interval '25 minutes' as wait,
                                   interval '5 minutes' + random() * interval '10 minutes' as service,
                                   random() as r) x
                     where extract(isodow from d) < 6 and x.issued <= ?
                     order by cast(d as date), g.site_id, n""", from, to, NOW);
        }

        private void exec(String sql) throws SQLException {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
        }

        private void update(String sql, Object... params) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    Object p = params[i];
                    ps.setObject(i + 1, p instanceof Instant at ? java.sql.Timestamp.from(at) : p);
                }
                ps.execute();
            }
        }
    }

    /** One plan as EXPLAIN (ANALYZE, BUFFERS) printed it, and what the summary reads from it. */
    record Plan(String text, double ms, long hit, long read, List<String> seqScans) {
        static final Pattern EXECUTION = Pattern.compile("Execution Time: ([0-9.]+) ms");
        static final Pattern BUFFERS = Pattern.compile("^\\s*Buffers: shared(?: hit=(\\d+))?(?: read=(\\d+))?", Pattern.MULTILINE);
        static final Pattern SEQ = Pattern.compile("Seq Scan on (\\w+)");

        static Plan of(String text) {
            Matcher e = EXECUTION.matcher(text);
            double ms = e.find() ? Double.parseDouble(e.group(1)) : Double.NaN;
            // The top node's Buffers line comes first and includes its children's.
            Matcher b = BUFFERS.matcher(text);
            long hit = 0;
            long read = 0;
            if (b.find() && !text.substring(0, b.start()).contains("Planning")) {
                hit = b.group(1) == null ? 0 : Long.parseLong(b.group(1));
                read = b.group(2) == null ? 0 : Long.parseLong(b.group(2));
            }
            List<String> seq = new ArrayList<>();
            Matcher s = SEQ.matcher(text);
            while (s.find()) {
                if (BIG.contains(s.group(1)) && !seq.contains(s.group(1))) {
                    seq.add(s.group(1));
                }
            }
            return new Plan(text, ms, hit, read, seq);
        }

        String buffers() {
            return String.format("shared hit %,d, read %,d", hit, read);
        }
    }

    record Result(String name, String method, String why, Plan cold, Plan warm) {}

    /**
     * Runs the DAO methods with EXPLAIN (ANALYZE, BUFFERS) in front of their rendered SQL: the statement customizer
     * executes the prepared statement, with the DAO's own bindings, reads the plan and stops the DAO method there.
     */
    static final class Explainer implements StatementCustomizer {
        private final EmbeddedPostgresServer pg;
        private boolean armed;
        private String plan;

        Explainer(EmbeddedPostgresServer pg) {
            this.pg = pg;
        }

        private static final class Explained extends RuntimeException {
            Explained() {
                super(null, null, false, false);
            }
        }

        @Override
        public void beforeExecution(PreparedStatement stmt, StatementContext ctx) throws SQLException {
            if (!armed) {
                return;
            }
            armed = false;
            StringBuilder b = new StringBuilder();
            try (ResultSet rs = stmt.executeQuery()) {
                while (rs.next()) {
                    b.append(rs.getString(1)).append('\n');
                }
            }
            plan = b.toString();
            throw new Explained();
        }

        record Case(String name, String method, String why, Consumer<Handle> setUp, Consumer<Handle> call) {}

        List<Result> run() throws Exception {
            Jdbi jdbi = Jdbi.create(pg.jdbcUrl(), pg.user(), pg.password())
                    .installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
            Params p = jdbi.withHandle(Params::of);
            List<Case> cases = cases(p, jdbi);
            Map<String, Plan> cold = new LinkedHashMap<>();
            List<Result> results = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (Case c : cases) {
                    Plan plan = jdbi.withHandle(h -> explain(h, c));
                    if (round == 0) {
                        cold.put(c.name, plan);
                    } else {
                        results.add(new Result(c.name, c.method, c.why, cold.get(c.name), plan));
                        System.out.printf("%-62s %9.2f ms cold (%s), %8.2f ms warm%s%n", c.name, cold.get(c.name).ms,
                                cold.get(c.name).buffers(), plan.ms,
                                plan.seqScans.isEmpty() ? "" : "  SEQ SCAN " + plan.seqScans);
                    }
                }
            }
            return results;
        }

        private Plan explain(Handle h, Case c) {
            TemplateEngine base = h.getConfig(SqlStatements.class).getTemplateEngine();
            h.getConfig(SqlStatements.class).setTemplateEngine((template, ctx) -> {
                String sql = base.render(template, ctx);
                return armed ? "explain (analyze, buffers) " + sql : sql;
            });
            h.addCustomizer(this);
            h.begin();
            try {
                c.setUp.accept(h);
                plan = null;
                armed = true;
                try {
                    c.call.accept(h);
                } catch (RuntimeException e) {
                    if (plan == null) {
                        throw new IllegalStateException(c.name + ": " + e.getMessage(), e);
                    }
                }
                if (plan == null) {
                    throw new IllegalStateException(c.name + ": no statement ran");
                }
                return Plan.of(plan);
            } finally {
                armed = false;
                h.rollback();
            }
        }

        /** The site, department, officer, counters and agent the statements are asked about: a provincial site's. */
        record Params(long site, long department, long officer, Long[] officers, Long[] counters, long zone,
                      long zoneCamera, long zoneCounter, long agent, long supervisor, long maxSeq) {
            static Params of(Handle h) {
                long site = h.createQuery("select site_id from growth_site where provincial order by site_id limit 1")
                        .mapTo(Long.class).one();
                Long[] officers = h.createQuery("select staff_id from growth_officer where site_id = :s order by staff_id")
                        .bind("s", site).mapTo(Long.class).list().toArray(Long[]::new);
                long department = h.createQuery("select department_id from staff where id = :id")
                        .bind("id", officers[0]).mapTo(Long.class).one();
                Long[] counters = h.createQuery("select counter_id from growth_zone where site_id = :s order by counter_id")
                        .bind("s", site).mapTo(Long.class).list().toArray(Long[]::new);
                long zone = h.createQuery("select min(zone_id) from growth_zone where site_id = :s").bind("s", site)
                        .mapTo(Long.class).one();
                long agent = h.createQuery("select id from device_agent where site_id = :s").bind("s", site)
                        .mapTo(Long.class).one();
                long supervisor = h.createQuery("select id from user_account where username = 'giamsat' || :s")
                        .bind("s", site).mapTo(Long.class).one();
                long maxSeq = h.createQuery("select last_value from growth_seq").mapTo(Long.class).one();
                return new Params(site, department, officers[0], officers, counters, zone, camera(h, zone), counter(h, zone),
                        agent, supervisor, maxSeq);
            }
        }

        static List<Case> cases(Params p, Jdbi jdbi) {
            LocalDate first = MONTH.atDay(1);
            LocalDate last = MONTH.atEndOfMonth();
            Instant from = first.atStartOfDay(ZONE).toInstant();
            Instant to = last.plusDays(1).atStartOfDay(ZONE).toInstant();
            Instant dayStart = TODAY.atStartOfDay(ZONE).toInstant();
            Instant dayEnd = TODAY.plusDays(1).atStartOfDay(ZONE).toInstant();
            StaffScope scope = new StaffScope(false, new Long[] {p.site}, new Long[0], null);
            Consumer<Handle> none = h -> {};
            // Ten new punches (a batch as the agent sends it), stamped now, with sequence numbers never used.
            int n = 10;
            String[] streams = new String[n];
            Long[] seqs = new Long[n];
            String[] types = new String[n];
            String[] ats = new String[n];
            String[] payloads = new String[n];
            String[] sensors = new String[n];
            Integer[] slots = new Integer[n];
            Integer[] scores = new Integer[n];
            for (int i = 0; i < n; i++) {
                streams[i] = "fingerprint";
                seqs[i] = p.maxSeq + 1 + i;
                types[i] = "punch";
                ats[i] = NOW.plusSeconds(i).toString();
                payloads[i] = "{\"sensor\": \"cua-chinh\", \"slot\": " + (i + 1) + ", \"score\": 80}";
                sensors[i] = "cua-chinh";
                slots[i] = i + 1;
                scores[i] = 80;
            }
            Consumer<Handle> eventsStored = h -> h.attach(IngestDao.class).insertEvents(p.agent, streams, seqs, types, ats, payloads);
            Consumer<Handle> punchesStored = eventsStored.andThen(h -> h.attach(IngestDao.class)
                    .insertPunches(p.agent, streams, seqs, sensors, slots, scores, ats, new String[n]));
            String camStream = "camera-1";
            Long occSeq = p.maxSeq + 100;
            Consumer<Handle> occEventStored = h -> h.attach(IngestDao.class).insertEvents(p.agent, new String[] {camStream},
                    new Long[] {occSeq}, new String[] {"occupancy"}, new String[] {NOW.toString()},
                    new String[] {"{\"zoneId\": " + p.zone + ", \"state\": \"empty\"}"});
            Instant monthBeyondOccupancy = jdbi.withHandle(GrowthBench::oldestOccupancyMonthEnd);
            Instant rawCutoff = NOW.minus(java.time.Duration.ofDays(90));
            Instant oldestRaw = jdbi.withHandle(h -> h.createQuery("select min(at) from agent_event").mapTo(Instant.class).one());
            Instant ticketCutoff = NOW.minus(java.time.Duration.ofDays(730));
            Instant auditCutoff = NOW.minus(java.time.Duration.ofDays(1825));
            List<Case> cases = new ArrayList<>();
            cases.add(new Case("C01 timesheet: the sheet's officers", "TimesheetDao.staff",
                    "the site's month, every department", none,
                    h -> h.attach(TimesheetDao.class).staff(p.site, null, first, last)));
            cases.add(new Case("C01 timesheet: the site's month of sessions", "TimesheetDao.sessions",
                    "the site's month, every department", none,
                    h -> h.attach(TimesheetDao.class).sessions(p.site, null, first, last)));
            cases.add(new Case("C01 timesheet: one department's month", "TimesheetDao.sessions",
                    "a supervisor scoped to one department at the site", none,
                    h -> h.attach(TimesheetDao.class).sessions(p.site, p.department, first, last)));
            cases.add(new Case("Timesheet freshness: officers of the site", "AttendanceDao.staffOfSite",
                    "before the sheet, whose attendance to bring up to date", none,
                    h -> h.attach(AttendanceDao.class).staffOfSite(p.site, first, last)));
            cases.add(new Case("Timesheet freshness: stale officer-days", "AttendanceDao.stale",
                    "the days of the month still to compute, for the site's officers", none,
                    h -> h.attach(AttendanceDao.class).stale(p.officers, first, last, NOW)));
            cases.add(new Case("Officer's month: sessions", "AttendanceDao.sessions", "one officer, the month", none,
                    h -> h.attach(AttendanceDao.class).sessions(new Long[] {p.officer}, first, last)));
            cases.add(new Case("Officer's month: punches", "AttendanceReadDao.punches", "one officer, the month", none,
                    h -> h.attach(AttendanceReadDao.class).punches(p.officer, from, to)));
            cases.add(new Case("Lateness summary", "AttendanceReadDao.lateness", "the site's officers, the month", none,
                    h -> h.attach(AttendanceReadDao.class).lateness(p.officers, first, last)));
            cases.add(new Case("Today board: officers in scope", "AttendanceReadDao.officersOfSite",
                    "a supervisor scoped to the site", none,
                    h -> h.attach(AttendanceReadDao.class).officersOfSite(p.site, scope)));
            cases.add(new Case("Today board: today's sessions", "AttendanceDao.sessions", "the site's officers, today",
                    none, h -> h.attach(AttendanceDao.class).sessions(p.officers, TODAY, TODAY)));
            cases.add(new Case("Today: the recompute reads the day's punches", "AttendanceDao.punches",
                    "the site's officers, today (the worker, after each punch)", none,
                    h -> h.attach(AttendanceDao.class).punches(p.officers, dayStart, dayEnd)));
            cases.add(new Case("Today: counters board", "OccupancyDao.board", "the site's zones and their open intervals",
                    none, h -> h.attach(OccupancyDao.class).board(p.site)));
            cases.add(new Case("Quality KPIs by counter", "QualityDao.kpis", "the site's month of tickets", none,
                    h -> h.attach(QualityDao.class).kpis("cast(counter_id as text)", p.site, first, last, 1200, null, null)));
            cases.add(new Case("Quality: ticket list", "TicketDao.list", "the site's month, first 500", none,
                    h -> h.attach(TicketDao.class).list(p.site, first, last, null, null, 500)));
            cases.add(new Case("Quality: tickets of the joined measures", "QualityDao.tickets", "the site's month", none,
                    h -> h.attach(QualityDao.class).tickets(p.site, first, last)));
            cases.add(new Case("Quality: who was at work (attendance)", "QualityDao.attended", "the site's month", none,
                    h -> h.attach(QualityDao.class).attended(p.site, first, last)));
            cases.add(new Case("Counter presence: intervals (quality)", "QualityDao.intervals",
                    "the site's watched counters, the month", none,
                    h -> h.attach(QualityDao.class).intervals(p.counters, from, to)));
            cases.add(new Case("Counter presence: intervals (occupancy page)", "OccupancyDao.intervals",
                    "the site's watched counters, the month", none,
                    h -> h.attach(OccupancyDao.class).intervals(p.counters, from, to)));
            cases.add(new Case("Ingest: raw events of a batch of 10 punches", "IngestDao.insertEvents",
                    "new keys: each checked against the primary key (exactly once)", none, eventsStored));
            cases.add(new Case("Ingest: the batch's punches", "IngestDao.insertPunches",
                    "after its raw events, in the same transaction", eventsStored,
                    h -> h.attach(IngestDao.class).insertPunches(p.agent, streams, seqs, sensors, slots, scores, ats,
                            new String[n])));
            cases.add(new Case("Ingest: the same batch sent again", "IngestDao.insertEvents",
                    "every key already stored: nothing inserted", punchesStored, eventsStored));
            cases.add(new Case("Ingest: an occupancy event", "OccupancyDao.insertEvents",
                    "after its raw event", occEventStored,
                    h -> h.attach(OccupancyDao.class).insertEvents(p.agent, new String[] {camStream}, new Long[] {occSeq},
                            new Long[] {p.zoneCamera}, new Long[] {p.zone}, new Long[] {p.zoneCounter},
                            new String[] {"empty"}, new String[] {null}, new Double[] {0.1}, new String[] {NOW.toString()})));
            cases.add(new Case("Ingest: the zone's event before the batch", "OccupancyDao.previousEventAt",
                    "where the interval rebuild starts", none,
                    h -> h.attach(OccupancyDao.class).previousEventAt(p.zone, NOW)));
            cases.add(new Case("Ingest: the zone's events from there", "OccupancyDao.changesFrom",
                    "the last hour of the zone", none,
                    h -> h.attach(OccupancyDao.class).changesFrom(p.zone, NOW.minusSeconds(3600))));
            cases.add(new Case("Ingest: the interval spanning the batch's start", "OccupancyDao.eventIntervalStartAt",
                    "the zone, now", none,
                    h -> h.attach(OccupancyDao.class).eventIntervalStartAt(p.zone, NOW)));
            cases.add(new Case("Ingest: the interval spanning the batch's start, ended", "OccupancyDao.endIntervalSpanning",
                    "the zone, an hour ago", none,
                    h -> h.attach(OccupancyDao.class).endIntervalSpanning(p.zone, NOW.minusSeconds(3600))));
            cases.add(new Case("Ingest: the zone's intervals from there, deleted", "OccupancyDao.deleteIntervalsFrom",
                    "the zone, now", none,
                    h -> h.attach(OccupancyDao.class).deleteIntervalsFrom(p.zone, NOW.minusSeconds(3600))));
            // One statement (0264's agent_heartbeat): its plan is the function call's, with the time and buffers of
            // everything the function runs (the clock, the crash rule's heartbeat row, and the camera list's version
            // when asked). Explained as the server's pooled connections run it: the agent's previous heartbeat, 15 s
            // before, in the same session (a new session first compiles the function and plans its statements,
            // about 1,500 catalogue pages whatever the data), then the steady one (prepared, version known).
            cases.add(new Case("Ingest: heartbeat", "HeartbeatDao.record",
                    "the site's agent, no sensors or cameras, steady: 15 s after its previous one", h -> h.attach(
                            HeartbeatDao.class).record(p.agent, p.site, 0, NOW, NOW, null, null, 60, 20, false, true),
                    h -> h.attach(HeartbeatDao.class).record(p.agent, p.site, 0, NOW.plusSeconds(15),
                            NOW.plusSeconds(15), null, null, 60, 20, true, false)));
            cases.add(new Case("Audit: a supervisor's read seen recently?", "AuditDao.readRecently",
                    "the today board, the last 5 minutes", none,
                    h -> h.attach(AuditDao.class).readRecently(p.supervisor, "read.attendance_today",
                            "site=" + p.site + "&date=" + TODAY, NOW.minusSeconds(300), p.officers)));
            cases.add(new Case("Audit: who read my records", "AuditDao.readsOf", "one officer, first page", none,
                    h -> h.attach(AuditDao.class).readsOf(p.officer, 50, 0)));
            cases.add(new Case("Retention: a batch of occupancy intervals", "RetentionDao.deleteOccupancyIntervals",
                    "5,000 of the month beyond 365 days", none,
                    h -> retention(h, "deleteOccupancyIntervals", monthBeyondOccupancy, 5000)));
            cases.add(new Case("Retention: a batch of occupancy events", "RetentionDao.deleteOccupancyEvents",
                    "5,000 of the month beyond 365 days", none,
                    h -> retention(h, "deleteOccupancyEvents", monthBeyondOccupancy, 5000)));
            cases.add(new Case("Retention: raw events a run freed", "RetentionDao.deleteFreedAgentEvents",
                    "the 5,000 of the occupancy events of the batch above", h -> retention(h, "deleteOccupancyEvents",
                            monthBeyondOccupancy, 5000),
                    h -> retention(h, "deleteFreedAgentEvents", rawCutoff, 5000)));
            cases.add(new Case("Retention: raw events, a night's batch", "RetentionDao.deleteUnusedAgentEvents",
                    "5,000 from the cursor where the last night stopped (the day that aged past 90 days since)", none,
                    h -> retention(h, "deleteUnusedAgentEvents", rawKeyBefore(rawCutoff.minus(java.time.Duration.ofDays(1))),
                            rawCutoff, 5000)));
            cases.add(new Case("Retention: raw events, the first night's batch", "RetentionDao.deleteUnusedAgentEvents",
                    "the oldest 5,000 (a database's first night after migration 0265: no cursor yet)", none,
                    h -> retention(h, "deleteUnusedAgentEvents", rawKeyBefore(oldestRaw), rawCutoff, 5000)));
            cases.add(new Case("Retention: a batch of unresolved punches", "RetentionDao.deleteUnresolvedPunches",
                    "older than 180 days", none,
                    h -> retention(h, "deleteUnresolvedPunches", NOW.minus(java.time.Duration.ofDays(180)), 5000)));
            cases.add(new Case("Retention: a batch of queue tickets", "RetentionDao.deleteTickets",
                    "older than 730 days", none,
                    h -> retention(h, "deleteTickets", ticketCutoff, 5000)));
            cases.add(new Case("Retention: a batch of audit events", "RetentionDao.deleteAuditEvents",
                    "older than 1,825 days", h -> retention(h, "markRetention"),
                    h -> retention(h, "deleteAuditEvents", auditCutoff, 5000)));
            return cases;
        }

        static long camera(Handle h, long zone) {
            return h.createQuery("select camera_id from camera_zone where id = :z").bind("z", zone).mapTo(Long.class).one();
        }

        static long counter(Handle h, long zone) {
            return h.createQuery("select counter_id from camera_zone where id = :z").bind("z", zone).mapTo(Long.class).one();
        }
    }

    /**
     * Calls a method of retention's RetentionDao, which is package-private (retention is its only user): its SQL is
     * what the nightly job runs, so the bench calls it rather than a copy.
     */
    static Object retention(Handle h, String method, Object... args) {
        try {
            Class<?> dao = Class.forName("vn.onduty.server.retention.RetentionDao");
            Object attached = h.attach(dao);
            for (java.lang.reflect.Method m : dao.getMethods()) {
                if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                    m.setAccessible(true);
                    return m.invoke(attached, args);
                }
            }
            throw new IllegalArgumentException("RetentionDao has no " + method);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One kind's batches until one deletes fewer than 5,000, each in its own transaction; how many rows went. */
    static long batches(Jdbi jdbi, java.util.function.Function<Handle, Integer> batch) {
        long rows = 0;
        while (true) {
            int done = jdbi.inTransaction(batch::apply);
            rows += done;
            if (done < 5000) {
                return rows;
            }
        }
    }

    /** RetentionDao.RawEventKey.before(at): the key the AGENT_EVENTS step's cursor starts a day's look from. */
    static Object rawKeyBefore(Instant at) {
        try {
            java.lang.reflect.Method before = Class.forName("vn.onduty.server.retention.RetentionDao$RawEventKey")
                    .getDeclaredMethod("before", Instant.class);
            before.setAccessible(true);
            return before.invoke(null, at);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The AGENT_EVENTS step as the job runs it (RawEventRetention), without its pauses. */
    static long rawEventRetention(Jdbi jdbi, Instant cutoff) {
        try {
            java.lang.reflect.Constructor<?> c = Class.forName("vn.onduty.server.retention.RawEventRetention")
                    .getDeclaredConstructor(Jdbi.class, int.class, java.time.Duration.class);
            c.setAccessible(true);
            return ((vn.onduty.server.retention.Eraser) c.newInstance(jdbi, 5000, java.time.Duration.ZERO)).eraseBefore(cutoff);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The end of the oldest month of occupancy events there are: the month beyond the default 365 days in a new
     * database; in one kept from an earlier run, whose retention step deleted that month, the month after it.
     */
    static Instant oldestOccupancyMonthEnd(Handle h) {
        Instant oldest = h.createQuery("select min(at) from occupancy_event").mapTo(Instant.class).one();
        return YearMonth.from(oldest.atZone(ZONE)).atEndOfMonth().plusDays(1).atStartOfDay(ZONE).toInstant();
    }

    static String summary(List<Result> results) {
        StringBuilder b = new StringBuilder("""
                ## Summary

                Times are EXPLAIN ANALYZE's execution times (per-node timing adds to them). "cold": the first run after a
                restart of PostgreSQL; "read" counts 8 kB pages not in PostgreSQL's buffers (from the OS cache or the disk).

                | statement | DAO method | cold ms | cold buffers hit / read | warm ms | warm buffers | seq scan of a big table |
                |---|---|---:|---:|---:|---:|---|
                """);
        for (Result r : results) {
            b.append(String.format("| %s | `%s` | %.2f | %,d / %,d | %.2f | %,d | %s |%n", r.name, r.method, r.cold.ms,
                    r.cold.hit, r.cold.read, r.warm.ms, r.warm.hit + r.warm.read,
                    r.warm.seqScans.isEmpty() ? "none" : String.join(", ", r.warm.seqScans)));
        }
        return b.toString();
    }

    /**
     * The night's retention of the oldest month of occupancy, as the job does it (batches of 5,000, each its own
     * transaction; without the job's pauses): the intervals, the events, then the AGENT_EVENTS step
     * (RawEventRetention): the raw events the occupancy events were read from, on the freed list, and the look through
     * every raw event older than 90 days that a database's first night after migration 0265 makes (no cursor yet);
     * then the next night's step, the cut-off a day later, which looks only at that day. Then what it left: dead rows,
     * and how long VACUUM takes to make their space reusable.
     */
    static String retentionMonth(EmbeddedPostgresServer pg) throws Exception {
        Jdbi jdbi = Jdbi.create(pg.jdbcUrl(), pg.user(), pg.password())
                .installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
        Instant cutoff = jdbi.withHandle(GrowthBench::oldestOccupancyMonthEnd);
        Instant rawCutoff = NOW.minus(java.time.Duration.ofDays(90));
        StringBuilder b = new StringBuilder("\n## Retention of the oldest month of occupancy\n\n"
                + "Cut-off " + cutoff + " (the end of the oldest month of occupancy there is: the month beyond the default "
                + "365 days, or in a database kept from an earlier run the month after it), batches of 5,000 as "
                + "RetentionJob runs them, each its own transaction, without its pauses; load average " + loadAverage()
                + ".\n\n| step | rows | seconds | rows a second |\n|---|---:|---:|---:|\n");
        record Step(String name, java.util.function.Supplier<Long> erase) {}
        List<Step> steps = List.of(
                new Step("occupancy_interval (RetentionDao.deleteOccupancyIntervals)",
                        () -> batches(jdbi, h -> (Integer) retention(h, "deleteOccupancyIntervals", cutoff, 5000))),
                new Step("occupancy_event (RetentionDao.deleteOccupancyEvents; their raw events listed as freed)",
                        () -> batches(jdbi, h -> (Integer) retention(h, "deleteOccupancyEvents", cutoff, 5000))),
                new Step("agent_event older than 90 days made into nothing, the first night after migration 0265 (the "
                        + "cursor removed first, as a database just upgraded has none): the freed list, then every raw event "
                        + "older than 90 days looked at once (RawEventRetention)", () -> {
                            jdbi.useHandle(h -> h.execute("delete from retention_raw_event_cursor"));
                            return rawEventRetention(jdbi, rawCutoff);
                        }));
        for (Step s : steps) {
            long t0 = System.nanoTime();
            long rows = s.erase.get();
            double secs = (System.nanoTime() - t0) / 1e9;
            String line = String.format("| %s | %,d | %.1f | %,.0f |%n", s.name, rows, secs, rows / secs);
            System.out.print(line);
            b.append(line);
        }
        // The nights after: each cut-off a day later, the step looks at the day that aged past 90 days (none of the
        // generated raw events is unused: what they were made of stays, so nothing is removed, only looked at).
        for (int night = 1; night <= 7; night++) {
            Instant from = rawCutoff.plus(java.time.Duration.ofDays(night - 1));
            Instant to = rawCutoff.plus(java.time.Duration.ofDays(night));
            long day = jdbi.withHandle(h -> h.createQuery("select count(*) from agent_event where at >= :f and at < :t")
                    .bind("f", from).bind("t", to).mapTo(Long.class).one());
            long t0 = System.nanoTime();
            long rows = rawEventRetention(jdbi, to);
            double secs = (System.nanoTime() - t0) / 1e9;
            String line = String.format("| agent_event, the next night %d (cut-off %s, a %s in the zone): the freed list "
                    + "(empty), then the %,d raw events that aged past 90 days since | %,d | %.2f | %,.0f looked at |%n",
                    night, to, to.atZone(ZONE).getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL,
                            java.util.Locale.ENGLISH), day, rows, secs, day / secs);
            System.out.print(line);
            b.append(line);
        }
        b.append("\nLeft behind, and VACUUM of each table:\n\n| table | dead rows before vacuum | vacuum seconds | size after |\n"
                + "|---|---:|---:|---:|\n");
        for (String table : List.of("occupancy_interval", "occupancy_event", "agent_event")) {
            try (Connection c = connect(pg); Statement st = c.createStatement()) {
                st.execute("analyze " + table);
                long dead;
                try (ResultSet rs = st.executeQuery("select n_dead_tup from pg_stat_user_tables where relname = '" + table + "'")) {
                    rs.next();
                    dead = rs.getLong(1);
                }
                long t0 = System.nanoTime();
                st.execute("vacuum " + table);
                double secs = (System.nanoTime() - t0) / 1e9;
                long size;
                try (ResultSet rs = st.executeQuery("select pg_total_relation_size('" + table + "')")) {
                    rs.next();
                    size = rs.getLong(1);
                }
                String line = String.format("| %s | %,d | %.1f | %s |%n", table, dead, secs, gb(size));
                System.out.print(line);
                b.append(line);
            }
        }
        return b.toString();
    }
}
