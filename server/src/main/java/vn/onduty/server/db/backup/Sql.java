package vn.onduty.server.db.backup;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/** Quoting and the session settings that make a row's text the same when written and when checked again. */
final class Sql {

    private Sql() {}

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String qualified(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }

    static String columns(List<String> columns) {
        return columns.stream().map(Sql::quote).collect(Collectors.joining(", "));
    }

    /** The query whose COPY output is both the backup's entry and what its digest is taken over. */
    static String orderedRows(BackupManifest.Table table) {
        String order = table.orderBy().isEmpty()
                // No primary key: order by the whole row's text, which is deterministic for equal rows too.
                ? "t::text collate \"C\""
                : table.orderBy().stream().map(c -> "t." + quote(c)).collect(Collectors.joining(", "));
        String cols = table.columns().stream().map(c -> "t." + quote(c)).collect(Collectors.joining(", "));
        return "copy (select " + cols + " from " + table.qualified() + " t order by " + order + ") to stdout";
    }

    /**
     * Dates, times, intervals, floats and bytes are written as text under these settings; backup and restore both set
     * them, whatever the server's or the role's defaults, so the same row gives the same bytes.
     */
    static void deterministicText(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("set time zone 'UTC'");
            st.execute("set datestyle = 'ISO, YMD'");
            st.execute("set intervalstyle = 'postgres'");
            st.execute("set extra_float_digits = 3");
            st.execute("set bytea_output = 'hex'");
            st.execute("set client_encoding = 'UTF8'");
        }
    }
}
