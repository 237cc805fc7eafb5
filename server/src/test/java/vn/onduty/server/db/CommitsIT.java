package vn.onduty.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/** A statement that asks commits without waiting for the disk; nothing else on the connection does. */
class CommitsIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(CommitsIT.class);

    @Test
    void onlyTheStatementThatAsksCommitsWithoutWaitingAndItsRowsAreStored() {
        DB.jdbi().useHandle(h -> {
            // The suite's throw-away cluster may run without synchronous commits; a server's runs with them.
            h.execute("set synchronous_commit = on");
            h.execute("create temporary table beat (at int)");
            String inside = h.createQuery("with nowait as (" + Commits.WITHOUT_WAITING_FOR_DISK + ") "
                            + "insert into beat select 1 from nowait returning current_setting('synchronous_commit')")
                    .mapTo(String.class).one();

            assertThat(h.isInTransaction()).as("a statement of its own").isFalse();
            assertThat(inside).isEqualTo("off");
            assertThat(setting(h)).as("the next statement on the pooled connection").isEqualTo("on");
            assertThat(h.createQuery("select count(*) from beat").mapTo(Integer.class).one()).isEqualTo(1);
        });
    }

    @Test
    void inATransactionItLastsUntilTheCommit() {
        DB.jdbi().useHandle(h -> {
            h.execute("set synchronous_commit = on");
            String later = h.inTransaction(t -> {
                t.createQuery(Commits.WITHOUT_WAITING_FOR_DISK).mapTo(String.class).one();
                return setting(t);
            });

            assertThat(later).as("a later statement of the same transaction").isEqualTo("off");
            assertThat(setting(h)).as("after the commit").isEqualTo("on");
        });
    }

    private static String setting(Handle h) {
        return h.createQuery("show synchronous_commit").mapTo(String.class).one();
    }
}
