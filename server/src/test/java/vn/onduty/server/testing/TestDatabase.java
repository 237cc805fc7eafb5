package vn.onduty.server.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** One test class's own database, and direct SQL access to it for arranging and checking stored rows. */
public final class TestDatabase {

    /** Every table that organisation and calendar changes touch, plus the audit log. */
    public static final List<String> ORG_TABLES = List.of("site", "department", "counter", "staff", "user_account",
            "user_scope_site", "user_scope_department", "device_agent", "holiday_year", "holiday", "site_calendar",
            "site_calendar_season", "site_calendar_session", "site_duty_saturday", "audit_event");

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

    public synchronized Jdbi jdbi() {
        if (jdbi == null) {
            jdbi = Jdbi.create(url, user, password).installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
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
     * Row count and a digest of every row of each table in {@link #ORG_TABLES}: equal snapshots mean
     * nothing was inserted, changed or deleted in between. {@code last_seen_at} is left out: it is
     * bookkeeping of who authenticated when, not a change to the organisation.
     */
    public Map<String, String> snapshot() {
        Map<String, String> tables = new LinkedHashMap<>();
        jdbi().useHandle(h -> {
            for (String table : ORG_TABLES) {
                tables.put(table, h.createQuery("select count(*) || ' rows, md5 ' || coalesce(md5(string_agg(r, '|' order by r)), '-')"
                                + " from (select (to_jsonb(t) - 'last_seen_at')::text as r from " + table + " t) rows")
                        .mapTo(String.class).one());
            }
        });
        return tables;
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
