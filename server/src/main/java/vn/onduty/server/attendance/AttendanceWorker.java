package vn.onduty.server.attendance;

import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.server.db.DatabaseFailures;
import vn.onduty.server.db.ExclusiveJob;
import vn.onduty.server.db.ExclusiveJobs;

/**
 * Keeps computed attendance current in the background: drains the queue of changed officer-days every
 * {@code queueInterval}, and every {@code refreshInterval} brings yesterday and today of every active
 * officer up to date, so that today's sessions become final after they end without anybody reading them.
 * With several server instances on one database: every instance drains the queue (each takes queued days with
 * {@code for update skip locked}, so they share it), and the refresh runs on one instance at a time
 * ({@link ExclusiveJob#ATTENDANCE_REFRESH}): a pass over every active officer done twice is the same work twice.
 * Recomputes of one officer are serialised by {@link AttendanceRecompute} either way.
 */
public final class AttendanceWorker implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(AttendanceWorker.class);
    /** Batches per queue run at most, so that a flood never starves the refresh. */
    private static final int MAX_BATCHES = 100;

    private final AttendanceRecompute recompute;
    private final Jdbi jdbi;
    private final AttendanceConfiguration config;
    private final Clock clock;
    private final ExclusiveJobs exclusive;
    private ScheduledExecutorService executor;

    public AttendanceWorker(AttendanceRecompute recompute, Jdbi jdbi, AttendanceConfiguration config, Clock clock,
                            ExclusiveJobs exclusive) {
        this.recompute = recompute;
        this.jdbi = jdbi;
        this.config = config;
        this.clock = clock;
        this.exclusive = exclusive;
    }

    @Override
    public void start() {
        if (!config.isWorkerEnabled()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "attendance-worker");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::drainQueue, 0, config.getQueueInterval().toMilliseconds(),
                TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(this::refreshRecentDays, 0, config.getRefreshInterval().toMilliseconds(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** Drains the queue until it is empty (or {@link #MAX_BATCHES} batches ran), on the recompute's parallel groups. */
    public int drainQueue() {
        try {
            return recompute.drainQueue(config.getBatchSize(), MAX_BATCHES);
        } catch (RuntimeException e) {
            // Never let one failure stop the schedule; the days stay queued and are retried.
            LOG.error("Recomputing queued attendance failed", DatabaseFailures.redacted(e));
            return 0;
        }
    }

    /**
     * Yesterday and today of every active officer, in whatever zone each is (the query clips to each one's today),
     * unless another instance is doing it now.
     *
     * @return how many officer-days this instance computed (0 when another instance had the round)
     */
    public int refreshRecentDays() {
        try {
            return exclusive.runIfFree(ExclusiveJob.ATTENDANCE_REFRESH, () -> {
                LocalDate utcToday = LocalDate.now(clock.withZone(ZoneOffset.UTC));
                List<Long> staff = jdbi.withExtension(AttendanceDao.class, AttendanceDao::activeStaff);
                return recompute.ensureFresh(staff, utcToday.minusDays(2), utcToday.plusDays(1));
            }).orElse(0);
        } catch (RuntimeException e) {
            LOG.error("Refreshing recent attendance failed", DatabaseFailures.redacted(e));
            return 0;
        }
    }
}
