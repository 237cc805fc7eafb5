package vn.onduty.server.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * What the application role may do with the tables the owner's migrations made: read and write rows, nothing else.
 * It owns nothing, so it can neither alter nor drop a table, nor disable a trigger; it has no TRUNCATE, and on the
 * append-only tables it may only add and read rows. The audit log itself is append-only with the two exceptions its
 * triggers allow (0183, 0226): the retention job deletes events older than a year, and an anonymisation redacts the
 * names in events about an officer; so the role may delete there (the trigger refuses anything younger), and update
 * only the columns a redaction changes (the trigger refuses it outside an anonymisation), never an event's time,
 * action or subject. Applied by the owner after every migration at start, in one transaction, so that each new
 * table is covered.
 */
public final class Grants {

    /** Tables whose rows are never changed or deleted once written. */
    public static final List<String> APPEND_ONLY = List.of("audit_event", "audit_event_subject");

    /** The columns of {@code audit_event} an anonymisation redacts (0226). */
    public static final List<String> AUDIT_REDACTABLE = List.of("actor", "entity_id", "before", "after", "ip");

    private Grants() {}

    /** Statements that give {@code role} exactly the rights above; {@code role} must be a plain lower-case name. */
    public static List<String> statementsFor(String role) {
        if (!role.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database.user must be a plain role name (a-z, 0-9, _): " + role);
        }
        String r = "\"" + role + "\"";
        return List.of(
                "grant usage on schema public to " + r,
                "revoke all on all tables in schema public from " + r,
                "grant select, insert, update, delete on all tables in schema public to " + r,
                "revoke update, delete on " + String.join(", ", APPEND_ONLY) + " from " + r,
                "grant delete, update (\"" + String.join("\", \"", AUDIT_REDACTABLE) + "\") on audit_event to " + r,
                "revoke all on databasechangelog, databasechangeloglock from " + r,
                "grant usage, select on all sequences in schema public to " + r);
    }

    /** Run as the owner of the tables. */
    public static void apply(DataSource owner, String role) {
        try (Connection c = owner.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                for (String sql : statementsFor(role)) {
                    st.execute(sql);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not grant the application role " + role
                    + " its rights (database.migrationUser must own the tables): " + e.getMessage(), e);
        }
    }
}
