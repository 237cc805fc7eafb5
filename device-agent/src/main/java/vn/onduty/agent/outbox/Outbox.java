package vn.onduty.agent.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.sqlite.SQLiteConfig;

/**
 * The agent's durable queue of events on their way to the server: a SQLite file that survives
 * crashes, power cuts and days offline.
 *
 * <p>Every event gets the next sequence number of its stream in the same transaction that stores it,
 * so numbers are gapless, never reused and survive restarts; {@link #emit} returns only after that
 * transaction is committed and fsync'ed. An event leaves the outbox only when the server has
 * acknowledged it ({@link #acknowledge}) or refused it as invalid ({@link #reject}, which keeps it in
 * a separate table).
 *
 * <p>All access goes through one connection guarded by a lock: emits are a few per second at most, and
 * one connection means no {@code SQLITE_BUSY} between our own threads. Several emitting threads and
 * one uploader thread may use it concurrently.
 */
public final class Outbox implements EventSink, AutoCloseable {

    /** The protocol's rule for stream names; checked here so a bad name fails at its source, not at upload. */
    private static final Pattern STREAM = Pattern.compile("[a-z0-9._-]{1,64}");
    private static final Set<String> ENVELOPE = Set.of("stream", "seq", "type", "at");
    private static final int SCHEMA_VERSION = 1;
    private static final TypeReference<LinkedHashMap<String, Object>> FIELDS = new TypeReference<>() { };

    private final ObjectMapper json = new ObjectMapper();
    private final ReentrantLock lock = new ReentrantLock();
    /** Lets the uploader sleep until something is emitted instead of polling the file. */
    private final Object emitted = new Object();
    private long emitCount;
    private final Path file;
    private final Clock clock;
    private final Connection db;

    private Outbox(Path file, Connection db, Clock clock) {
        this.file = file;
        this.db = db;
        this.clock = clock;
    }

    public static Outbox open(Path file) {
        return open(file, Clock.systemUTC());
    }

    /**
     * Opens (creating when missing) the outbox at {@code file}. A file left behind by a killed process is
     * fine: SQLite replays its write-ahead log, keeping every committed event.
     */
    public static Outbox open(Path file, Clock clock) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            // In WAL mode NORMAL would skip the fsync at commit and can lose the last events on power loss;
            // FULL syncs the log at every commit, which is what "emit returned, so it is safe" needs.
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            config.setBusyTimeout(10_000);
            Connection db = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
            Outbox outbox = new Outbox(file, db, clock);
            try {
                outbox.migrate();
            } catch (OutboxException e) {
                db.close();
                throw new OutboxException("cannot open the outbox " + file.toAbsolutePath() + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
            return outbox;
        } catch (SQLException | IOException e) {
            throw new OutboxException("cannot open the outbox " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private void migrate() {
        write(() -> {
            try (Statement st = db.createStatement()) {
                int version;
                try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
                    version = rs.next() ? rs.getInt(1) : 0;
                }
                if (version > SCHEMA_VERSION) {
                    throw new SQLException("it was written by a newer agent (schema " + version
                            + ", this agent knows " + SCHEMA_VERSION + "); refusing to touch it");
                }
                // The counter lives apart from the events: once everything is acknowledged the event table
                // is empty, and numbering from max(seq) would hand out numbers the server already holds,
                // which it would then ignore as duplicates.
                st.execute("""
                        CREATE TABLE IF NOT EXISTS stream_seq (
                          stream   TEXT PRIMARY KEY,
                          last_seq INTEGER NOT NULL
                        )""");
                st.execute("""
                        CREATE TABLE IF NOT EXISTS event (
                          id     INTEGER PRIMARY KEY,
                          stream TEXT NOT NULL,
                          seq    INTEGER NOT NULL,
                          type   TEXT NOT NULL,
                          at     TEXT NOT NULL,
                          fields TEXT NOT NULL,
                          UNIQUE (stream, seq)
                        )""");
                st.execute("""
                        CREATE TABLE IF NOT EXISTS rejected (
                          id          INTEGER PRIMARY KEY,
                          stream      TEXT NOT NULL,
                          seq         INTEGER NOT NULL,
                          type        TEXT NOT NULL,
                          at          TEXT NOT NULL,
                          fields      TEXT NOT NULL,
                          reason      TEXT NOT NULL,
                          rejected_at TEXT NOT NULL,
                          UNIQUE (stream, seq)
                        )""");
                st.execute("PRAGMA user_version = " + SCHEMA_VERSION);
            }
            return null;
        });
    }

    /**
     * Stores the event with the next sequence number of its stream and returns that number once the
     * event is committed to disk.
     *
     * @throws IllegalArgumentException when the stream name breaks the protocol, the type is blank or a
     *                                  field would overwrite the envelope ({@code stream, seq, type, at})
     * @throws OutboxException          when the disk refuses the write; the event is then not stored
     */
    @Override
    public long emit(String stream, String type, Instant at, Map<String, Object> fields) {
        Objects.requireNonNull(at, "at");
        if (stream == null || !STREAM.matcher(stream).matches()) {
            throw new IllegalArgumentException("stream must be 1-64 characters [a-z0-9._-], got " + stream);
        }
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("type must not be blank");
        }
        Map<String, Object> extra = fields == null ? Map.of() : fields;
        for (String key : extra.keySet()) {
            if (ENVELOPE.contains(key)) {
                throw new IllegalArgumentException("field '" + key + "' is part of the event envelope");
            }
        }
        String fieldsJson = toJson(extra);
        long seq = write(() -> {
            long next;
            try (PreparedStatement counter = db.prepareStatement("""
                    INSERT INTO stream_seq (stream, last_seq) VALUES (?, 1)
                    ON CONFLICT (stream) DO UPDATE SET last_seq = last_seq + 1
                    RETURNING last_seq""")) {
                counter.setString(1, stream);
                try (ResultSet rs = counter.executeQuery()) {
                    rs.next();
                    next = rs.getLong(1);
                }
            }
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO event (stream, seq, type, at, fields) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, stream);
                insert.setLong(2, next);
                insert.setString(3, type);
                insert.setString(4, at.toString());
                insert.setString(5, fieldsJson);
                insert.executeUpdate();
            }
            return next;
        });
        synchronized (emitted) {
            emitCount++;
            emitted.notifyAll();
        }
        return seq;
    }

    /** Up to {@code max} events still to deliver, oldest first. */
    public List<OutboxEvent> pending(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, got " + max);
        }
        return read(() -> {
            try (PreparedStatement st = db.prepareStatement(
                    "SELECT stream, seq, type, at, fields FROM event ORDER BY id LIMIT ?")) {
                st.setInt(1, max);
                List<OutboxEvent> events = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        events.add(eventAt(rs));
                    }
                }
                return events;
            }
        });
    }

    public long pendingCount() {
        return count("SELECT count(*) FROM event");
    }

    /**
     * Blocks until at least one event is pending, or {@code timeout} passes.
     *
     * @return whether events are (or may well be) pending
     */
    public boolean awaitPending(Duration timeout) throws InterruptedException {
        long before;
        synchronized (emitted) {
            before = emitCount;
        }
        // An emit after this count bumps emitCount, so the wait below cannot miss it.
        if (pendingCount() > 0) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (emitted) {
            while (emitCount == before) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                emitted.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** The last sequence number given out in {@code stream}, 0 when none; acknowledging events does not lower it. */
    public long lastSeq(String stream) {
        return read(() -> {
            try (PreparedStatement st = db.prepareStatement("SELECT last_seq FROM stream_seq WHERE stream = ?")) {
                st.setString(1, stream);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    /** Drops exactly these events, which the server has stored. @return how many were still pending */
    public int acknowledge(Collection<OutboxEvent> events) {
        Map<String, List<Long>> byStream = new LinkedHashMap<>();
        for (OutboxEvent event : events) {
            byStream.computeIfAbsent(event.stream(), s -> new ArrayList<>()).add(event.seq());
        }
        return acknowledge(byStream);
    }

    /** Drops exactly the events with these sequence numbers, per stream. @return how many were still pending */
    public int acknowledge(Map<String, ? extends Collection<Long>> seqsByStream) {
        return write(() -> {
            try (PreparedStatement st = db.prepareStatement("DELETE FROM event WHERE stream = ? AND seq = ?")) {
                for (Map.Entry<String, ? extends Collection<Long>> stream : seqsByStream.entrySet()) {
                    for (long seq : stream.getValue()) {
                        st.setString(1, stream.getKey());
                        st.setLong(2, seq);
                        st.addBatch();
                    }
                }
                int removed = 0;
                for (int n : st.executeBatch()) {
                    removed += Math.max(n, 0);
                }
                return removed;
            }
        });
    }

    /**
     * Moves a pending event to the rejected table in one transaction, so a refused event is never both
     * queued and set aside, nor neither.
     *
     * @return false when the event was no longer pending
     */
    public boolean reject(OutboxEvent event, String reason) {
        return write(() -> {
            try (PreparedStatement copy = db.prepareStatement("""
                         INSERT INTO rejected (stream, seq, type, at, fields, reason, rejected_at)
                         SELECT stream, seq, type, at, fields, ?, ? FROM event WHERE stream = ? AND seq = ?""");
                 PreparedStatement delete = db.prepareStatement("DELETE FROM event WHERE stream = ? AND seq = ?")) {
                copy.setString(1, reason);
                copy.setString(2, clock.instant().toString());
                copy.setString(3, event.stream());
                copy.setLong(4, event.seq());
                int moved = copy.executeUpdate();
                delete.setString(1, event.stream());
                delete.setLong(2, event.seq());
                delete.executeUpdate();
                return moved == 1;
            }
        });
    }

    /** The events set aside so far, oldest first. */
    public List<RejectedEvent> rejected(int max) {
        return read(() -> {
            try (PreparedStatement st = db.prepareStatement(
                    "SELECT stream, seq, type, at, fields, reason, rejected_at FROM rejected ORDER BY id LIMIT ?")) {
                st.setInt(1, max);
                List<RejectedEvent> events = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        events.add(new RejectedEvent(eventAt(rs), rs.getString("reason"),
                                Instant.parse(rs.getString("rejected_at"))));
                    }
                }
                return events;
            }
        });
    }

    public long rejectedCount() {
        return count("SELECT count(*) FROM rejected");
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            db.close();
        } catch (SQLException e) {
            throw new OutboxException("cannot close the outbox " + file + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private long count(String sql) {
        return read(() -> {
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private OutboxEvent eventAt(ResultSet rs) throws SQLException {
        try {
            return new OutboxEvent(rs.getString("stream"), rs.getLong("seq"), rs.getString("type"),
                    Instant.parse(rs.getString("at")), json.readValue(rs.getString("fields"), FIELDS));
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable fields of event " + rs.getString("stream") + "#" + rs.getLong("seq"), e);
        }
    }

    private String toJson(Map<String, Object> fields) {
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("fields cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs a single-statement read; SQLite gives it a consistent snapshot of its own. */
    private <T> T read(Work<T> work) {
        lock.lock();
        try {
            return work.run();
        } catch (SQLException e) {
            throw new OutboxException("outbox " + file + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code work} as one transaction that has all of it or none of it. {@code BEGIN IMMEDIATE} takes
     * the write lock up front, so another process on the same file waits instead of failing half-way.
     */
    private <T> T write(Work<T> work) {
        lock.lock();
        try (Statement tx = db.createStatement()) {
            tx.execute("BEGIN IMMEDIATE");
            try {
                T result = work.run();
                tx.execute("COMMIT");
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    tx.execute("ROLLBACK");
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new OutboxException("outbox " + file + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** The outbox file could not be read or written. */
    public static final class OutboxException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutboxException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
