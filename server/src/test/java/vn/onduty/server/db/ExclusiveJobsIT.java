package vn.onduty.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * Periodic jobs shared by server instances on one real PostgreSQL: of rounds started at the same moment on two
 * instances, one does the work and the others skip; and when the process holding a job is killed, its lock goes with
 * its connection and the next round on the other instance runs.
 */
class ExclusiveJobsIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(ExclusiveJobsIT.class);

    static ExclusiveJobs instance() {
        return new ExclusiveJobs(() -> DriverManager.getConnection(DB.url(), DB.user(), DB.password()));
    }

    @Test
    void roundsStartedAtOnceOnTwoInstancesDoTheWorkOnce() throws Exception {
        ExclusiveJobs first = instance();
        ExclusiveJobs second = instance();
        int rounds = 8;
        AtomicInteger work = new AtomicInteger();
        CountDownLatch othersDone = new CountDownLatch(rounds - 1);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(rounds);
        try {
            List<Future<Optional<Integer>>> results = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                ExclusiveJobs on = i % 2 == 0 ? first : second;
                results.add(pool.submit(() -> {
                    start.await();
                    Optional<Integer> r = on.runIfFree(ExclusiveJob.COMMAND_EXPIRY, () -> {
                        // The winner holds the job until every other round has come and gone.
                        await(othersDone);
                        return work.incrementAndGet();
                    });
                    if (r.isEmpty()) {
                        othersDone.countDown();
                    }
                    return r;
                }));
            }
            start.countDown();
            int ran = 0;
            for (Future<Optional<Integer>> f : results) {
                ran += f.get(30, TimeUnit.SECONDS).isPresent() ? 1 : 0;
            }

            assertThat(ran).isOne();
            assertThat(work.get()).isOne();
            assertThat(first.roundsRun(ExclusiveJob.COMMAND_EXPIRY) + second.roundsRun(ExclusiveJob.COMMAND_EXPIRY)).isOne();
            assertThat(first.roundsSkipped(ExclusiveJob.COMMAND_EXPIRY) + second.roundsSkipped(ExclusiveJob.COMMAND_EXPIRY))
                    .isEqualTo(rounds - 1);
        } finally {
            pool.shutdownNow();
        }

        // Free again once the round is over, and one job's lock is not another's.
        assertThat(second.runIfFree(ExclusiveJob.COMMAND_EXPIRY, () -> 1)).contains(1);
        assertThat(first.runIfFree(ExclusiveJob.SIGN_IN_PURGE,
                () -> second.runIfFree(ExclusiveJob.RETENTION, () -> 2).orElse(0))).contains(2);
    }

    @Test
    void whenTheProcessHoldingAJobIsKilledTheNextRoundOnAnotherInstanceRunsIt() throws Exception {
        Process holder = startHolder(ExclusiveJob.ATTENDANCE_REFRESH);
        try {
            ExclusiveJobs survivor = instance();
            assertThat(survivor.runIfFree(ExclusiveJob.ATTENDANCE_REFRESH, () -> 1))
                    .as("the other process is in the middle of its round").isEmpty();

            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

            // PostgreSQL ends the dead process's session when its socket closes: at once, but not before the kill.
            Optional<Integer> next = Optional.empty();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (next.isEmpty() && System.nanoTime() < deadline) {
                next = survivor.runIfFree(ExclusiveJob.ATTENDANCE_REFRESH, () -> 1);
                if (next.isEmpty()) {
                    Thread.sleep(50);
                }
            }
            assertThat(next).as("the next round, once the holder is gone").contains(1);
            assertThat(survivor.roundsRun(ExclusiveJob.ATTENDANCE_REFRESH)).isOne();
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aRoundIsSkippedNotFailedWhenTheDatabaseCannotBeReached() {
        ExclusiveJobs unreachable = new ExclusiveJobs(() -> {
            throw new SQLException("Connection refused", "08001");
        });

        assertThat(unreachable.runIfFree(ExclusiveJob.RETENTION, () -> 1)).isEmpty();
        assertThat(unreachable.roundsSkipped()).containsEntry("retention", 1L);
        assertThat(unreachable.roundsRun()).containsEntry("retention", 0L);
    }

    /** Another JVM, as another server instance would be, that takes the job and keeps it until it is killed. */
    static Process startHolder(ExclusiveJob job) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Holder.class.getName(), DB.url(), DB.user(), job.name());
        pb.environment().put("ONDUTY_TEST_DB_PASSWORD", DB.password());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.equals("holding " + job.name())) {
                return p;
            }
        }
        throw new AssertionError("The holder process ended before holding " + job + " (exit " + p.waitFor() + ")");
    }

    /** The other instance's main: holds the job's lock in a round that never ends. */
    public static final class Holder {
        public static void main(String[] args) {
            ExclusiveJobs jobs = new ExclusiveJobs(() -> {
                Connection c = DriverManager.getConnection(args[0], args[1], System.getenv("ONDUTY_TEST_DB_PASSWORD"));
                return c;
            });
            ExclusiveJob job = ExclusiveJob.valueOf(args[2]);
            boolean ran = jobs.runIfFree(job, () -> {
                System.out.println("holding " + job.name());
                System.out.flush();
                await(new CountDownLatch(1));
            });
            System.out.println(ran ? "released" : "skipped");
            System.exit(ran ? 0 : 3);
        }
    }

    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("waited 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
