package vn.onduty.server.attendance;

import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.server.db.DatabaseFailures;
import vn.onduty.server.db.ExclusiveJob;
import vn.onduty.server.db.ExclusiveJobs;

/**
 * Keeps computed attendance current in the background: drains the queue of changed officer-days every
 * {@code queueInterval}, and every {@code refreshInterval} makes final the recent sessions that ended, without
 * anybody reading them, and computes the days of officers added since; every {@code fullRefreshInterval}, and when
 * a site's date changes, that round checks yesterday and today of every active officer instead, which also finds
 * the days never computed (a new day, an officer back in service).
 * With several server instances on one database: every instance drains the queue (each takes queued days with
 * {@code for update skip locked}, so they share it), and the refresh runs on one instance at a time
 * ({@link ExclusiveJob#ATTENDANCE_REFRESH}): a pass over every active officer done twice is the same work twice.
 * Each instance keeps when it last did the full pass: with several, the full pass may come more often than
 * {@code fullRefreshInterval}, never less.
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
    private final Duration fullRefreshEvery;
    /** Null until this instance has checked every officer's days once. */
    private volatile FullPass lastFullPass;
    private ScheduledExecutorService executor;

    public AttendanceWorker(AttendanceRecompute recompute, Jdbi jdbi, AttendanceConfiguration config, Clock clock,
                            ExclusiveJobs exclusive) {
        this.recompute = recompute;
        this.jdbi = jdbi;
        this.config = config;
        this.clock = clock;
        this.exclusive = exclusive;
        this.fullRefreshEvery = Duration.ofMillis(config.getFullRefreshInterval().toMilliseconds());
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
     * Yesterday and today of every active officer, in whatever zone each is (the queries clip to each one's today),
     * unless another instance is doing it now. Each officer's days are checked (which also finds days never
     * computed) every {@code fullRefreshInterval} and whenever a site's date changed since; in the rounds between,
     * only the sessions that ended and the days of officers added since.
     *
     * @return how many officer-days this instance computed (0 when another instance had the round)
     */
    public int refreshRecentDays() {
        try {
            return exclusive.runIfFree(ExclusiveJob.ATTENDANCE_REFRESH, () -> {
                Instant now = clock.instant();
                LocalDate utcToday = LocalDate.ofInstant(now, ZoneOffset.UTC);
                LocalDate from = utcToday.minusDays(2);
                LocalDate to = utcToday.plusDays(1);
                AttendanceDao dao = jdbi.onDemand(AttendanceDao.class);
                List<Long> staff = dao.activeStaff();
                Set<LocalDate> dates = dao.siteTimeZones().stream()
                        .map(zone -> LocalDate.ofInstant(now, ZoneId.of(zone))).collect(Collectors.toSet());
                FullPass last = lastFullPass;
                if (last == null || !now.isBefore(last.at().plus(fullRefreshEvery)) || !dates.equals(last.dates())) {
                    int computed = recompute.ensureFresh(staff, from, to);
                    lastFullPass = new FullPass(now, sorted(staff), dates);
                    return computed;
                }
                int computed = recompute.recompute(dao.ended(from, to, now));
                List<Long> added = staff.stream().filter(id -> Arrays.binarySearch(last.staff(), id) < 0).toList();
                if (!added.isEmpty()) {
                    computed += recompute.ensureFresh(added, from, to);
                    lastFullPass = new FullPass(last.at(), sorted(staff), last.dates());
                }
                return computed;
            }).orElse(0);
        } catch (RuntimeException e) {
            LOG.error("Refreshing recent attendance failed", DatabaseFailures.redacted(e));
            return 0;
        }
    }

    private static long[] sorted(List<Long> ids) {
        return ids.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** This instance's last check of every officer's days: when, whom it checked (sorted ids), each site zone's date. */
    private record FullPass(Instant at, long[] staff, Set<LocalDate> dates) {}
}
