package vn.onduty.server.retention;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.db.DatabaseFailures;
import vn.onduty.server.db.ExclusiveJob;
import vn.onduty.server.db.ExclusiveJobs;

/**
 * The nightly deletion of what is past its retention. Ticked every minute by a Dropwizard-managed scheduler; on the
 * first tick of a night at or after {@code runAt} (within three hours of it: a server started at noon waits for the
 * next night) it claims the night's run in the database (so several instances run it once), and removes each kind
 * from before its cut-off (now less its days), in the order that frees what the next kind keeps (an unresolved
 * punch before the raw event it was made from). Each kind's count and cut-off, or its error, go to the run's row and
 * to the audit log as one {@code retention.run} event. The clock is injected: tests move it to the night.
 *
 * <p>Several instances: the run holds the {@link ExclusiveJob#RETENTION} lock from its claim to its end, so an
 * instance ticking meanwhile skips and tries again at its next tick. A claimed night whose run is unfinished while
 * nobody holds the lock was left by an instance that died (its lock went with its connection): the next tick, on any
 * instance, takes the claim over and runs the night again (each kind's deletion is "what is older than the cut-off",
 * so what the first run removed is simply not found again).
 */
public final class RetentionJob {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
    /** The order of a run: what is made from raw events goes before the raw events. */
    static final List<RetentionKind> ORDER = List.of(RetentionKind.UNRESOLVED_PUNCHES, RetentionKind.OCCUPANCY,
            RetentionKind.AGENT_EVENTS, RetentionKind.CAMERA_SNAPSHOTS, RetentionKind.TICKETS, RetentionKind.LOGINS,
            RetentionKind.AUDIT_EVENTS);
    private static final Duration WINDOW = Duration.ofHours(3);

    private final Jdbi jdbi;
    private final RetentionService settings;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Clock clock;
    private final LocalTime runAt;
    private final ZoneId zone;
    private final Map<RetentionKind, Eraser> erasers;
    private final ExclusiveJobs exclusive;
    /** The last night this instance found done (by itself or another): no more ticks for it. */
    private volatile LocalDate lastDone;

    public RetentionJob(Jdbi jdbi, RetentionService settings, AuditLog audit, ObjectMapper json, Clock clock,
                        RetentionConfiguration config, ExclusiveJobs exclusive) {
        this.jdbi = jdbi;
        this.settings = settings;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
        this.runAt = config.getRunAt();
        this.zone = config.getTimeZone();
        this.erasers = erasers(jdbi, config.getBatchSize(), config.getPauseBetweenBatches());
        this.exclusive = exclusive;
    }

    /** Each kind's eraser: today batch deletes; a partitioned table's kind would drop its old months instead. */
    private static Map<RetentionKind, Eraser> erasers(Jdbi jdbi, int size, Duration pause) {
        Map<RetentionKind, Eraser> e = new LinkedHashMap<>();
        e.put(RetentionKind.AGENT_EVENTS, new RawEventRetention(jdbi, size, pause));
        e.put(RetentionKind.UNRESOLVED_PUNCHES, batches(jdbi, size, pause, (dao, c, l) -> dao.deleteUnresolvedPunches(c, l)));
        e.put(RetentionKind.OCCUPANCY, both(batches(jdbi, size, pause, (dao, c, l) -> dao.deleteOccupancyIntervals(c, l)),
                batches(jdbi, size, pause, (dao, c, l) -> dao.deleteOccupancyEvents(c, l))));
        e.put(RetentionKind.CAMERA_SNAPSHOTS, batches(jdbi, size, pause, (dao, c, l) -> dao.deleteCameraSnapshots(c, l)));
        e.put(RetentionKind.TICKETS, both(batches(jdbi, size, pause, (dao, c, l) -> dao.deleteTickets(c, l)),
                batches(jdbi, size, pause, (dao, c, l) -> dao.deleteTicketFiles(c, l))));
        e.put(RetentionKind.LOGINS, both(batches(jdbi, size, pause, (dao, c, l) -> dao.deleteLoginAttempts(c, l)),
                batches(jdbi, size, pause, (dao, c, l) -> dao.deleteEndedSessions(c, l))));
        e.put(RetentionKind.AUDIT_EVENTS, batches(jdbi, size, pause, (dao, c, l) -> {
            dao.markRetention();
            return dao.deleteAuditEvents(c, l);
        }));
        return e;
    }

    @FunctionalInterface
    private interface DaoBatch {
        int delete(RetentionDao dao, Instant cutoff, int limit);
    }

    private static Eraser batches(Jdbi jdbi, int size, Duration pause, DaoBatch batch) {
        return new BatchDelete(jdbi, (h, cutoff, limit) -> batch.delete(h.attach(RetentionDao.class), cutoff, limit),
                size, pause);
    }

    private static Eraser both(Eraser first, Eraser second) {
        return cutoff -> first.eraseBefore(cutoff) + second.eraseBefore(cutoff);
    }

    /** Called every minute: runs the night's deletion once, at its time. Never throws (the schedule must go on). */
    public void tick() {
        try {
            ZonedDateTime now = clock.instant().atZone(zone);
            ZonedDateTime start = now.toLocalDate().atTime(runAt).atZone(zone);
            if (now.isBefore(start)) {
                start = start.minusDays(1);
            }
            LocalDate night = start.toLocalDate();
            if (now.isBefore(start.plus(WINDOW)) && (lastDone == null || lastDone.isBefore(night))) {
                Optional<Outcome> outcome = exclusive.runIfFree(ExclusiveJob.RETENTION, () -> runHoldingLock(night));
                // Skipped (another instance runs it now): try again at the next tick, in case that one dies.
                if (outcome.isPresent()) {
                    lastDone = night;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("The retention run failed; it is tried again next night", DatabaseFailures.redacted(e));
        }
    }

    /** What a round under the lock did: the night's removals, or none when the night had been run already. */
    private record Outcome(Optional<Map<RetentionKind, Map<String, Object>>> removed) {}

    /**
     * Runs the night's deletion unless an instance already has, or runs it now; what it removed, by kind (empty when
     * not run).
     */
    public Optional<Map<RetentionKind, Map<String, Object>>> run(LocalDate night) {
        return exclusive.runIfFree(ExclusiveJob.RETENTION, () -> runHoldingLock(night)).flatMap(Outcome::removed);
    }

    private Outcome runHoldingLock(LocalDate night) {
        Instant started = clock.instant();
        // Under the lock, a claim is new, or one whose instance died before finishing it (RetentionDao.claim).
        Optional<Long> claimed = jdbi.withExtension(RetentionDao.class, dao -> dao.claim(night, started));
        if (claimed.isEmpty()) {
            return new Outcome(Optional.empty());
        }
        Map<RetentionKind, Map<String, Object>> removed = new LinkedHashMap<>();
        Map<RetentionKind, Integer> days = new LinkedHashMap<>();
        settings.current().forEach(s -> days.put(s.kind(), s.days()));
        for (RetentionKind kind : ORDER) {
            Instant cutoff = started.minus(Duration.ofDays(days.get(kind)));
            Map<String, Object> outcome = new LinkedHashMap<>();
            outcome.put("days", days.get(kind));
            outcome.put("before", cutoff.toString());
            try {
                outcome.put("removed", erasers.get(kind).eraseBefore(cutoff));
            } catch (RuntimeException e) {
                LOG.warn("Retention of {} failed", kind, DatabaseFailures.redacted(e));
                outcome.put("error", String.valueOf(e.getMessage()));
            }
            removed.put(kind, outcome);
        }
        String text;
        try {
            text = json.writeValueAsString(removed);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        jdbi.useExtension(RetentionDao.class, dao -> dao.finished(claimed.get(), clock.instant(), text));
        audit.record("retention", null, null, "retention.run", "retention_run", claimed.get(), removed);
        LOG.info("Retention run of {}: {}", night, text);
        return new Outcome(Optional.of(removed));
    }
}
