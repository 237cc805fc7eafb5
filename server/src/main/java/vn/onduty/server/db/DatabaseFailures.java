package vn.onduty.server.db;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * What a failed statement may tell a log. PostgreSQL repeats values in its messages ("invalid input syntax for
 * type integer: "…"", "Key (token_hash)=(…) already exists", "Failing row contains (…)"), and JDBI adds the bound
 * arguments: a token hash or a password would be written to disk with the stack trace. {@link #redacted} keeps the
 * stack and what identifies the failure (SQL state, constraint, table, column, the statement as written in its DAO)
 * and drops every such message.
 */
public final class DatabaseFailures {

    /** The statement's text is cut here: enough to find it in its DAO, not a page of SQL per log line. */
    static final int STATEMENT_LIMIT = 300;

    private DatabaseFailures() {}

    /** {@code " [statement: \"...\"]"} as written in the DAO, or nothing when the exception has no statement. */
    public static String statement(StatementException e) {
        StatementContext context = e.getStatementContext();
        String sql = context == null ? null : context.getRawSql();
        if (sql == null) {
            return "";
        }
        String flat = sql.strip().replaceAll("\\s+", " ");
        return " [statement: \"" + (flat.length() > STATEMENT_LIMIT ? flat.substring(0, STATEMENT_LIMIT) + "…" : flat) + "\"]";
    }

    /**
     * The same chain of causes with the same stack traces, each database exception's message replaced by what
     * identifies it; {@code e} itself when no database exception is in it.
     */
    public static Throwable redacted(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        boolean database = false;
        for (Throwable t = e; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            chain.add(t);
            database |= t instanceof SQLException || t instanceof JdbiException;
        }
        if (!database) {
            return e;
        }
        Throwable out = null;
        for (int i = chain.size() - 1; i >= 0; i--) {
            Throwable t = chain.get(i);
            Redacted copy = new Redacted(describe(t), out);
            copy.setStackTrace(t.getStackTrace());
            out = copy;
        }
        return out;
    }

    private static String describe(Throwable t) {
        if (t instanceof StatementException s) {
            return s.getClass().getName() + statement(s);
        }
        if (t instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            StringBuilder b = new StringBuilder(p.getClass().getName()).append(": SQL state ").append(p.getSQLState());
            append(b, "constraint", m.getConstraint());
            append(b, "table", m.getTable());
            append(b, "column", m.getColumn());
            append(b, "routine", m.getRoutine());
            return b.toString();
        }
        if (t instanceof SQLException s) {
            return s.getClass().getName() + ": SQL state " + s.getSQLState();
        }
        if (t instanceof JdbiException) {
            return t.getClass().getName();
        }
        return t.toString();
    }

    private static void append(StringBuilder b, String name, String value) {
        if (value != null) {
            b.append(", ").append(name).append(' ').append(value);
        }
    }

    /** A link of a redacted chain: its message already names the original exception's class. */
    static final class Redacted extends RuntimeException {
        Redacted(String message, Throwable cause) {
            super(message, cause, false, true);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
