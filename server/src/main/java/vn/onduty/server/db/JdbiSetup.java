package vn.onduty.server.db;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * How every Jdbi of the server is set up: the SqlObject and PostgreSQL plugins, and exception messages that
 * name the statement but never the values bound to it, and statements parsed once ({@link NamedStatements}). JDBI's default message ends in
 * {@code arguments:{named:{tokenHash:...}}}, and an exception's message ends up in a log line (a 500, a failed
 * background run), so hashes, tokens and passwords would too.
 */
public final class JdbiSetup {

    private JdbiSetup() {}

    public static Jdbi configure(Jdbi jdbi) {
        jdbi.installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
        jdbi.setTemplateEngine(new NamedStatements());
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(JdbiSetup::withoutArguments);
        return jdbi;
    }

    /** The failure and the statement as written in its DAO (named parameters, never their values). */
    static String withoutArguments(StatementException e) {
        return e.getShortMessage() + DatabaseFailures.statement(e);
    }
}
