package vn.onduty.server.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.tomcat.jdbc.pool.DataSource;
import org.apache.tomcat.jdbc.pool.PoolProperties;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.postgresql.ds.PGSimpleDataSource;
import vn.onduty.server.db.Migrator;

/** One test class's own database, and direct SQL access to it for arranging and checking stored rows. */
public final class TestDatabase {

    /** Every table that organisation, calendar and retention settings touch, plus the audit log. */
    public static final List<String> ORG_TABLES = List.of("site", "department", "counter", "staff", "user_account",
            "user_scope_site", "user_scope_department", "device_agent", "holiday_year", "holiday", "site_calendar",
            "site_calendar_season", "site_calendar_session", "site_duty_saturday", "retention_setting", "audit_event");

    /** Every table that device agents, terminals and the fingerprint, punch, camera, occupancy and terminal APIs write. */
    public static final List<String> DEVICE_TABLES = List.of("agent_event", "sensor", "enrollment", "agent_command",
            "punch", "punch_resolution", "camera", "camera_zone", "camera_snapshot", "camera_status", "agent_heartbeat",
            "occupancy_event", "occupancy_interval", "terminal", "terminal_record", "terminal_rejected_line", "terminal_user",
            "terminal_pin", "terminal_command");

    /** Every table the counter roster writes. */
    public static final List<String> ROSTER_TABLES = List.of("roster_template", "roster_template_slot", "roster_change",
            "roster_change_revocation");
    /**
     * The records of attendance people make (corrections and the punches approvals add). Not the computed
     * attendance_session rows or their queue: the background worker writes those whenever it likes.
     */
    public static final List<String> ATTENDANCE_TABLES = List.of("attendance_correction", "manual_punch");
    /** Every table the queue tickets, their imports and the quality target write. */
    public static final List<String> QUALITY_TABLES = List.of("queue_ticket", "quality_target", "ticket_source",
            "ticket_import");

    private final String name;
    private final String url;
    private final String user;
    private final String password;
    private Jdbi jdbi;

    public TestDatabase(String name, String url, String user, String password) {
        this.name = name;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public String name() {
        return name;
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /**
     * Brings the database to the migrations' latest, as the server does at start, for tests that use it without
     * starting the server.
     *
     * @return a data source of the database, for what else the test needs
     */
    public PGSimpleDataSource migrate() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser(user);
        ds.setPassword(password);
        Migrator.migrate(ds);
        return ds;
    }

    public synchronized Jdbi jdbi() {
        if (jdbi == null) {
            // Connections are kept, not opened per query: opening one costs more than the snapshot it serves,
            // and the authorisation matrix takes two snapshots per call.
            PoolProperties pool = new PoolProperties();
            pool.setUrl(url);
            pool.setUsername(user);
            pool.setPassword(password);
            pool.setDriverClassName("org.postgresql.Driver");
            pool.setInitialSize(0);
            pool.setMinIdle(0);
            pool.setMaxIdle(2);
            pool.setMaxActive(8);
            jdbi = Jdbi.create(new DataSource(pool)).installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
        }
        return jdbi;
    }

    public long count(String table) {
        return count(table, "true");
    }

    /** Rows of {@code table} matching a SQL condition, e.g. {@code count("audit_event", "action = 'site.create'")}. */
    public long count(String table, String where) {
        return jdbi().withHandle(h -> h.createQuery("select count(*) from " + table + " where " + where)
                .mapTo(Long.class).one());
    }

    /**
     * Row count and a digest of every row of each table in {@link #ORG_TABLES}, {@link #DEVICE_TABLES} and
     * {@link #ROSTER_TABLES}, {@link #ATTENDANCE_TABLES}, {@link #QUALITY_TABLES}:
     * equal snapshots mean nothing was inserted, changed or deleted in between. {@code last_seen_at} is
     * left out: it is bookkeeping of who authenticated when, not a change to the organisation.
     */
    public Map<String, String> snapshot() {
        List<String> all = new ArrayList<>(ORG_TABLES);
        all.addAll(DEVICE_TABLES);
        all.addAll(ROSTER_TABLES);
        all.addAll(ATTENDANCE_TABLES);
        all.addAll(QUALITY_TABLES);
        return snapshot(all);
    }

    /** {@link #snapshot()} of just these tables. */
    public Map<String, String> snapshot(List<String> names) {
        // One statement for all tables: the authorisation matrix takes two snapshots per refused call.
        String sql = names.stream()
                .map(table -> "select '" + table + "' as name, count(*) || ' rows, md5 ' || coalesce(md5(string_agg(r, '|' order by r)), '-') as digest"
                        + " from (select (to_jsonb(t) - 'last_seen_at')::text as r from " + table + " t) rows")
                .collect(Collectors.joining(" union all "));
        Map<String, String> tables = new LinkedHashMap<>();
        jdbi().useHandle(h -> h.createQuery(sql).mapToMap().forEach(r -> tables.put((String) r.get("name"), (String) r.get("digest"))));
        return tables;
    }

    /** A row as {@link #rows} returns it, to compare with: {@code row("slot", 3, "staff_id", null)}. Nulls allowed. */
    public static Map<String, Object> row(Object... columnsAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            row.put((String) columnsAndValues[i], columnsAndValues[i + 1]);
        }
        return row;
    }

    /**
     * The tables with a row holding {@code text} in any column (every row read as JSON text: text, json and the
     * rest), for tests that plant a secret and make sure it is stored nowhere.
     */
    public List<String> tablesContaining(String text) {
        return jdbi().withHandle(h -> {
            List<String> tables = h.createQuery("""
                    select table_name from information_schema.tables
                     where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name
                    """).mapTo(String.class).list();
            List<String> holding = new ArrayList<>();
            for (String table : tables) {
                if (h.createQuery("select exists (select 1 from \"" + table + "\" t where strpos(to_jsonb(t)::text, :text) > 0)")
                        .bind("text", text).mapTo(Boolean.class).one()) {
                    holding.add(table);
                }
            }
            return holding;
        });
    }

    public List<Map<String, Object>> rows(String sql, Object... args) {
        return jdbi().withHandle(h -> {
            var q = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                q.bind(i, args[i]);
            }
            return new ArrayList<>(q.mapToMap().list());
        });
    }
}
