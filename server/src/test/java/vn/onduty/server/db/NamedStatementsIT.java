package vn.onduty.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * The statements the server sends: named after their DAO method (what pg_stat_activity shows an operator), with
 * {@code @Define} attributes filled in, and parsed once however often they run (NamedStatements).
 */
class NamedStatementsIT {

    /** A DAO as the server's are written. */
    public interface Probe {
        @SqlQuery("select query from pg_stat_activity where pid = pg_backend_pid()")
        String ownText();

        @SqlQuery("select count(*) from (values (1), (2), (3)) as t(<column>) where <column> >= 2")
        int countFrom(@Define("column") String column);

        @SqlQuery("select <n> + 1")
        int plusOne(@Define("n") String n);
    }

    static Jdbi jdbi;

    @BeforeAll
    static void setUp() {
        TestDatabase db = TestPostgres.freshDatabase(NamedStatementsIT.class);
        jdbi = JdbiSetup.configure(Jdbi.create(db.url(), db.user(), db.password()));
    }

    @Test
    void postgresSeesTheDaoMethodBeforeTheStatement() {
        String seen = jdbi.withExtension(Probe.class, Probe::ownText);

        assertThat(seen).isEqualTo("/* Probe.ownText */ select query from pg_stat_activity where pid = pg_backend_pid()");
    }

    @Test
    void definedAttributesAreFilledIn() {
        int first = jdbi.withExtension(Probe.class, p -> p.countFrom("n"));
        int second = jdbi.withExtension(Probe.class, p -> p.countFrom("value"));

        assertThat(first).isEqualTo(2);
        assertThat(second).isEqualTo(2);
    }

    @Test
    void aStatementRunAHundredTimesIsParsedOnceAndKept() {
        int before = cached();

        for (int i = 0; i < 100; i++) {
            jdbi.withHandle(h -> h.attach(Probe.class).plusOne("41"));
        }

        // Kept in JDBI's template cache: one entry for the statement, however many handles ran it. An engine JDBI
        // cannot cache (Dropwizard's NamePrependingTemplateEngine) leaves the cache as it was and lexes every run.
        assertThat(cached()).isEqualTo(before + 1);
    }

    private static int cached() {
        return ((org.jdbi.v3.core.cache.internal.DefaultJdbiCacheStats) jdbi.getConfig(SqlStatements.class).cacheStats())
                .cacheSize();
    }
}
