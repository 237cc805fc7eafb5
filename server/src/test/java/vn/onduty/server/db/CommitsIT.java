package vn.onduty.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/** A heartbeat's commit skips the wait for the disk; nothing else on the connection does. */
class CommitsIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(CommitsIT.class);

    @Test
    void onlyTheTransactionThatAsksCommitsWithoutWaitingAndItsRowsAreStored() {
        DB.jdbi().useHandle(h -> {
            // The suite's throw-away cluster may run without synchronous commits; a server's runs with them.
            h.execute("set synchronous_commit = on");
            h.execute("create temporary table beat (at int)");
            String inside = h.inTransaction(t -> {
                Commits.withoutWaitingForDisk(t);
                t.execute("insert into beat values (1)");
                return setting(t);
            });

            assertThat(inside).isEqualTo("off");
            assertThat(setting(h)).as("the next transaction on the pooled connection").isEqualTo("on");
            assertThat(h.createQuery("select count(*) from beat").mapTo(Integer.class).one()).isEqualTo(1);
        });
    }

    @Test
    void outsideATransactionItIsRefusedRatherThanChangingTheWholeConnection() {
        DB.jdbi().useHandle(h -> assertThatThrownBy(() -> Commits.withoutWaitingForDisk(h))
                .isInstanceOf(IllegalStateException.class));
    }

    private static String setting(Handle h) {
        return h.createQuery("show synchronous_commit").mapTo(String.class).one();
    }
}
