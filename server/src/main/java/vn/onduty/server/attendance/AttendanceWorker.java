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

/**
 * Keeps computed attendance current in the background: drains the queue of changed officer-days every
 * {@code queueInterval}, and every {@code refreshInterval} brings yesterday and today of every active
 * officer up to date, so that today's sessions become final after they end without anybody reading them.
 * Safe with several server instances: each takes queued days with {@code for update skip locked}, and
 * recomputes of one officer are serialised by {@link AttendanceRecompute}.
 */
public final class AttendanceWorker implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(AttendanceWorker.class);
    /** Batches per queue run at most, so that a flood never starves the refresh. */
    private static final int MAX_BATCHES = 100;

    private final AttendanceRecompute recompute;
    private final Jdbi jdbi;
    private final AttendanceConfiguration config;
    private final Clock clock;
    private ScheduledExecutorService executor;

    public AttendanceWorker(AttendanceRecompute recompute, Jdbi jdbi, AttendanceConfiguration config, Clock clock) {
        this.recompute = recompute;
        this.jdbi = jdbi;
        this.config = config;
        this.clock = clock;
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

    /** Yesterday and today of every active officer, in whatever zone each is (the query clips to each one's today). */
    public int refreshRecentDays() {
        try {
            LocalDate utcToday = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            List<Long> staff = jdbi.withExtension(AttendanceDao.class, AttendanceDao::activeStaff);
            return recompute.ensureFresh(staff, utcToday.minusDays(2), utcToday.plusDays(1));
        } catch (RuntimeException e) {
            LOG.error("Refreshing recent attendance failed", DatabaseFailures.redacted(e));
            return 0;
        }
    }
}
