package vn.onduty.server.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a round of a periodic {@link ExclusiveJob} only on the instance that holds the job's PostgreSQL advisory lock:
 * the round opens a connection of its own (never the pool's), takes {@code pg_try_advisory_lock(4016, job)} on it,
 * does its work on the pool as before, and closes the connection. An instance that does not get the lock skips that
 * round; another instance is doing it.
 *
 * <p>Why a session lock on a connection of its own, and not {@code pg_try_advisory_xact_lock} in the job's
 * transaction: most of these jobs run many transactions (the retention run deletes in batches, the attendance
 * refresh recomputes in groups on several connections), and a pooled connection handed back while a session lock
 * is still on it would keep the lock for as long as the pool keeps the connection. A connection of its own is closed
 * after each round, and closing it releases the lock whatever happened.
 *
 * <p>When the instance holding a job dies, its connection ends with it and PostgreSQL releases the lock: the next
 * round on any other instance takes it. (A host that vanishes without closing its sockets is noticed by the TCP
 * keepalives PostgreSQL sets, {@code tcp_keepalives_idle}, two hours by default on Linux: set it lower on the
 * database server, e.g. 60 s, for a quicker hand-over.) When the database cannot be reached the round is skipped
 * with a log line, as the job itself would have failed.
 */
public final class ExclusiveJobs {

    private static final Logger LOG = LoggerFactory.getLogger(ExclusiveJobs.class);

    /** Opens a connection to the server's database, not from the pool: it holds the lock for one round, then closes. */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private final ConnectionSource connections;
    private final Map<ExclusiveJob, AtomicLong> run = new EnumMap<>(ExclusiveJob.class);
    private final Map<ExclusiveJob, AtomicLong> skipped = new EnumMap<>(ExclusiveJob.class);

    public ExclusiveJobs(ConnectionSource connections) {
        this.connections = connections;
        for (ExclusiveJob job : ExclusiveJob.values()) {
            run.put(job, new AtomicLong());
            skipped.put(job, new AtomicLong());
        }
    }

    /**
     * Runs {@code round} if no other instance (nor another thread here) runs this job now, holding its lock until
     * the round returns; what it returned, or empty when the round was skipped. A failure of the round is thrown, as
     * without the lock; the lock is released either way.
     */
    public <T> Optional<T> runIfFree(ExclusiveJob job, Supplier<T> round) {
        Connection connection;
        try {
            connection = connections.open();
        } catch (SQLException | RuntimeException e) {
            skipped.get(job).incrementAndGet();
            LOG.warn("Skipped this round of {}: could not connect to the database to take its lock", job.jobName(),
                    DatabaseFailures.redacted(e));
            return Optional.empty();
        }
        try (connection) {
            if (!call(connection, "select pg_try_advisory_lock(?, ?)", job)) {
                skipped.get(job).incrementAndGet();
                LOG.debug("Skipped this round of {}: another instance runs it", job.jobName());
                return Optional.empty();
            }
            run.get(job).incrementAndGet();
            try {
                return Optional.of(Objects.requireNonNull(round.get(), "a round returns what it did"));
            } finally {
                unlock(connection, job);
            }
        } catch (SQLException e) {
            skipped.get(job).incrementAndGet();
            LOG.warn("Skipped this round of {}: its lock could not be taken", job.jobName(), DatabaseFailures.redacted(e));
            return Optional.empty();
        }
    }

    /** {@link #runIfFree(ExclusiveJob, Supplier)} for a round that returns nothing: whether it ran. */
    public boolean runIfFree(ExclusiveJob job, Runnable round) {
        return runIfFree(job, () -> {
            round.run();
            return Boolean.TRUE;
        }).isPresent();
    }

    /** Rounds this instance ran, per job, since it started: which instance does the work shows in the metrics. */
    public Map<String, Long> roundsRun() {
        return counts(run);
    }

    /** Rounds this instance skipped because another held the job (or the database could not be reached). */
    public Map<String, Long> roundsSkipped() {
        return counts(skipped);
    }

    public long roundsRun(ExclusiveJob job) {
        return run.get(job).get();
    }

    public long roundsSkipped(ExclusiveJob job) {
        return skipped.get(job).get();
    }

    private static Map<String, Long> counts(Map<ExclusiveJob, AtomicLong> counters) {
        Map<String, Long> out = new LinkedHashMap<>();
        counters.forEach((job, n) -> out.put(job.jobName(), n.get()));
        return out;
    }

    /** Closing the connection releases the lock anyway; this only says so sooner. */
    private static void unlock(Connection connection, ExclusiveJob job) {
        try {
            call(connection, "select pg_advisory_unlock(?, ?)", job);
        } catch (SQLException e) {
            LOG.debug("Could not release the lock of {}; closing its connection does", job.jobName(), e);
        }
    }

    private static boolean call(Connection connection, String sql, ExclusiveJob job) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            st.setInt(1, ExclusiveJob.LOCK_NAMESPACE);
            st.setInt(2, job.lockId());
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
