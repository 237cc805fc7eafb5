package vn.onduty.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import vn.onduty.server.db.JdbiSetup;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * A statement that fails unexpectedly answers 500 and is logged with a reference; the log line must name the
 * statement and the SQL state, never a value bound to it (a token hash, a session token, a password). Three ways
 * PostgreSQL and JDBI repeat values: JDBI's own "arguments" part, PostgreSQL's primary message ("invalid input
 * syntax ... "value"") and its detail ("Key (token)=(value) conflicts ..."). Real PostgreSQL, the server's Jdbi
 * set-up, the server's mapper.
 */
class UnexpectedDatabaseErrorIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(UnexpectedDatabaseErrorIT.class);
    static final String TOKEN = "tok_7Hq2-bi-mat-khong-duoc-ghi-log";

    static Jdbi jdbi;
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    final Logger mapperLog = (Logger) LoggerFactory.getLogger(ExceptionMappers.class);

    @BeforeAll
    static void arrange() {
        jdbi = JdbiSetup.configure(Jdbi.create(DB.url(), DB.user(), DB.password()));
        jdbi.useHandle(h -> h.execute("create extension if not exists btree_gist"));
        jdbi.useHandle(h -> h.execute("create table probe (token text, exclude using gist (token with =))"));
    }

    @BeforeEach
    void capture() {
        logs.start();
        mapperLog.addAppender(logs);
    }

    @AfterEach
    void release() {
        mapperLog.detachAppender(logs);
    }

    @Test
    void aStatementThatDoesNotParseIsLoggedWithoutItsArguments() {
        String line = answerAndLog(h -> h.createUpdate("insert into probe (token) valuez (:token)")
                .bind("token", TOKEN).execute());

        assertThat(line).contains("42601").contains("insert into probe (token) valuez (:token)");
    }

    @Test
    void aValueThatDoesNotConvertIsLoggedWithoutTheValue() {
        String line = answerAndLog(h -> h.createQuery("select cast(:token as integer)").bind("token", TOKEN)
                .mapTo(Integer.class).one());

        assertThat(line).contains("22P02");
    }

    @Test
    void aBrokenRuleIsLoggedWithItsConstraintButWithoutTheRowsValues() {
        jdbi.useHandle(h -> h.createUpdate("insert into probe (token) values (:token)").bind("token", TOKEN).execute());

        String line = answerAndLog(h -> h.createUpdate("insert into probe (token) values (:token)")
                .bind("token", TOKEN).execute());

        assertThat(line).contains("23P01").contains("probe_token_excl");
    }

    @Test
    void anExceptionsOwnMessageNamesTheStatementButNotItsArguments() {
        // Background work (the attendance worker, expiry runs) logs exceptions as they are.
        Throwable failure = catchThrowable(() -> jdbi.useHandle(h -> h.createUpdate("insert into probe (token) valuez (:token)")
                .bind("token", TOKEN).execute()));

        assertThat(failure.getMessage()).contains("valuez (:token)").doesNotContain(TOKEN);
    }

    /** Runs the failing statement, maps its exception as a resource's would be, and returns what was logged. */
    private String answerAndLog(Consumer<Handle> failing) {
        Throwable failure = catchThrowable(() -> jdbi.useHandle(failing::accept));
        assertThat(failure).as("the statement failed").isNotNull();
        mapperLog.setLevel(Level.DEBUG);

        Response answer = new ExceptionMappers.Unexpected().toResponse(failure);

        assertThat(answer.getStatus()).isEqualTo(500);
        ErrorBody body = (ErrorBody) answer.getEntity();
        List<String> lines = logs.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
        assertThat(lines).hasSize(1);
        String line = lines.get(0);
        assertThat(line).as("the log line gives the reference the answer shows")
                .contains(body.message().replaceAll(".*reference ([0-9a-f]+).*", "$1"));
        assertThat(line).doesNotContain(TOKEN);
        assertThat(body.message()).doesNotContain(TOKEN);
        return line;
    }
}
