package vn.onduty.server.db;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the read-only month reports read: the PostgreSQL streaming replica named by {@code database.readUrl} when
 * there is one and it answers, else the primary. Each read says where it came from and, from the replica, how far
 * behind the primary it was ({@link From}), for the page to state.
 *
 * <p>What may read here: reports that write nothing and need not see a write of their own. A report whose request
 * has just written what it reads (attendance it brought up to date before reading it) reads the primary that once
 * ({@link #read(boolean, Function)}): the replica may not have replayed that write yet.
 *
 * <p>When the replica fails (down, refusing the login, a query cancelled by a conflict with recovery), the report is
 * read again from the primary, with one log line, and the replica is left alone for {@link #RETRY_AFTER} so that
 * reports do not each wait for a dead host's connection timeout; then it is tried again.
 */
public final class ReplicaReads {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaReads.class);
    static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    /**
     * Whether the replica is caught up (it has replayed everything it received and is still receiving; or it is no
     * standby at all: a promoted replica, or the primary named by mistake), and how far behind the primary it is in
     * seconds: 0 when caught up, else the time since the last transaction it replayed was committed on the primary
     * (null when it has replayed none yet). The lag of a replica that stopped receiving grows with the time since.
     */
    static final String LAG = """
            select caught_up, case when caught_up then 0
                                   else extract(epoch from now() - pg_last_xact_replay_timestamp()) end as lag
              from (select not pg_is_in_recovery()
                           or (exists (select 1 from pg_stat_wal_receiver)
                               and pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()) as caught_up) s
            """;

    /** The replica's state as {@link #LAG} reads it. */
    public record Lag(boolean caughtUp, Double seconds) {}

    /** Where a read came from. */
    public enum Source {
        /** No replica configured: the primary, as always. */
        PRIMARY,
        /** The replica, {@link From#lagSeconds} behind. */
        REPLICA,
        /** A replica is configured but did not answer (or this request had just written): the primary instead. */
        PRIMARY_INSTEAD
    }

    /** The response header that tells an API client where a report was read ({@link From#header()}). */
    public static final String HEADER = "X-OnDuty-Read-From";

    /** Where a read came from, and the replica's lag then (null unless from the replica). */
    public record From(Source source, Lag lag) {

        public static final From PRIMARY = new From(Source.PRIMARY, null);

        /** Whether the page should say where its figures come from: a replica is in use. */
        public boolean stated() {
            return source != Source.PRIMARY;
        }

        public boolean replica() {
            return source == Source.REPLICA;
        }

        /** Caught up: the replica had replayed all it had been sent. */
        public boolean caughtUp() {
            return replica() && lag.caughtUp();
        }

        /** Behind by less than a second (or by an unknown time: it has replayed nothing yet). */
        public boolean underASecond() {
            return lag == null || lag.seconds() == null || lag.seconds() < 1;
        }

        /** The lag in whole seconds, for the page. */
        public long lagWholeSeconds() {
            return lag == null || lag.seconds() == null ? 0 : Math.round(lag.seconds());
        }

        /**
         * The same for an API client, in the {@link #HEADER} response header: {@code primary}, {@code replica; caught-up}
         * or {@code replica; lag=2.4} (seconds behind the primary when the report was read).
         */
        public String header() {
            if (!replica()) {
                return "primary";
            }
            if (caughtUp()) {
                return "replica; caught-up";
            }
            return lag.seconds() == null ? "replica; lag=unknown"
                    : String.format(java.util.Locale.ROOT, "replica; lag=%.1f", lag.seconds());
        }
    }

    /** A report's value and where it was read. */
    public record Read<T>(T value, From from) {}

    private final Jdbi primary;
    private final Jdbi replica;
    private final Clock clock;
    private volatile Instant leftAloneUntil = Instant.MIN;

    private ReplicaReads(Jdbi primary, Jdbi replica, Clock clock) {
        this.primary = primary;
        this.replica = replica;
        this.clock = clock;
    }

    /** Reports read the primary: no replica configured. */
    public static ReplicaReads primaryOnly(Jdbi primary) {
        return new ReplicaReads(primary, null, Clock.systemUTC());
    }

    /** Reports read {@code replica} (a Jdbi on the {@code database.readUrl} pool), the primary when it fails. */
    public static ReplicaReads withReplica(Jdbi primary, Jdbi replica, Clock clock) {
        return new ReplicaReads(primary, replica, clock);
    }

    public boolean hasReplica() {
        return replica != null;
    }

    /** Reads a report from the replica when there is one and it answers, else from the primary. */
    public <T> Read<T> read(Function<Jdbi, T> report) {
        return read(false, report);
    }

    /**
     * {@link #read(Function)}, unless {@code afterOwnWrite}: this request has just written what the report reads, and
     * reads it from the primary.
     */
    public <T> Read<T> read(boolean afterOwnWrite, Function<Jdbi, T> report) {
        if (replica == null) {
            return new Read<>(report.apply(primary), From.PRIMARY);
        }
        if (afterOwnWrite || clock.instant().isBefore(leftAloneUntil)) {
            return new Read<>(report.apply(primary), new From(Source.PRIMARY_INSTEAD, null));
        }
        Lag lag;
        T value;
        try {
            lag = lag();
            value = report.apply(replica);
        } catch (JdbiException e) {
            leftAloneUntil = clock.instant().plus(RETRY_AFTER);
            LOG.warn("The replica (database.readUrl) failed a report, read from the primary instead; the replica is tried "
                    + "again in {} s: {}", RETRY_AFTER.toSeconds(), DatabaseFailures.redacted(e).getMessage());
            return new Read<>(report.apply(primary), new From(Source.PRIMARY_INSTEAD, null));
        }
        return new Read<>(value, new From(Source.REPLICA, lag));
    }

    /** The replica's lag in seconds now (empty without a replica; throws when it cannot be reached): for the metrics. */
    public Optional<Double> lagSeconds() {
        return replica == null ? Optional.empty() : Optional.ofNullable(lag().seconds());
    }

    private Lag lag() {
        return replica.withHandle(h -> h.createQuery(LAG)
                .map((rs, ctx) -> new Lag(rs.getBoolean("caught_up"), rs.getObject("lag") == null ? null : rs.getDouble("lag")))
                .one());
    }
}
