package vn.onduty.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import vn.onduty.server.db.JdbiSetup;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * The punch insert finds each punch's enrollment through an index: it once read the whole enrollment table per
 * punch (14 ms each with 102,000 enrollments, the morning peak's largest cost in the fleet benchmark). The plan of
 * the statement as the server sends it, with sequential scans priced out: where no index serves, PostgreSQL still
 * has to scan.
 */
class PunchPlanIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(PunchPlanIT.class);

    @Test
    void thePunchInsertReadsEnrollmentsByIndex() throws Exception {
        String insert = IngestDao.class.getMethod("insertPunches", long.class, String[].class, Long[].class,
                String[].class, Integer[].class, Integer[].class, String[].class, String[].class)
                .getAnnotation(SqlUpdate.class).value();
        PGSimpleDataSource ds = DB.migrate();
        Jdbi jdbi = JdbiSetup.configure(Jdbi.create(ds));

        List<String> plan = jdbi.inTransaction(h -> {
            h.execute("set local enable_seqscan = off");
            return h.createQuery("explain " + insert)
                    .bind("agentId", 1L)
                    .bind("streams", new String[] {"fingerprint"})
                    .bind("seqs", new Long[] {1L})
                    .bind("sensors", new String[] {"cua-chinh"})
                    .bind("slots", new Integer[] {5})
                    .bind("scores", new Integer[] {80})
                    .bind("ats", new String[] {"2026-11-26T00:31:05Z"})
                    .bind("flags", new String[] {null})
                    .mapTo(String.class).list();
        });

        assertThat(String.join("\n", plan)).contains("enrollment").doesNotContain("Seq Scan on enrollment");
    }
}
