package vn.onduty.server.backup;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every table's row count and an MD5 of all its rows, computed in SQL from the catalog, independently of the
 * backup's own code: each row as PostgreSQL prints it (generated columns included), in the order of that text.
 * Inside an imported snapshot when given one, so a test sees exactly what a backup saw.
 */
final class TableChecksums {

    private TableChecksums() {}

    static Map<String, String> of(Connection c) throws SQLException {
        return of(c, null);
    }

    static Map<String, String> of(Connection c, String snapshotId) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("set transaction isolation level repeatable read");
            if (snapshotId != null) {
                st.execute("set transaction snapshot '" + snapshotId + "'");
            }
            st.execute("set local time zone 'UTC'");
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("""
                    select format('%I.%I', n.nspname, c.relname)
                      from pg_class c join pg_namespace n on n.oid = c.relnamespace
                     where c.relkind in ('r', 'p') and not c.relispartition
                       and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
                       and c.relname not in ('databasechangelog', 'databasechangeloglock')
                    """)) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            Map<String, String> sums = new TreeMap<>();
            for (String table : tables) {
                try (ResultSet rs = st.executeQuery("select count(*) || ' rows, md5 ' || md5(coalesce(string_agg(r, "
                        + "E'\\n' order by r collate \"C\"), '')) from (select t::text as r from " + table + " t) x")) {
                    rs.next();
                    sums.put(table, rs.getString(1));
                }
            }
            c.commit();
            return sums;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }
}
